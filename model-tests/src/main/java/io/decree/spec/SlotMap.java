package io.decree.spec;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * An immutable map from slot (a positive {@code long}) to a value, kept as two sorted arrays. It stands for a
 * TLA+ function over {@code Slots} whose absent entries are {@code NoVote} / {@code None}: only the entries that
 * differ from that default are stored, so two maps are equal exactly when the TLA+ functions are. Small (a few
 * slots in a model; the engine's live window in replay), so copy-on-write is cheap.
 */
public final class SlotMap<V> {
    private static final SlotMap<?> EMPTY = new SlotMap<>(new long[0], new Object[0]);

    private final long[] slots;
    private final Object[] values;
    private final int hash;

    private SlotMap(long[] slots, Object[] values) {
        this.slots = slots;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(slots) + Arrays.hashCode(values);
    }

    @SuppressWarnings("unchecked")
    public static <V> SlotMap<V> empty() {
        return (SlotMap<V>) EMPTY;
    }

    public int size() {
        return slots.length;
    }

    public long slotAt(int i) {
        return slots[i];
    }

    @SuppressWarnings("unchecked")
    public V valueAt(int i) {
        return (V) values[i];
    }

    /** The entry for {@code slot}, or null (the TLA+ default). */
    @SuppressWarnings("unchecked")
    public V get(long slot) {
        int i = Arrays.binarySearch(slots, slot);
        return i >= 0 ? (V) values[i] : null;
    }

    /** This map with {@code slot} bound to {@code value} (non-null). */
    public SlotMap<V> with(long slot, V value) {
        int i = Arrays.binarySearch(slots, slot);
        if (i >= 0) {
            if (values[i].equals(value)) {
                return this;
            }
            Object[] nv = values.clone();
            nv[i] = value;
            return new SlotMap<>(slots, nv);
        }
        int at = -i - 1;
        long[] ns = new long[slots.length + 1];
        Object[] nv = new Object[slots.length + 1];
        System.arraycopy(slots, 0, ns, 0, at);
        System.arraycopy(values, 0, nv, 0, at);
        ns[at] = slot;
        nv[at] = value;
        System.arraycopy(slots, at, ns, at + 1, slots.length - at);
        System.arraycopy(values, at, nv, at + 1, slots.length - at);
        return new SlotMap<>(ns, nv);
    }

    /**
     * This map with slots 1..k taken from {@code source} (which must hold every one of them, as a learned
     * prefix does) and the slots above k kept; this map's own entries in 1..k are dropped.
     */
    public SlotMap<V> withPrefixOf(SlotMap<V> source, long k) {
        int fromSource = 0;
        while (fromSource < source.slots.length && source.slots[fromSource] <= k) {
            fromSource++;
        }
        if (fromSource != k) {
            throw new IllegalArgumentException("the source does not hold every slot of 1.." + k);
        }
        int keepFrom = 0;
        while (keepFrom < slots.length && slots[keepFrom] <= k) {
            keepFrom++;
        }
        int kept = slots.length - keepFrom;
        if (keepFrom == fromSource && Arrays.equals(slots, 0, keepFrom, source.slots, 0, fromSource)
                && Arrays.equals(values, 0, keepFrom, source.values, 0, fromSource)) {
            return this;
        }
        long[] ns = new long[fromSource + kept];
        Object[] nv = new Object[fromSource + kept];
        System.arraycopy(source.slots, 0, ns, 0, fromSource);
        System.arraycopy(source.values, 0, nv, 0, fromSource);
        System.arraycopy(slots, keepFrom, ns, fromSource, kept);
        System.arraycopy(values, keepFrom, nv, fromSource, kept);
        return new SlotMap<>(ns, nv);
    }

    /** The smallest slot >= 1 without an entry (TLA+ {@code FirstUnknown} when entries are learned values). */
    public long firstAbsent() {
        long expect = 1;
        for (long s : slots) {
            if (s != expect) {
                break;
            }
            expect++;
        }
        return expect;
    }

    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<Long, V> action) {
        for (int i = 0; i < slots.length; i++) {
            action.accept(slots[i], (V) values[i]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlotMap<?> m && m.hash == hash && Arrays.equals(slots, m.slots) && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < slots.length; i++) {
            sb.append(i > 0 ? " @@ " : "").append(slots[i]).append(" :> ").append(values[i]);
        }
        return sb.append(')').toString();
    }
}
