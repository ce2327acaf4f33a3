package io.decree.spec;

/**
 * The set of 64-bit fingerprints of every state the model checker has seen: open addressing with linear
 * probing in one {@code long[]} (0 marks an empty slot; {@link StateCodec#fingerprint} is never 0), at most
 * 3/4 full. About 11-21 bytes per state, against the 100+ of a hash map of state objects, and one cache line per
 * lookup. Only the merging thread writes; workers read it only while no merge runs (the checker's levels and
 * blocks make that so), hence no synchronisation.
 */
final class FingerprintSet {
    private long[] slots = new long[1 << 16];
    private int size;

    boolean contains(long fp) {
        long[] s = slots;
        int mask = s.length - 1;
        for (int i = spread(fp) & mask; ; i = (i + 1) & mask) {
            long x = s[i];
            if (x == fp) {
                return true;
            }
            if (x == 0) {
                return false;
            }
        }
    }

    /** Adds fp; false if it was there. */
    boolean add(long fp) {
        if (4L * (size + 1) > 3L * slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = spread(fp) & mask; ; i = (i + 1) & mask) {
            long x = slots[i];
            if (x == fp) {
                return false;
            }
            if (x == 0) {
                slots[i] = fp;
                size++;
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        if (slots.length >= 1 << 30) {
            throw new IllegalStateException("more than 800 million states: the fingerprint set is full");
        }
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long fp : old) {
            if (fp != 0) {
                int i = spread(fp) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = fp;
            }
        }
    }

    /** The fingerprint's high bits pick the slot (its low bits are as good, but this keeps the two independent). */
    private static int spread(long fp) {
        return (int) (fp >>> 32) ^ (int) fp;
    }
}
