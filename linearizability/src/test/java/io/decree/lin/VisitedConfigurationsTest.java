package io.decree.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The memo keeps a completed set as (low word, the words up to the last non-empty one) instead of a whole copy. That
 * form must still tell every two sets apart: this test drives the memo with random configurations shaped like a
 * search's (a completed prefix, a few operations past it, words made only of unknown operations, sets ending exactly
 * at a word boundary) and compares each answer with a literal reference: a configuration is pruned iff one with the
 * same completed set, the same state and a subset of its unknown operations was added before.
 */
class VisitedConfigurationsTest {

    private record Key(BitSet completed, int state) {
    }

    @Test
    void prunesExactlyTheDominatedConfigurations() {
        SplittableRandom random = new SplittableRandom(7);
        int pruned = 0;
        int added = 0;
        for (int round = 0; round < 150; round++) {
            int n = 1 + random.nextInt(300);
            long[] unknownMask = new long[(n + 63) >>> 6];
            boolean wholeUnknownWord = n > 128 && random.nextBoolean(); // a word with no completed operation
            for (int op = 0; op < n; op++) {
                if ((wholeUnknownWord && op >= 64 && op < 128) || random.nextInt(8) == 0) {
                    unknownMask[op >>> 6] |= 1L << op;
                }
            }
            VisitedConfigurations memo = new VisitedConfigurations(n, unknownMask);
            Map<Key, List<BitSet>> reference = new HashMap<>();
            for (int step = 0; step < 300; step++) {
                long[] linearized = randomConfiguration(random, n);
                int state = random.nextInt(3);
                BitSet completed = new BitSet();
                BitSet unknowns = new BitSet();
                for (int op = 0; op < n; op++) {
                    if ((linearized[op >>> 6] & (1L << op)) != 0) {
                        ((unknownMask[op >>> 6] & (1L << op)) != 0 ? unknowns : completed).set(op);
                    }
                }
                List<BitSet> seen = reference.computeIfAbsent(new Key(completed, state), k -> new ArrayList<>());
                boolean dominated = seen.stream().anyMatch(s -> {
                    BitSet extra = (BitSet) s.clone();
                    extra.andNot(unknowns);
                    return extra.isEmpty();
                });
                long hash = completed.hashCode(); // any hash of the completed set: equal sets, equal hashes
                boolean stored = memo.add(linearized.clone(), hash, state);
                assertEquals(!dominated, stored, "round " + round + " step " + step + ": completed " + completed
                        + ", unknown " + unknowns + ", state " + state);
                if (stored) {
                    seen.add(unknowns);
                    added++;
                } else {
                    pruned++;
                }
            }
        }
        assertTrue(pruned > 3_000 && added > 3_000, "both answers exercised: " + pruned + " pruned, " + added
                + " added");
    }

    @Test
    void completedSetsThatDifferOnlyPastTheirFullPrefixAreDifferent() {
        int n = 200;
        VisitedConfigurations memo = new VisitedConfigurations(n, new long[4]);
        long[] prefix = new long[4];
        prefix[0] = -1L; // operations 0..63
        long[] onePast = prefix.clone();
        onePast[2] |= 1L << 5; // and operation 133: same low word, one more word
        long[] twoPast = onePast.clone();
        twoPast[3] |= 1L << 1; // and 193
        assertTrue(memo.add(prefix, 0, 0));
        assertTrue(memo.add(onePast, 0, 0), "same hash, a longer set");
        assertTrue(memo.add(twoPast, 0, 0));
        assertFalse(memo.add(onePast.clone(), 0, 0), "seen");
        long[] all = {-1L, -1L, -1L, (1L << (n - 192)) - 1};
        assertTrue(memo.add(all, 0, 0));
        assertFalse(memo.add(all.clone(), 0, 0), "the full set, stored with no words at all, is found again");
        assertTrue(memo.add(all.clone(), 0, 1), "another state");
    }

    /** A completed prefix, a few operations just past it, occasionally anything. */
    private static long[] randomConfiguration(SplittableRandom random, int n) {
        long[] set = new long[(n + 63) >>> 6];
        int prefix = random.nextInt(n + 1);
        for (int op = 0; op < prefix; op++) {
            set[op >>> 6] |= 1L << op;
        }
        int extra = random.nextInt(4);
        for (int i = 0; i < extra; i++) {
            int op = random.nextInt(4) == 0 ? random.nextInt(n) : Math.min(n - 1, prefix + random.nextInt(6));
            set[op >>> 6] ^= 1L << op;
        }
        return set;
    }

    /**
     * The search tells the memo each operation it adds to or takes out of its set, and the memo keeps the set's
     * words and unknown operations from that instead of rescanning it ({@code addTracked}). Driven by random walks
     * of additions and removals (a search's stack, and jumps), it must answer exactly as a memo that rescans every
     * set ({@code add}); its own assertion compares the tracked form with a rescan at every step.
     */
    @Test
    void trackingTheSetGivesTheAnswersOfRescanningIt() {
        SplittableRandom random = new SplittableRandom(11);
        int pruned = 0;
        for (int round = 0; round < 100; round++) {
            int n = 1 + random.nextInt(400);
            long[] unknownMask = new long[(n + 63) >>> 6];
            boolean wholeUnknownWord = n > 128 && random.nextBoolean();
            for (int op = 0; op < n; op++) {
                if ((wholeUnknownWord && op >= 64 && op < 128) || random.nextInt(6) == 0) {
                    unknownMask[op >>> 6] |= 1L << op;
                }
            }
            VisitedConfigurations tracked = new VisitedConfigurations(n, unknownMask);
            VisitedConfigurations rescanned = new VisitedConfigurations(n, unknownMask);
            long[] linearized = new long[unknownMask.length];
            BitSet completed = new BitSet();
            java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
            for (int step = 0; step < 600; step++) {
                // As a search moves: mostly the first operations not yet in the set (so that whole words fill up),
                // backing off the last one added, and now and then any operation in or out.
                int roll = random.nextInt(10);
                int op;
                if (roll < 6 || stack.isEmpty()) {
                    int first = 0;
                    while (first < n && (linearized[first >>> 6] & (1L << first)) != 0) {
                        first++;
                    }
                    op = Math.min(n - 1, first + random.nextInt(3));
                } else if (roll < 9) {
                    op = stack.pop();
                } else {
                    op = random.nextInt(n);
                }
                if ((linearized[op >>> 6] & (1L << op)) == 0) {
                    linearized[op >>> 6] |= 1L << op;
                    tracked.linearized(linearized, op);
                    stack.push(op);
                } else {
                    linearized[op >>> 6] &= ~(1L << op);
                    tracked.unlinearized(linearized, op);
                    stack.remove(op);
                }
                completed.clear();
                for (int i = 0; i < n; i++) {
                    if ((linearized[i >>> 6] & (1L << i)) != 0 && (unknownMask[i >>> 6] & (1L << i)) == 0) {
                        completed.set(i);
                    }
                }
                int state = random.nextInt(2);
                boolean expected = rescanned.add(linearized.clone(), completed.hashCode(), state);
                assertEquals(expected, tracked.addTracked(linearized, completed.hashCode(), state),
                        "round " + round + " step " + step + ": op " + op);
                pruned += expected ? 0 : 1;
            }
        }
        assertTrue(pruned > 1_000, "both answers exercised: " + pruned + " pruned");
    }
}
