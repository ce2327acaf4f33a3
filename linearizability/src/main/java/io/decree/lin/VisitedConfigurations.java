package io.decree.lin;

/**
 * The search's memo: the configurations (linearized set, model state) already reached. Reaching one again means
 * the search below it has already been done, or is under way higher up the stack, so it is pruned; this is what
 * turns the exponential search of Wing and Gong into Lowe's practical one.
 *
 * <p>Unknown-outcome operations get a dominance rule rather than plain equality: a configuration is pruned when one
 * with the same completed operations, the same state, and a <em>subset</em> of its unknown operations was reached
 * (it has the same constraints and at least the same options: every unknown operation still available here was
 * available there). Entries are therefore keyed by a hash of the completed operations and the state only.
 *
 * <p>Open addressing; the bitset's hash is maintained incrementally by the search (Zobrist), and the bitset is
 * copied only when a configuration is actually inserted, never on a lookup.
 */
final class VisitedConfigurations {

    private final long[] unknownMask;
    private final boolean reversed; // a mutant: dominance the wrong way round
    private long[] hashes = new long[1024];
    private long[][] sets = new long[1024][];
    private Object[] states = new Object[1024];
    private int size;

    /** @param unknownMask the unknown-outcome operations, as a bitset over operation indices */
    VisitedConfigurations(long[] unknownMask) {
        this(unknownMask, false);
    }

    VisitedConfigurations(long[] unknownMask, boolean reversed) {
        this.unknownMask = unknownMask;
        this.reversed = reversed;
    }

    /**
     * Adds (linearized, state) unless it is dominated by a configuration already present.
     *
     * @param knownHash a hash of the completed operations in {@code linearized}
     * @return false if the configuration is dominated (the search should not go there)
     */
    boolean add(long[] linearized, long knownHash, Object state) {
        long hash = mix(knownHash, state.hashCode());
        int mask = hashes.length - 1;
        int slot = (int) hash & mask;
        while (sets[slot] != null) {
            if (hashes[slot] == hash && dominates(sets[slot], linearized) && states[slot].equals(state)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        sets[slot] = linearized.clone();
        states[slot] = state;
        if (++size * 2 > hashes.length) {
            grow();
        }
        return true;
    }

    int size() {
        return size;
    }

    /** Same completed operations, and the stored unknown ones are a subset of the current ones. */
    private boolean dominates(long[] stored, long[] current) {
        for (int i = 0; i < stored.length; i++) {
            long differ = stored[i] ^ current[i];
            if ((differ & ~unknownMask[i]) != 0 || (differ & (reversed ? current[i] : stored[i])) != 0) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        long[] oldHashes = hashes;
        long[][] oldSets = sets;
        Object[] oldStates = states;
        int capacity = oldHashes.length * 2;
        hashes = new long[capacity];
        sets = new long[capacity][];
        states = new Object[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldSets[i] != null) {
                int slot = (int) oldHashes[i] & mask;
                while (sets[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                sets[slot] = oldSets[i];
                states[slot] = oldStates[i];
            }
        }
    }

    /** Spreads the combined hash over the low bits used for the slot (the Zobrist part is already random). */
    private static long mix(long setHash, int stateHash) {
        long h = setHash ^ (stateHash * 0x9E3779B97F4A7C15L);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }
}
