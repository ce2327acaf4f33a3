package io.decree.lin;

import java.util.Arrays;

/**
 * The search's memo: the configurations (linearized set, model state) already reached. Reaching one again means
 * the search below it has already been done, or is under way higher up the stack, so it is pruned; this is what
 * turns the exponential search of Wing and Gong into Lowe's practical one.
 *
 * <p>Unknown-outcome operations get a dominance rule rather than plain equality: a configuration is pruned when one
 * with the same completed operations, the same state, and a <em>subset</em> of its unknown operations was reached
 * (it has the same constraints and at least the same options: every unknown operation still available here was
 * available there).
 *
 * <p>Layout: one group per (completed operations, state), found by open addressing on a hash of both (the completed
 * set's hash is maintained incrementally by the search, Zobrist style); a group holds the unknown-operation subsets
 * it was reached with, as compact bitsets over the unknown operations only, kept as an antichain (a new subset
 * evicts its stored supersets, which it dominates). Why groups: with many unknown operations a history reaches the
 * same completed set and state with many unknown subsets; stored flat, they all share one hash and every insertion
 * probed through all of them, comparing whole bitsets (this was 2/3 of the time shrinking a 823-operation violation).
 * Bitsets are copied only when a configuration is stored, never on a lookup.
 */
final class VisitedConfigurations {

    private static final long[][] NO_SUBSETS = new long[0][];

    private final long[] unknownMask;
    private final int[] unknownIndex; // operation -> its index among the unknown operations (-1 for completed ones)
    private final int unknownWords;
    private final boolean reversed; // a mutant: dominance the wrong way round
    private Group[] table = new Group[1024];
    private int groups;
    private int size;

    /** The configurations with one completed set and state: the unknown subsets they were reached with. */
    private static final class Group {
        final long hash;
        final long[] known; // the completed operations
        final Object state;
        long[][] subsets = NO_SUBSETS;
        int count;

        Group(long hash, long[] known, Object state) {
            this.hash = hash;
            this.known = known;
            this.state = state;
        }
    }

    /** @param unknownMask the unknown-outcome operations, as a bitset over operation indices */
    VisitedConfigurations(long[] unknownMask) {
        this(unknownMask, false);
    }

    VisitedConfigurations(long[] unknownMask, boolean reversed) {
        this.unknownMask = unknownMask;
        this.reversed = reversed;
        this.unknownIndex = new int[unknownMask.length * 64];
        Arrays.fill(unknownIndex, -1);
        int u = 0;
        for (int op = 0; op < unknownIndex.length; op++) {
            if ((unknownMask[op >>> 6] & (1L << op)) != 0) {
                unknownIndex[op] = u++;
            }
        }
        this.unknownWords = (u + 63) >>> 6;
    }

    /**
     * Adds (linearized, state) unless it is dominated by a configuration already present.
     *
     * @param knownHash a hash of the completed operations in {@code linearized}
     * @return false if the configuration is dominated (the search should not go there)
     */
    boolean add(long[] linearized, long knownHash, Object state) {
        long hash = mix(knownHash, state.hashCode());
        int mask = table.length - 1;
        int slot = (int) hash & mask;
        Group group;
        while ((group = table[slot]) != null) {
            if (group.hash == hash && sameKnown(group.known, linearized) && group.state.equals(state)) {
                break;
            }
            slot = (slot + 1) & mask;
        }
        long[] unknowns = unknownsOf(linearized);
        if (group == null) {
            group = new Group(hash, knownOf(linearized), state);
            table[slot] = group;
            if (++groups * 2 > table.length) {
                grow();
            }
        } else if (dominated(group, unknowns)) {
            return false;
        }
        store(group, unknowns);
        size++;
        return true;
    }

    /** Configurations stored (dominated ones evicted later still count). */
    int size() {
        return size;
    }

    private boolean sameKnown(long[] known, long[] linearized) {
        for (int i = 0; i < known.length; i++) {
            if (known[i] != (linearized[i] & ~unknownMask[i])) {
                return false;
            }
        }
        return true;
    }

    private long[] knownOf(long[] linearized) {
        long[] known = new long[linearized.length];
        for (int i = 0; i < known.length; i++) {
            known[i] = linearized[i] & ~unknownMask[i];
        }
        return known;
    }

    /** The unknown operations in {@code linearized}, as a compact bitset over the unknown operations. */
    private long[] unknownsOf(long[] linearized) {
        long[] compact = new long[unknownWords];
        if (unknownWords == 0) {
            return compact;
        }
        for (int w = 0; w < linearized.length; w++) {
            long bits = linearized[w] & unknownMask[w];
            while (bits != 0) {
                int u = unknownIndex[(w << 6) + Long.numberOfTrailingZeros(bits)];
                compact[u >>> 6] |= 1L << u;
                bits &= bits - 1;
            }
        }
        return compact;
    }

    /** A stored subset of {@code unknowns} (the mutant: a stored superset) dominates it. */
    private boolean dominated(Group group, long[] unknowns) {
        for (int s = 0; s < group.count; s++) {
            if (reversed ? subset(unknowns, group.subsets[s]) : subset(group.subsets[s], unknowns)) {
                return true;
            }
        }
        return false;
    }

    /** Stores {@code unknowns}, evicting the stored supersets it dominates (none when dominance is reversed). */
    private void store(Group group, long[] unknowns) {
        int kept = 0;
        for (int s = 0; s < group.count; s++) {
            if (reversed || !subset(unknowns, group.subsets[s])) {
                group.subsets[kept++] = group.subsets[s];
            }
        }
        for (int s = kept; s < group.count; s++) {
            group.subsets[s] = null;
        }
        group.count = kept;
        if (group.count == group.subsets.length) {
            group.subsets = Arrays.copyOf(group.subsets, Math.max(2, group.count * 2));
        }
        group.subsets[group.count++] = unknowns;
    }

    private static boolean subset(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & ~b[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        Group[] old = table;
        table = new Group[old.length * 2];
        int mask = table.length - 1;
        for (Group g : old) {
            if (g != null) {
                int slot = (int) g.hash & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = g;
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
