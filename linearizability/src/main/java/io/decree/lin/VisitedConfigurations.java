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
    private final long[] completedMask; // the completed operations: a full known set
    private final int[] unknownIndex; // operation -> its index among the unknown operations (-1 for completed ones)
    private final int unknownWords;
    private final boolean reversed; // a mutant: dominance the wrong way round
    private Group[] table = new Group[1024];
    private int groups;
    private int size;
    private final long[] scratch; // the unknown subset being looked up
    // The search's linearized set as it changes (linearized/unlinearized): its low and high words and its unknown
    // operations as a compact bitset, so that addTracked need not rescan the set. Each rescan is three passes over
    // n / 64 words (79 for 5,000 operations) for every configuration reached: most of a one-key search's time.
    private int trackedLow;
    private int trackedHigh;
    private final long[] trackedUnknowns;

    /** The configurations with one completed set and state: the unknown subsets they were reached with. */
    private static final class Group {
        final long hash;
        final int low; // the completed operations: every one in the words below this index,
        final long[] known; // those in the words from low on (none in the words after these),
        final int state; // in this model state (its TransitionCache number)
        long[][] subsets = NO_SUBSETS;
        int count;
        boolean closed; // reached with no unknown operation spent: dominates every configuration of the group

        Group(long hash, int low, long[] known, int state) {
            this.hash = hash;
            this.low = low;
            this.known = known;
            this.state = state;
        }
    }

    /**
     * @param operations  how many operations the bitsets cover
     * @param unknownMask the unknown-outcome operations, as a bitset over operation indices
     */
    VisitedConfigurations(int operations, long[] unknownMask) {
        this(operations, unknownMask, false);
    }

    VisitedConfigurations(int operations, long[] unknownMask, boolean reversed) {
        this.unknownMask = unknownMask;
        this.completedMask = new long[unknownMask.length];
        for (int w = 0; w < completedMask.length; w++) {
            int bits = Math.min(64, operations - (w << 6));
            long inRange = bits >= 64 ? -1L : bits <= 0 ? 0L : (1L << bits) - 1;
            completedMask[w] = inRange & ~unknownMask[w];
        }
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
        this.scratch = new long[unknownWords];
        this.trackedUnknowns = new long[unknownWords];
        this.trackedLow = low(new long[unknownMask.length]); // words of unknown operations only are full already
    }

    /** The search has just added {@code op} to {@code linearized}. */
    void linearized(long[] linearized, int op) {
        int u = unknownIndex[op];
        if (u >= 0) {
            trackedUnknowns[u >>> 6] |= 1L << u;
            return;
        }
        int w = op >>> 6;
        trackedHigh = Math.max(trackedHigh, w + 1);
        while (trackedLow < linearized.length
                && (linearized[trackedLow] & ~unknownMask[trackedLow]) == completedMask[trackedLow]) {
            trackedLow++;
        }
    }

    /** The search has just taken {@code op} out of {@code linearized}. */
    void unlinearized(long[] linearized, int op) {
        int u = unknownIndex[op];
        if (u >= 0) {
            trackedUnknowns[u >>> 6] &= ~(1L << u);
            return;
        }
        int w = op >>> 6;
        trackedLow = Math.min(trackedLow, w);
        while (trackedHigh > 0 && (linearized[trackedHigh - 1] & ~unknownMask[trackedHigh - 1]) == 0) {
            trackedHigh--;
        }
    }

    /**
     * {@link #add} for the set {@link #linearized}/{@link #unlinearized} have followed: the same answer, without
     * rescanning it.
     */
    boolean addTracked(long[] linearized, long knownHash, int state) {
        assert trackedLow == low(linearized) && trackedHigh == high(linearized)
                && Arrays.equals(trackedUnknowns, unknownsOf(linearized)) : "the tracked set drifted from the search's";
        return add(linearized, knownHash, state, trackedLow, Math.max(trackedLow, trackedHigh), trackedUnknowns);
    }

    /**
     * Adds (linearized, state) unless it is dominated by a configuration already present.
     *
     * @param knownHash a hash of the completed operations in {@code linearized}
     * @param state     the model state's number: equal numbers are equal states
     * @return false if the configuration is dominated (the search should not go there)
     */
    boolean add(long[] linearized, long knownHash, int state) {
        int low = low(linearized);
        return add(linearized, knownHash, state, low, Math.max(low, high(linearized)),
                unknownWords == 0 ? scratch : unknownsOf(linearized));
    }

    private boolean add(long[] linearized, long knownHash, int state, int low, int high, long[] unknowns) {
        long hash = mix(knownHash, state);
        int mask = table.length - 1;
        int slot = (int) hash & mask;
        Group group;
        while ((group = table[slot]) != null) {
            if (group.hash == hash && group.state == state && sameKnown(group, linearized, low, high)) {
                break;
            }
            slot = (slot + 1) & mask;
        }
        if (unknownWords == 0) { // no unknown operations: a configuration is its group, seen or not
            if (group != null) {
                return false;
            }
            newGroup(slot, hash, linearized, low, high, state).count = 1;
            size++;
            return true;
        }
        if (group == null) {
            group = newGroup(slot, hash, linearized, low, high, state);
        } else if (group.closed || dominated(group, unknowns)) {
            return false;
        }
        if (!reversed && isEmpty(unknowns)) {
            // No unknown operation spent: this dominates every subset the group could ever hold, so the group is
            // closed with no bitsets at all (most configurations are like this; they allocated two arrays each).
            group.closed = true;
            group.subsets = NO_SUBSETS;
            group.count = 0;
        } else {
            store(group, unknowns.clone());
        }
        size++;
        return true;
    }

    private static boolean isEmpty(long[] bits) {
        for (long b : bits) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private Group newGroup(int slot, long hash, long[] linearized, int low, int high, int state) {
        long[] known = new long[high - low];
        for (int w = low; w < high; w++) {
            known[w - low] = linearized[w] & ~unknownMask[w];
        }
        Group group = new Group(hash, low, known, state);
        table[slot] = group;
        if (++groups * 2 > table.length) {
            grow();
        }
        return group;
    }

    /** Configurations stored (dominated ones evicted later still count). */
    int size() {
        return size;
    }

    /*
     * The completed set is kept as (low, the words from low to high): below low every completed operation is in it,
     * from high on none is. Both bounds are determined by the set, so equal sets have equal forms. Why: the set is
     * a prefix of the partition's operations plus a few concurrent ones (a completed operation cannot be linearized
     * before one that returned before it was invoked), so this is one or two words where a whole copy was n / 64
     * (77 words for 5,000 operations, copied for every configuration stored: the search's largest cost).
     */

    private int low(long[] linearized) {
        int w = 0;
        while (w < linearized.length && (linearized[w] & ~unknownMask[w]) == completedMask[w]) {
            w++;
        }
        return w;
    }

    private int high(long[] linearized) {
        int w = linearized.length;
        while (w > 0 && (linearized[w - 1] & ~unknownMask[w - 1]) == 0) {
            w--;
        }
        return w;
    }

    private boolean sameKnown(Group group, long[] linearized, int low, int high) {
        long[] known = group.known;
        if (group.low != low || known.length != high - low) {
            return false;
        }
        for (int i = 0; i < known.length; i++) {
            if (known[i] != (linearized[low + i] & ~unknownMask[low + i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The unknown operations in {@code linearized}, as a compact bitset over the unknown operations, in a scratch
     * array overwritten by the next call.
     */
    private long[] unknownsOf(long[] linearized) {
        long[] compact = scratch;
        Arrays.fill(compact, 0L);
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
    private static long mix(long setHash, int state) {
        long h = setHash ^ (state * 0x9E3779B97F4A7C15L);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }
}
