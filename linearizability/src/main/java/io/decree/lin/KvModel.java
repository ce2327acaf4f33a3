package io.decree.lin;

import java.util.Objects;
import java.util.Optional;

/**
 * A linearizable key-value map: {@code put(k, v)} (responds ok or the previous value), {@code get(k)} (the value or
 * absent), {@code delete(k)} (ok or the previous value), {@code cas(k, expected, new)} (swapped or not).
 *
 * <p>Keys are independent objects, so the model partitions histories by key (P-compositionality): each key is
 * checked on its own, which is what makes long histories tractable.
 */
public final class KvModel<K, V> implements Model<KvState<K, V>, KvOp<K, V>, OpResult<V>> {

    @Override
    public KvState<K, V> init() {
        return KvState.empty();
    }

    @Override
    public Optional<KvState<K, V>> step(KvState<K, V> state, KvOp<K, V> input, OpResult<V> output) {
        V current = state.get(input.key());
        boolean legal = switch (input) {
            case KvOp.Put<K, V> p -> observesPrevious(output, current);
            case KvOp.Get<K, V> g -> output instanceof OpResult.Value<V>(V seen) && Objects.equals(seen, current);
            case KvOp.Delete<K, V> d -> observesPrevious(output, current);
            case KvOp.Cas<K, V> c -> output instanceof OpResult.Swapped<V>(boolean swapped)
                    && swapped == Objects.equals(current, c.expected());
        };
        return legal ? Optional.of(apply(state, input, current)) : Optional.empty();
    }

    @Override
    public Optional<KvState<K, V>> stepUnknown(KvState<K, V> state, KvOp<K, V> input) {
        return Optional.of(apply(state, input, state.get(input.key())));
    }

    @Override
    public Object partitionKey(KvOp<K, V> input) {
        return input.key();
    }

    @Override
    public boolean isReadOnly(KvOp<K, V> input) {
        return input instanceof KvOp.Get<K, V>;
    }

    /** A write's response is either a bare acknowledgement or the value it replaced. */
    private static <V> boolean observesPrevious(OpResult<V> output, V current) {
        return output instanceof OpResult.Ack<V>
                || (output instanceof OpResult.Value<V>(V previous) && Objects.equals(previous, current));
    }

    private static <K, V> KvState<K, V> apply(KvState<K, V> state, KvOp<K, V> input, V current) {
        return switch (input) {
            case KvOp.Put<K, V> p -> state.with(p.key(), p.value());
            case KvOp.Get<K, V> g -> state;
            case KvOp.Delete<K, V> d -> state.without(d.key());
            case KvOp.Cas<K, V> c -> Objects.equals(current, c.expected()) ? state.with(c.key(), c.update()) : state;
        };
    }
}
