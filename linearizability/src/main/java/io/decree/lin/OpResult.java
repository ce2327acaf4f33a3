package io.decree.lin;

/**
 * The response of a {@link KvOp} or {@link RegisterOp}.
 *
 * <ul>
 *   <li>{@link Ack}: the write was applied, nothing observed (a {@code put} or {@code delete} that does not return
 *       the previous value);</li>
 *   <li>{@link Value}: an observed value, null meaning "absent" (the result of {@code get}, or the previous value
 *       returned by {@code put}/{@code delete});</li>
 *   <li>{@link Swapped}: whether a compare-and-set took effect.</li>
 * </ul>
 */
public sealed interface OpResult<V> {

    record Ack<V>() implements OpResult<V> {
        @Override
        public String toString() {
            return "ok";
        }
    }

    record Value<V>(V value) implements OpResult<V> {
        @Override
        public String toString() {
            return value == null ? "absent" : String.valueOf(value);
        }
    }

    record Swapped<V>(boolean swapped) implements OpResult<V> {
        @Override
        public String toString() {
            return String.valueOf(swapped);
        }
    }

    static <V> OpResult<V> ack() {
        return new Ack<>();
    }

    /** An observed value; null means absent. */
    static <V> OpResult<V> value(V value) {
        return new Value<>(value);
    }

    static <V> OpResult<V> absent() {
        return new Value<>(null);
    }

    static <V> OpResult<V> swapped(boolean swapped) {
        return new Swapped<>(swapped);
    }
}
