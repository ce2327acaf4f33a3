package io.decree.engine.protocol;

import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Values by slot, without boxing: an Agrona {@link Long2ObjectHashMap} (open addressing over a {@code long[]}
 * of keys, no entry objects) plus the lowest and highest slot held. It replaces the {@code TreeMap<Long, ...>}
 * the learner, acceptor and proposer kept, which allocated a boxed key and an entry per slot: on the steady
 * path (a put per slot, gets, and removals at the low end as slots are chosen or compacted) this allocates
 * nothing once the table has grown to the working set, since Agrona's map keeps its capacity after removals.
 *
 * <p>What a sorted map gave and this keeps: {@link #firstKey()} and {@link #lastKey()} in O(1) (the JML
 * invariants read them), and slot order where order matters ({@link #forEachInOrder}). Removal of the lowest
 * slot finds the next one by stepping up when the slots are dense (the pipeline window, the learned prefix)
 * and by a scan of the keys when they are sparse (an acceptor's votes after a long absence), so neither case
 * costs more than the other's pathological one. Iterating in slot order steps through {@code [first, last]}
 * the same way, or sorts the keys when sparse (a 1b, a test's observer: not the steady path).
 *
 * <p>Single-threaded, like the replica. Slots are non-negative.
 */
final class SlotMap<V> {
    private final Long2ObjectHashMap<V> map = new Long2ObjectHashMap<>();
    /** Lowest and highest slot held; meaningless while empty. */
    private long first, last;

    boolean isEmpty() { return map.isEmpty(); }

    int size() { return map.size(); }

    V get(long slot) { return map.get(slot); }

    boolean containsKey(long slot) { return map.containsKey(slot); }

    /** The lowest slot held; throws if empty (as {@code TreeMap.firstKey} did). */
    long firstKey() {
        if (map.isEmpty()) throw new NoSuchElementException("no slot held");
        return first;
    }

    /** The highest slot held; throws if empty. */
    long lastKey() {
        if (map.isEmpty()) throw new NoSuchElementException("no slot held");
        return last;
    }

    /** Holds {@code value} at {@code slot}; returns what was there, or null. */
    V put(long slot, V value) {
        assert slot >= 0 && value != null : "slot " + slot + ", value " + value;
        if (map.isEmpty()) first = last = slot;
        else {
            first = Math.min(first, slot);
            last = Math.max(last, slot);
        }
        return map.put(slot, value);
    }

    /** Removes {@code slot}; returns what was there, or null. */
    V remove(long slot) {
        V removed = map.remove(slot);
        if (removed != null && !map.isEmpty()) {
            if (slot == first) first = nextHeld(slot + 1);
            else if (slot == last) last = previousHeld(slot - 1);
        }
        return removed;
    }

    /** Removes every slot below {@code slot}, handing each removed value to {@code removed} (may be null). */
    void removeBelow(long slot, Consumer<V> removed) {
        if (map.isEmpty() || first >= slot) return;
        if (last < slot) {
            if (removed != null) map.values().forEach(removed);
            map.clear();
            return;
        }
        if (dense(first, slot)) {
            for (long s = first; s < slot; s++) {
                V v = map.remove(s);
                if (v != null && removed != null) removed.accept(v);
            }
        } else {
            for (Long2ObjectHashMap<V>.EntryIterator it = map.entrySet().iterator(); it.hasNext(); ) {
                it.next();
                if (it.getLongKey() < slot) {
                    if (removed != null) removed.accept(it.getValue());
                    it.remove();
                }
            }
        }
        first = nextHeld(slot);
    }

    void clear() { map.clear(); }

    /** Calls {@code action} with each slot and value in ascending slot order. */
    void forEachInOrder(SlotConsumer<V> action) {
        if (map.isEmpty()) return;
        if (dense(first, last + 1)) {
            for (long s = first; s <= last; s++) {
                V v = map.get(s);
                if (v != null) action.accept(s, v);
            }
            return;
        }
        long[] slots = new long[map.size()];
        int n = 0;
        for (Long2ObjectHashMap<V>.KeyIterator it = map.keySet().iterator(); it.hasNext(); ) slots[n++] = it.nextLong();
        java.util.Arrays.sort(slots);
        for (long s : slots) action.accept(s, map.get(s));
    }

    /** A slot and its value. */
    interface SlotConsumer<V> { void accept(long slot, V value); }

    /** Stepping through {@code [from, to)} costs about as much as a pass over the keys, or less. */
    private boolean dense(long from, long to) { return to - from <= 4L * map.size() + 64; }

    /** The lowest slot held at or above {@code from} (the map is not empty, and holds one there). */
    private long nextHeld(long from) {
        if (dense(from, last + 1)) {
            for (long s = from; s <= last; s++) if (map.containsKey(s)) return s;
        }
        long min = Long.MAX_VALUE;
        for (Long2ObjectHashMap<V>.KeyIterator it = map.keySet().iterator(); it.hasNext(); ) min = Math.min(min, it.nextLong());
        return min;
    }

    /** The highest slot held at or below {@code from} (the map is not empty, and holds one there). */
    private long previousHeld(long from) {
        if (dense(first, from + 1)) {
            for (long s = from; s >= first; s--) if (map.containsKey(s)) return s;
        }
        long max = Long.MIN_VALUE;
        for (Long2ObjectHashMap<V>.KeyIterator it = map.keySet().iterator(); it.hasNext(); ) max = Math.max(max, it.nextLong());
        return max;
    }
}
