package io.decree.lin.jepsen;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Independent cas-registers, one per key, as Jepsen's {@code jepsen.independent} writes them: every value is a tuple
 * {@code [key v]} ({@code :read [k nil]} -> {@code [k 3]}, {@code :write [k 3]}, {@code :cas [k [old new]]}).
 * Keys are independent, so the checker checks each on its own (P-compositionality).
 */
public final class KvRegisterModel extends JepsenModel<Registers> {

    public KvRegisterModel() {
        super("kv", Set.of("read", "write", "cas"));
    }

    @Override
    public Registers init() {
        return Registers.EMPTY;
    }

    @Override
    public Optional<Registers> step(Registers state, JepsenOp input, Object output) {
        Object key = Values.pair(input.value()).get(0);
        Object current = state.get(key);
        return switch (input.f()) {
            case "read" -> {
                List<?> seen = Values.pair(output);
                Object value = seen == null ? null : seen.get(1);
                yield value == null || Objects.equals(value, current) ? Optional.of(state) : Optional.empty();
            }
            case "write" -> Optional.of(state.with(key, Values.pair(input.value()).get(1)));
            default -> {
                List<?> cas = Values.pair(Values.pair(input.value()).get(1));
                yield Objects.equals(current, cas.get(0)) ? Optional.of(state.with(key, cas.get(1))) : Optional.empty();
            }
        };
    }

    @Override
    public Optional<Registers> stepUnknown(Registers state, JepsenOp input) {
        return switch (input.f()) {
            case "read" -> Optional.of(state);
            case "write" -> step(state, input, null);
            default -> {
                Object key = Values.pair(input.value()).get(0);
                List<?> cas = Values.pair(Values.pair(input.value()).get(1));
                yield Optional.of(Objects.equals(state.get(key), cas.get(0)) ? state.with(key, cas.get(1)) : state);
            }
        };
    }

    @Override
    public Object partitionKey(JepsenOp input) {
        return Values.pair(input.value()).get(0);
    }

    @Override
    public boolean isReadOnly(JepsenOp input) {
        return input.f().equals("read");
    }

    @Override
    protected String malformedValue(JepsenOp input, Object output, boolean completed) {
        List<?> tuple = Values.pair(input.value());
        if (tuple == null || tuple.get(0) == null) {
            return "model kv needs values [key value], was " + Values.show(input.value());
        }
        if (input.f().equals("cas") && Values.pair(tuple.get(1)) == null) {
            return ":cas needs the value [key [old new]], was " + Values.show(input.value());
        }
        if (completed && input.f().equals("read") && output != null
                && (Values.pair(output) == null || !Objects.equals(Values.pair(output).get(0), tuple.get(0)))) {
            return "a read of key " + Values.show(tuple.get(0)) + " must complete with [key value], was "
                    + Values.show(output);
        }
        return null;
    }
}
