package io.decree.lin;

import java.util.Objects;

/** An operation on a key-value map, checked by {@link KvModel}. Values are never null; null means "absent". */
public sealed interface KvOp<K, V> {

    K key();

    /** Sets {@code key} to {@code value}; responds {@link OpResult.Ack} or the previous value. */
    record Put<K, V>(K key, V value) implements KvOp<K, V> {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "put(" + key + ", " + value + ")";
        }
    }

    /** Reads {@code key}; responds the value, or absent. */
    record Get<K, V>(K key) implements KvOp<K, V> {
        public Get {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "get(" + key + ")";
        }
    }

    /** Removes {@code key}; responds {@link OpResult.Ack} or the previous value. */
    record Delete<K, V>(K key) implements KvOp<K, V> {
        public Delete {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "delete(" + key + ")";
        }
    }

    /** Sets {@code key} to {@code update} if it holds {@code expected} (null: if absent); responds swapped or not. */
    record Cas<K, V>(K key, V expected, V update) implements KvOp<K, V> {
        public Cas {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(update, "update");
        }

        @Override
        public String toString() {
            return "cas(" + key + ", " + (expected == null ? "absent" : expected) + ", " + update + ")";
        }
    }

    static <K, V> KvOp<K, V> put(K key, V value) {
        return new Put<>(key, value);
    }

    static <K, V> KvOp<K, V> get(K key) {
        return new Get<>(key);
    }

    static <K, V> KvOp<K, V> delete(K key) {
        return new Delete<>(key);
    }

    static <K, V> KvOp<K, V> cas(K key, V expected, V update) {
        return new Cas<>(key, expected, update);
    }
}
