package io.decree.lin;

import java.util.Objects;
import java.util.Optional;

/**
 * A single linearizable register: {@code read}, {@code write}, {@code cas}. The state is the current value, held in
 * a {@link Cell} so that "never written" (null) is a value too.
 */
public final class RegisterModel<V> implements Model<RegisterModel.Cell<V>, RegisterOp<V>, OpResult<V>> {

    /** The register's content; {@code value} is null before the first write. */
    public record Cell<V>(V value) {
        @Override
        public String toString() {
            return value == null ? "empty" : String.valueOf(value);
        }
    }

    private final Cell<V> init;

    /** A register that starts empty (reads return absent). */
    public RegisterModel() {
        this(null);
    }

    /** A register that starts holding {@code initial} (null: empty). */
    public RegisterModel(V initial) {
        this.init = new Cell<>(initial);
    }

    @Override
    public Cell<V> init() {
        return init;
    }

    @Override
    public Optional<Cell<V>> step(Cell<V> state, RegisterOp<V> input, OpResult<V> output) {
        boolean legal = switch (input) {
            case RegisterOp.Read<V> r -> output instanceof OpResult.Value<V>(V seen) && Objects.equals(seen, state.value());
            case RegisterOp.Write<V> w -> output instanceof OpResult.Ack<V>;
            case RegisterOp.Cas<V> c -> output instanceof OpResult.Swapped<V>(boolean swapped)
                    && swapped == Objects.equals(state.value(), c.expected());
        };
        return legal ? Optional.of(apply(state, input)) : Optional.empty();
    }

    @Override
    public Optional<Cell<V>> stepUnknown(Cell<V> state, RegisterOp<V> input) {
        return Optional.of(apply(state, input));
    }

    @Override
    public boolean isReadOnly(RegisterOp<V> input) {
        return input instanceof RegisterOp.Read<V>;
    }

    private Cell<V> apply(Cell<V> state, RegisterOp<V> input) {
        return switch (input) {
            case RegisterOp.Read<V> r -> state;
            case RegisterOp.Write<V> w -> new Cell<>(w.value());
            case RegisterOp.Cas<V> c -> Objects.equals(state.value(), c.expected()) ? new Cell<>(c.update()) : state;
        };
    }
}
