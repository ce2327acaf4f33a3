package io.decree.lin.jepsen;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A model of transactions over keys, as Knossos's {@code multi-register} and Elle's list-append tests write them:
 * {@code :f :txn}, {@code :value [[f k v] ...]} with micro-operations applied in order and atomically. The
 * invocation's reads carry nil; the completion's value is the same list with the observed values filled in. A read
 * whose value is nil constrains nothing (Knossos). A transaction on one key is partitioned by that key.
 */
abstract class TxnModel extends JepsenModel<Registers> {

    private final Set<String> microFunctions;

    TxnModel(String name, Set<String> microFunctions) {
        super(name, Set.of("txn"));
        this.microFunctions = microFunctions;
    }

    /**
     * Applies one micro-operation; {@code observed} is the read's value (null: unconstrained, or unknown outcome).
     *
     * @return the next state, or null when the observation is impossible
     */
    abstract Registers apply(Registers state, String f, Object key, Object value, boolean read);

    /** Whether the micro-operation function {@code f} only reads. */
    abstract boolean isRead(String f);

    @Override
    public Registers init() {
        return Registers.EMPTY;
    }

    @Override
    public Optional<Registers> step(Registers state, JepsenOp input, Object output) {
        return run(state, output == null ? (List<?>) input.value() : (List<?>) output, true);
    }

    @Override
    public Optional<Registers> stepUnknown(Registers state, JepsenOp input) {
        return run(state, (List<?>) input.value(), false);
    }

    private Optional<Registers> run(Registers state, List<?> micro, boolean observed) {
        Registers s = state;
        for (Object m : micro) {
            List<?> op = (List<?>) m;
            String f = Values.name(op.get(0));
            boolean read = isRead(f);
            s = apply(s, f, op.get(1), read && !observed ? null : op.get(2), read);
            if (s == null) {
                return Optional.empty();
            }
        }
        return Optional.of(s);
    }

    @Override
    public Object partitionKey(JepsenOp input) {
        Object key = null;
        for (Object m : (List<?>) input.value()) {
            Object k = ((List<?>) m).get(1);
            if (key != null && !key.equals(k)) {
                return null;
            }
            key = k;
        }
        return key;
    }

    @Override
    public boolean isReadOnly(JepsenOp input) {
        return ((List<?>) input.value()).stream().allMatch(m -> isRead(Values.name(((List<?>) m).get(0))));
    }

    @Override
    protected String malformedValue(JepsenOp input, Object output, boolean completed) {
        String problem = malformedTxn(input.value(), "the invocation's");
        if (problem == null && completed && output != null) {
            problem = malformedTxn(output, "the completion's");
            if (problem == null && ((List<?>) output).size() != ((List<?>) input.value()).size()) {
                problem = "the completion has " + ((List<?>) output).size() + " micro-operations, the invocation "
                        + ((List<?>) input.value()).size();
            }
        }
        return problem;
    }

    private String malformedTxn(Object value, String which) {
        if (!(value instanceof List<?> micro) || micro.isEmpty()) {
            return which + " value must be a non-empty list of [f key value], was " + Values.show(value);
        }
        for (Object m : micro) {
            if (!(m instanceof List<?> op) || op.size() != 3 || !microFunctions.contains(Values.name(op.get(0)))
                    || op.get(1) == null) {
                return which + " micro-operation " + Values.show(m) + " is not [f key value] with f one of :"
                        + String.join(", :", microFunctions.stream().sorted().toList());
            }
        }
        return null;
    }

    /** Knossos's multi-register: {@code [:read k v]} (v nil: unconstrained) and {@code [:write k v]}. */
    static final class MultiRegister extends TxnModel {
        MultiRegister() {
            super("multi-register", Set.of("read", "r", "write", "w"));
        }

        @Override
        boolean isRead(String f) {
            return f.equals("read") || f.equals("r");
        }

        @Override
        Registers apply(Registers state, String f, Object key, Object value, boolean read) {
            if (read) {
                return value == null || Objects.equals(value, state.get(key)) ? state : null;
            }
            return state.with(key, value);
        }
    }

    /**
     * Elle's list-append: {@code [:append k v]} appends v to the list at k; {@code [:r k [v ...]]} reads the whole
     * list (nil: unconstrained). A key never appended to reads as the empty list.
     */
    static final class ListAppend extends TxnModel {
        ListAppend() {
            super("append-kv", Set.of("append", "r", "read"));
        }

        @Override
        boolean isRead(String f) {
            return !f.equals("append");
        }

        @Override
        Registers apply(Registers state, String f, Object key, Object value, boolean read) {
            List<?> current = state.get(key) == null ? List.of() : (List<?>) state.get(key);
            if (read) {
                return value == null || (value instanceof List<?> seen && seen.equals(current)) ? state : null;
            }
            java.util.ArrayList<Object> appended = new java.util.ArrayList<>(current);
            appended.add(value);
            return state.with(key, java.util.Collections.unmodifiableList(appended));
        }
    }
}
