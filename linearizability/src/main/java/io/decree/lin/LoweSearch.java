package io.decree.lin;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Wing and Gong's linearizability search with Lowe's memoisation, on one partition of a history.
 *
 * <p>The history is a doubly linked list of call and return entries in time order. The search walks it from the
 * head: at a call it tries to linearize that operation next (the model must accept its output in the current
 * state); if it can, the operation's call and return are lifted out of the list and the walk restarts from the head.
 * Reaching a return entry means that operation's deadline has passed without it being linearized, so the search
 * backtracks: it undoes the last choice and tries the next call after it. A configuration (set of linearized
 * operations, model state) is explored at most once.
 *
 * <p>Unknown outcomes: such an operation has a call entry and no return entry, so no deadline; it can be linearized
 * at any point after its invocation, and need not be linearized at all: the history is linearizable once every
 * <em>completed</em> operation is. Pending unknown operations would multiply the search, so three rules prune it,
 * all by dominance (a configuration with the same state and fewer unknown operations spent has at least the same
 * futures): an unknown operation that leaves the state unchanged is not taken; linearizing unknown {@code u} and
 * then {@code o} is skipped when {@code o} alone leads to the same state (u made no difference, e.g. it was
 * overwritten: the sibling branch without {@code u} covers it); and the memo prunes a configuration when one with the
 * same completed operations, the same state and a subset of its unknown operations was already reached.
 */
final class LoweSearch<S, I, O> {

    enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, BUDGET_EXCEEDED }

    /**
     * Deliberate bugs, switchable only from tests (same package), that the test suite must detect: each is a
     * plausible mistake in this class.
     */
    enum Mutant {
        NONE,
        /** At equal times, returns sorted before calls: touching operations become ordered (false alarms). */
        RETURNS_FIRST_AT_EQUAL_TIMES,
        /** Unknown-outcome operations must all take effect (the "or never" is forgotten). */
        UNKNOWN_MUST_HAPPEN,
        /** Known outputs are not checked (missed violations). */
        IGNORE_OUTPUTS,
        /** The memo keys on the linearized set only, not the state (false alarms). */
        MEMO_IGNORES_STATE,
        /** Any operation after an unknown one is pruned, whether or not the unknown one made a difference. */
        PRUNE_AFTER_EVERY_UNKNOWN,
        /** The memo prunes configurations with fewer unknown operations spent instead of more (false alarms). */
        DOMINANCE_REVERSED
    }

    static volatile Mutant mutant = Mutant.NONE;

    /** Fixed seed: the memo's hashing, and so the search, is the same on every run. */
    private static final long ZOBRIST_SEED = 0x5EED_DEC4EEL;

    /** The relaxed search gives up past this many steps per operation on one path (see {@link #run}). */
    private static final int RELAXED_DEPTH_FACTOR = 8;

    private final Mutant bug = mutant;
    private final boolean reusable;
    private final Model<S, I, O> model;
    private final List<Operation<I, O>> ops;
    private final boolean[] unknown;
    private final long[] zobrist; // a random key per completed operation; a set's hash is the XOR of its members' keys
    private final long[] unknownMask; // the unknown-outcome operations, as a bitset

    // The entry list: entries 0..E-1, then HEAD and TAIL sentinels.
    private final int[] next;
    private final int[] prev;
    private final int[] opOf;
    private final boolean[] isCall;
    private final int[] returnOf; // for a call entry: its return entry, or -1 when the outcome is unknown
    private final int[] callEntryOf;
    private final int head;
    private final int tail;
    private int furthestReturn = -1; // the latest return entry the search ever stopped at
    private int[] longest = new int[16]; // the call entries of the longest linearization found, in order:
    private int longestLength; // longest[0, longestLength); copied out of the stack when it backs off a peak
    private int longestDepth; // the deepest the stack has been; the stack holds it while longestLength differs
    private int synced; // longest[0, synced) equals stackEntry[0, synced): copying a new peak starts there
    private TransitionCache<S> transitions; // the model with numbered states and memoised steps; dropped when decided

    // The search's position, kept between runs so that a search stopped by its budget resumes where it stopped
    // (see run): null stack until the first run.
    private Verdict decided; // LINEARIZABLE or NOT_LINEARIZABLE once known; BUDGET_EXCEEDED for good (depth cap)
    private long stepsSpent;
    private long[] linearized;
    private long setHash;
    private VisitedConfigurations visited;
    private int[] stackEntry;
    private int[] stackState;
    private int depth;
    private int state;
    private int entry;
    private int knownLeft;

    LoweSearch(Model<S, I, O> model, List<Operation<I, O>> ops) {
        this(model, ops, false);
    }

    /**
     * @param reusableUnknowns the relaxation: an unknown-outcome operation may take effect any number of times (each
     *                         after its invocation), not at most once. Every linearization of the history is one of
     *                         the relaxed history, so NOT_LINEARIZABLE here proves the history non-linearizable;
     *                         LINEARIZABLE proves nothing. It pays because the unknown operations then drop out of
     *                         the memo's key: configurations are (completed operations, state), as with no unknown
     *                         operations at all, where the exact search keeps every unknown subset apart
     */
    LoweSearch(Model<S, I, O> model, List<Operation<I, O>> ops, boolean reusableUnknowns) {
        this.reusable = reusableUnknowns;
        this.model = model;
        this.ops = ops;
        this.transitions = new TransitionCache<>(model, this::apply);
        int n = ops.size();
        unknown = new boolean[n];
        zobrist = new SplittableRandom(ZOBRIST_SEED).longs(n).toArray();
        unknownMask = new long[(n + 63) >>> 6];
        int entries = 0;
        for (int i = 0; i < n; i++) {
            unknown[i] = ops.get(i).isUnknown();
            if (unknown[i]) {
                zobrist[i] = 0; // the memo's hash covers completed operations only, see VisitedConfigurations
                unknownMask[i >>> 6] |= 1L << i;
            }
            entries += unknown[i] ? 1 : 2;
        }
        // Sort entries by time; at equal times calls come first (equal times overlap), then by op for determinism.
        // An entry code is (op << 1) | (0 for its call, 1 for its return).
        Integer[] boxed = new Integer[entries];
        int k = 0;
        for (int i = 0; i < n; i++) {
            boxed[k++] = i << 1;
            if (!unknown[i]) {
                boxed[k++] = (i << 1) | 1;
            }
        }
        Arrays.sort(boxed, (a, b) -> {
            Operation<I, O> oa = ops.get(a >>> 1);
            Operation<I, O> ob = ops.get(b >>> 1);
            long ta = (a & 1) == 0 ? oa.invokeTime() : oa.returnTime();
            long tb = (b & 1) == 0 ? ob.invokeTime() : ob.returnTime();
            if (ta != tb) {
                return Long.compare(ta, tb);
            }
            if ((a & 1) != (b & 1)) {
                return mutant == Mutant.RETURNS_FIRST_AT_EQUAL_TIMES ? (b & 1) - (a & 1) : (a & 1) - (b & 1);
            }
            return Integer.compare(a, b);
        });
        head = entries;
        tail = entries + 1;
        next = new int[entries + 2];
        prev = new int[entries + 2];
        opOf = new int[entries];
        isCall = new boolean[entries];
        returnOf = new int[entries];
        callEntryOf = new int[n];
        for (int e = 0; e < entries; e++) {
            int code = boxed[e];
            opOf[e] = code >>> 1;
            isCall[e] = (code & 1) == 0;
            returnOf[e] = -1;
            if (isCall[e]) {
                callEntryOf[opOf[e]] = e;
            } else {
                returnOf[callEntryOf[opOf[e]]] = e;
            }
            next[e] = e + 1 == entries ? tail : e + 1;
            prev[e] = e == 0 ? head : e - 1;
        }
        next[head] = entries == 0 ? tail : 0;
        prev[tail] = entries == 0 ? head : entries - 1;
    }

    /**
     * Searches within {@code budget} more steps. A search stopped by its budget ({@link Verdict#BUDGET_EXCEEDED})
     * can be run again with a further budget: it resumes where it stopped, with its memo, and so takes exactly the
     * path a single run with the two budgets' sum would have taken (same verdict, same by-products). Once decided,
     * its tables are released and running it again returns the verdict; only the by-products
     * ({@link #failurePrefix}, {@link #longestLinearization}) are read then.
     */
    Verdict run(Budget budget) {
        if (decided != null) {
            return decided;
        }
        long before = budget.steps(); // a budget may be shared by several searches (shrinking)
        try {
            Verdict verdict = search(budget);
            if (verdict != Verdict.BUDGET_EXCEEDED) {
                decided = verdict;
            }
            if (decided != null) {
                release();
            }
            return verdict;
        } finally {
            stepsSpent += budget.steps() - before;
        }
    }

    /** Steps spent by all runs so far. */
    long steps() {
        return stepsSpent;
    }

    /** True when another run could still decide (stopped by a budget, not decided, not given up). */
    boolean resumable() {
        return decided == null && transitions != null;
    }

    /** Gives up: the memo and the model's table are dropped; the by-products stay readable. */
    void release() {
        transitions = null;
        visited = null;
        linearized = null;
        stackEntry = null; // what the by-products need was copied out (keepLongest) before any stop
        stackState = null;
        if (decided == null) {
            decided = Verdict.BUDGET_EXCEEDED;
        }
    }

    private Verdict search(Budget budget) {
        if (stackEntry == null) { // the first run: the initial configuration
            int n = ops.size();
            knownLeft = 0;
            for (boolean u : unknown) {
                knownLeft += u && bug != Mutant.UNKNOWN_MUST_HAPPEN ? 0 : 1;
            }
            if (knownLeft == 0) {
                return Verdict.LINEARIZABLE; // unknown outcomes alone can always be taken as never having happened
            }
            linearized = new long[(n + 63) >>> 6];
            setHash = 0;
            visited = new VisitedConfigurations(n, unknownMask, bug == Mutant.DOMINANCE_REVERSED);
            stackEntry = new int[Math.max(1, n)];
            stackState = new int[Math.max(1, n)];
            depth = 0;
            state = transitions.init();
            entry = next[head];
        }
        // The loop works on locals (registers); the position goes back to the fields whenever it stops.
        long[] linearized = this.linearized;
        long setHash = this.setHash;
        VisitedConfigurations visited = this.visited;
        TransitionCache<S> model = transitions;
        int[] stackEntry = this.stackEntry;
        int[] stackState = this.stackState;
        int depth = this.depth;
        int state = this.state;
        int e = this.entry;
        int knownLeft = this.knownLeft;
        while (true) {
            if (!budget.tick()) {
                keepLongest(stackEntry, depth);
                this.setHash = setHash;
                this.stackEntry = stackEntry;
                this.stackState = stackState;
                this.depth = depth;
                this.state = state;
                this.entry = e;
                this.knownLeft = knownLeft;
                return Verdict.BUDGET_EXCEEDED; // resumable: the position is saved at the top of the loop
            }
            // The tail is only reachable when every pending operation left is unknown and none can be linearized
            // here; since the search stops as soon as no completed operation is pending, that means: backtrack.
            if (e != tail && isCall[e]) {
                int op = opOf[e];
                int after = model.next(state, op);
                // An unknown operation that leaves the state as it is (a failing cas, say) is never worth taking:
                // skipping it reaches the same state with more options left. (States are numbered by equals.)
                boolean pointless = unknown[op] && after == state;
                if (after != TransitionCache.REJECTED && !pointless
                        && !madeNoDifference(model, stackEntry, stackState, depth, op, after)) {
                    long hash = setHash ^ zobrist[op];
                    boolean reuse = reusable && unknown[op]; // stays pending and unmarked: it may happen again
                    if (!reuse) {
                        linearized[op >>> 6] |= 1L << op;
                        visited.linearized(linearized, op);
                    }
                    if (visited.addTracked(linearized, hash, bug == Mutant.MEMO_IGNORES_STATE ? 0 : after)) {
                        if (depth == stackEntry.length) { // only reuse gets here
                            if (depth >= RELAXED_DEPTH_FACTOR * ops.size() + 64) {
                                // Reuse can grow a state without end (an enqueue repeated), each step costlier than
                                // the last: give up, inconclusive, rather than cut this path and let the memo keep
                                // the cut (which would make a later NOT_LINEARIZABLE unsound). For good: a longer
                                // run would stop here too, so the search is not resumable.
                                keepLongest(stackEntry, depth);
                                this.stackEntry = stackEntry;
                                decided = Verdict.BUDGET_EXCEEDED;
                                return Verdict.BUDGET_EXCEEDED;
                            }
                            stackEntry = Arrays.copyOf(stackEntry, depth * 2);
                            stackState = Arrays.copyOf(stackState, depth * 2);
                        }
                        stackEntry[depth] = e;
                        stackState[depth] = state;
                        depth++;
                        if (depth > longestDepth) {
                            longestDepth = depth; // copied out only when the search backs off this peak
                        }
                        state = after;
                        setHash = hash;
                        if (!reuse) {
                            lift(e);
                        }
                        if ((!unknown[op] || bug == Mutant.UNKNOWN_MUST_HAPPEN) && --knownLeft == 0) {
                            longestDepth = depth; // this one, even if a deeper one was undone
                            longestLength = -1;
                            keepLongest(stackEntry, depth);
                            this.stackEntry = stackEntry;
                            return Verdict.LINEARIZABLE;
                        }
                        e = next[head];
                        continue;
                    }
                    if (!reuse) {
                        linearized[op >>> 6] &= ~(1L << op);
                        visited.unlinearized(linearized, op);
                    }
                }
                e = next[e];
            } else {
                furthestReturn = Math.max(furthestReturn, e == tail ? Integer.MAX_VALUE : e);
                keepLongest(stackEntry, depth);
                if (depth == 0) {
                    this.stackEntry = stackEntry;
                    return Verdict.NOT_LINEARIZABLE;
                }
                depth--;
                if (synced > depth) {
                    synced = depth; // stackEntry[depth] is about to be replaced
                }
                e = stackEntry[depth];
                state = stackState[depth];
                int op = opOf[e];
                setHash ^= zobrist[op];
                if (!unknown[op] || bug == Mutant.UNKNOWN_MUST_HAPPEN) {
                    knownLeft++;
                }
                if (!(reusable && unknown[op])) {
                    linearized[op >>> 6] &= ~(1L << op);
                    visited.unlinearized(linearized, op);
                    unlift(e);
                }
                e = next[e];
            }
        }
    }

    /**
     * Before the stack shrinks (or the search stops): if it holds the deepest linearization so far, keep a copy.
     * Copying at every new depth instead cost O(n^2) on a long first descent (8 million ints for 4,000 operations);
     * and only the part below the prefix still shared with the last copy is copied (a search that backs off one
     * level and finds one more operation copies one entry, not the whole stack, and a resumed search does not copy
     * its stack again at every stop).
     */
    private void keepLongest(int[] stackEntry, int depth) {
        if (depth == longestDepth && longestLength != depth) {
            if (longest.length < depth) {
                longest = Arrays.copyOf(longest, Math.max(depth, longest.length * 2));
            }
            System.arraycopy(stackEntry, synced, longest, synced, depth - synced);
            synced = depth;
            longestLength = depth;
        }
    }

    /**
     * After a NOT_LINEARIZABLE verdict: the operations invoked before the latest deadline the search stopped at.
     * The search never looked past that point, so it fails the same way on these alone: a free first cut for
     * shrinking, which drops everything after the violation.
     */
    List<Operation<I, O>> failurePrefix() {
        List<Operation<I, O>> prefix = new java.util.ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (callEntryOf[i] < furthestReturn) {
                prefix.add(ops.get(i));
            }
        }
        return prefix;
    }

    /**
     * The longest sequence of operations the search linearized, in linearization order: after a LINEARIZABLE
     * verdict a linearization of the whole partition (with the unknown-outcome operations that took effect); after
     * NOT_LINEARIZABLE the longest partial linearization (what Porcupine's visualiser shows), after which no
     * pending operation could be linearized.
     */
    List<Operation<I, O>> longestLinearization() {
        List<Operation<I, O>> order = new java.util.ArrayList<>(longestLength);
        for (int i = 0; i < longestLength; i++) {
            order.add(ops.get(opOf[longest[i]]));
        }
        return order;
    }

    /** The state after linearizing {@code op} in {@code state}, or null if the model rejects it there. */
    private S apply(S state, int op) {
        Operation<I, O> operation = ops.get(op);
        Optional<S> after = unknown[op] || bug == Mutant.IGNORE_OUTPUTS
                ? model.stepUnknown(state, operation.input())
                : model.step(state, operation.input(), operation.output());
        return after.orElse(null);
    }

    /**
     * True when the last linearized operation has an unknown outcome and {@code op} reaches the same state without
     * it: then the branch that skips it (explored from the parent configuration) subsumes this one.
     */
    private boolean madeNoDifference(TransitionCache<S> model, int[] stackEntry, int[] stackState, int depth, int op,
            int after) {
        if (depth == 0 || !unknown[opOf[stackEntry[depth - 1]]]) {
            return false;
        }
        if (bug == Mutant.PRUNE_AFTER_EVERY_UNKNOWN) {
            return true;
        }
        return model.next(stackState[depth - 1], op) == after;
    }

    private void lift(int call) {
        unlink(call);
        if (returnOf[call] >= 0) {
            unlink(returnOf[call]);
        }
    }

    private void unlift(int call) {
        if (returnOf[call] >= 0) {
            relink(returnOf[call]);
        }
        relink(call);
    }

    private void unlink(int e) {
        next[prev[e]] = next[e];
        prev[next[e]] = prev[e];
    }

    private void relink(int e) {
        next[prev[e]] = e;
        prev[next[e]] = e;
    }
}
