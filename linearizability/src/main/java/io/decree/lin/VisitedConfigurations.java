package io.decree.lin;

import java.util.Arrays;

/**
 * The search's memo: the (linearized-set, model state) configurations already explored. Reaching one again means
 * the search below it has already been done (and failed), so it is pruned; this is what turns the exponential
 * search of Wing and Gong into Lowe's practical one.
 *
 * <p>Open addressing keyed by a Zobrist hash of the bitset (maintained incrementally by the search) mixed with the
 * state's hash; the bitset is copied only when a configuration is actually inserted, never on a lookup.
 */
final class VisitedConfigurations {

    private long[] hashes = new long[1024];
    private long[][] sets = new long[1024][];
    private Object[] states = new Object[1024];
    private int size;

    /** Adds (linearized, state); false if it was already present. {@code setHash} must be a hash of {@code linearized}. */
    boolean add(long[] linearized, long setHash, Object state) {
        long hash = mix(setHash, state.hashCode());
        int mask = hashes.length - 1;
        int slot = (int) hash & mask;
        while (sets[slot] != null) {
            if (hashes[slot] == hash && Arrays.equals(sets[slot], linearized) && states[slot].equals(state)) {
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
