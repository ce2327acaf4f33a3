package io.decree.lin;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable key-value map, the state of {@link KvModel}. Its hash is computed once: the checker hashes states on
 * every step it memoises. Copy-on-write is cheap in practice because the checker partitions a key-value history by
 * key, so each sub-history's state holds at most one entry.
 */
public final class KvState<K, V> {

    private static final KvState<?, ?> EMPTY = new KvState<>(Map.of());

    private final Map<K, V> entries;
    private final int hash;

    private KvState(Map<K, V> entries) {
        this.entries = entries;
        this.hash = entries.hashCode();
    }

    @SuppressWarnings("unchecked")
    public static <K, V> KvState<K, V> empty() {
        return (KvState<K, V>) EMPTY;
    }

    /** The value of {@code key}, or null if absent. */
    public V get(K key) {
        return entries.get(key);
    }

    public KvState<K, V> with(K key, V value) {
        Objects.requireNonNull(value, "value");
        if (value.equals(entries.get(key))) {
            return this;
        }
        if (entries.isEmpty() || (entries.size() == 1 && entries.containsKey(key))) {
            return new KvState<>(Map.of(key, value)); // the common case: a per-key partition
        }
        Map<K, V> copy = new HashMap<>(entries);
        copy.put(key, value);
        return new KvState<>(Map.copyOf(copy));
    }

    public KvState<K, V> without(K key) {
        if (!entries.containsKey(key)) {
            return this;
        }
        Map<K, V> copy = new HashMap<>(entries);
        copy.remove(key);
        return copy.isEmpty() ? empty() : new KvState<>(Map.copyOf(copy));
    }

    public int size() {
        return entries.size();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof KvState<?, ?> other && hash == other.hash && entries.equals(other.entries));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return new java.util.TreeMap<>(entries.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()))))
                .toString();
    }
}
