package io.decree.lin;

import java.util.Objects;

/** An operation on a single read/write register, checked by {@link RegisterModel}. Null means "never written". */
public sealed interface RegisterOp<V> {

    /** Responds the current value ({@link OpResult.Value}). */
    record Read<V>() implements RegisterOp<V> {
        @Override
        public String toString() {
            return "read()";
        }
    }

    /** Sets the value; responds {@link OpResult.Ack}. */
    record Write<V>(V value) implements RegisterOp<V> {
        public Write {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "write(" + value + ")";
        }
    }

    /** Sets the value to {@code update} if it is {@code expected}; responds {@link OpResult.Swapped}. */
    record Cas<V>(V expected, V update) implements RegisterOp<V> {
        public Cas {
            Objects.requireNonNull(update, "update");
        }

        @Override
        public String toString() {
            return "cas(" + expected + ", " + update + ")";
        }
    }

    static <V> RegisterOp<V> read() {
        return new Read<>();
    }

    static <V> RegisterOp<V> write(V value) {
        return new Write<>(value);
    }

    static <V> RegisterOp<V> cas(V expected, V update) {
        return new Cas<>(expected, update);
    }
}
