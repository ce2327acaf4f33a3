package io.decree.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Breadth-first explicit-state model checker over a {@link MultiPaxosSpec}, the mirror of running TLC on the
 * matching MC configuration. It counts distinct states and the depth of the state graph exactly as TLC does
 * (initial state at depth 1), checks every invariant on every new state in TLC's order, and on a violation
 * returns the shortest trace to it (BFS), naming the invariant.
 *
 * <p>With {@code liveness}, it also checks {@code FairSpec => EveryoneLearnsEverything} for a model without
 * crashes: there every non-stuttering step makes the state grow (msgs, promises, leaders, votes and learned
 * values only increase; checked on every transition), so the graph has no cycles besides stuttering and a
 * weakly fair behaviour ends in a state with no non-stuttering successor. The property holds iff every such
 * terminal state has every learner knowing every slot; a terminal state where that fails is the counterexample.
 *
 * <p>With stable-leader goals (TLA+ {@code LiveSpec}, per-action weak fairness except Phase1a and Crash), it
 * checks {@code StableLeader => goal}: once no Phase1a or Crash is taken, every fair step makes the state grow
 * (checked on every transition), so a fair behaviour ends stuttering in a state no fair step leaves; StableLeader
 * holds for it iff a leader leads the top ballot there, and each goal is decided by that state.
 *
 * <p>Deterministic for any number of workers: the same model gives the same counts, verdict and counterexample
 * length (with one worker, the same counterexample).
 */
public final class ModelChecker {

    /** A broken property: its name, and the shortest behaviour reaching it (steps.size() == states.size() - 1). */
    public record Violation(String property, List<Step> steps, List<SpecState> states) {
        /** Number of states in the trace, initial state included (TLC's numbering of the last state). */
        public int length() {
            return states.size();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Property " + property + " is violated. Shortest trace (" + length() + " states):\n");
            for (int i = 0; i < states.size(); i++) {
                sb.append(i + 1).append(": ").append(i == 0 ? "<Initial predicate>" : steps.get(i - 1)).append('\n');
                sb.append(states.get(i)).append("\n\n");
            }
            return sb.toString();
        }
    }

    /** The outcome: counts as TLC reports them, and the violation if any (then the counts are partial). */
    public record Result(String model, long distinctStates, long statesGenerated, int depth, long millis, Violation violation) {
        public boolean ok() {
            return violation == null;
        }

        @Override
        public String toString() {
            return model + ": " + (ok() ? "no error; " : "VIOLATION of " + violation.property() + " (trace of "
                    + violation.length() + " states); ") + statesGenerated + " states generated, " + distinctStates
                    + " distinct states found, depth " + depth + ", " + millis + " ms";
        }
    }

    private ModelChecker() {
    }

    /**
     * What a run checks, as an MC config's INVARIANTS and PROPERTIES say: invariants by their TLA+ names (checked
     * in this order), {@code Refinement} ({@code Cons!Spec}: every step a Consensus step or a stutter under
     * chosenBar), {@code EveryoneLearnsEverything} under {@code FairSpec}, and under {@code LiveSpec} the
     * stable-leader properties named in {@code stableGoals} ({@link #STABLE_GOALS}).
     */
    public record Properties(List<String> invariants, boolean refinement, boolean liveness, List<String> stableGoals,
                             boolean view) {
        public Properties {
            invariants = List.copyOf(invariants);
            stableGoals = List.copyOf(stableGoals);
            for (String g : stableGoals) {
                if (!STABLE_GOALS.contains(g)) {
                    throw new IllegalArgumentException("no stable-leader property " + g);
                }
            }
        }

        public Properties(List<String> invariants, boolean refinement, boolean liveness, List<String> stableGoals) {
            this(invariants, refinement, liveness, stableGoals, false);
        }

        public Properties(List<String> invariants, boolean refinement, boolean liveness) {
            this(invariants, refinement, liveness, List.of());
        }

        /** The same properties, states counted by the TLA+ {@code View} ({@link StateView}) or not. */
        public Properties withView(boolean on) {
            return new Properties(invariants, refinement, liveness, stableGoals, on);
        }

        /** The spec's default invariants (TLA+ order), no refinement. */
        public static Properties defaults(MultiPaxosSpec spec, boolean liveness) {
            return new Properties(spec.invariants().stream().map(Invariant::name).toList(), false, liveness);
        }
    }

    /** The properties {@code StableLeader => ...} of the TLA+ modules, under {@code LiveSpec}. */
    public static final List<String> STABLE_GOALS = List.of(
            "StableLeaderLearnsEverything", "StableLeaderLearnsProposals", "StableLeaderCompletesReconfig");

    /** Worker threads when a caller does not say: {@code -Dmc.workers=N} (default 1). */
    public static int defaultWorkers() {
        return Integer.getInteger("mc.workers", 1);
    }

    public static Result check(String name, MultiPaxosSpec spec, boolean liveness) {
        return check(name, spec, liveness, Long.MAX_VALUE);
    }

    /** Explores at most {@code maxStates} distinct states (throws if the model is larger: no silent truncation). */
    public static Result check(String name, MultiPaxosSpec spec, boolean liveness, long maxStates) {
        return check(name, spec, Properties.defaults(spec, liveness), maxStates);
    }

    /** Checks {@code props}, exploring at most {@code maxStates} distinct states (throws beyond). */
    public static Result check(String name, MultiPaxosSpec spec, Properties props, long maxStates) {
        return check(name, spec, props, maxStates, defaultWorkers());
    }

    /**
     * Checks {@code props} with {@code workers} threads. The search is level-synchronous: the states of a BFS
     * level are taken in blocks, each block's states are expanded in parallel (successors, the refinement
     * verdict of every transition, and the invariants of every successor the state set (read-only while a block
     * expands) had not seen), then merged in the block's order by one thread, exactly as the sequential search would take
     * them. Distinct states, states generated, depth and verdict therefore do not depend on the number of
     * workers, nor does the length of a counterexample (BFS: shortest).
     */
    public static Result check(String name, MultiPaxosSpec spec, Properties props, long maxStates, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (workers == 1) {
            return new Search(name, spec, props, maxStates, null).run();
        }
        ForkJoinPool pool = new ForkJoinPool(workers);
        try {
            return new Search(name, spec, props, maxStates, pool).run();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * An expanded state: for each transition, in {@link MultiPaxosSpec#next}'s order, the successor's
     * fingerprint, its encoding and first broken invariant when the state set did not hold it yet (null
     * otherwise), and whether the transition breaks the refinement; and whether any step, and any fair step, moves.
     */
    private static final class Expanded {
        final SpecState state;
        int edges;
        long[] fps = new long[16];
        char[][] encodings = new char[16][];
        String[] broken = new String[16];
        boolean[] breaksRefinement = new boolean[16];
        boolean moved;
        boolean fairMoved;

        Expanded(SpecState state) {
            this.state = state;
        }

        void add(long fp, char[] enc, String brokenInvariant, boolean refinement) {
            if (edges == fps.length) {
                int n = edges * 2;
                fps = java.util.Arrays.copyOf(fps, n);
                encodings = java.util.Arrays.copyOf(encodings, n);
                broken = java.util.Arrays.copyOf(broken, n);
                breaksRefinement = java.util.Arrays.copyOf(breaksRefinement, n);
            }
            fps[edges] = fp;
            encodings[edges] = enc;
            broken[edges] = brokenInvariant;
            breaksRefinement[edges] = refinement;
            edges++;
        }
    }

    /**
     * The search. States are numbered in BFS order; for each the checker keeps its 64-bit fingerprint (in
     * {@link FingerprintSet}), its parent's number and which of the parent's transitions led to it, and, for the
     * current and the next level only, its compact encoding ({@link Frontier}). A counterexample is rebuilt by
     * replaying those transitions from the initial state. So memory is about 30 bytes per state seen, plus the
     * two levels, instead of a state object graph per state.
     */
    private static final class Search {
        private static final int BLOCK = 4096;
        private final String name;
        private final MultiPaxosSpec spec;
        private final Properties props;
        private final long maxStates;
        private final ForkJoinPool pool;
        private final List<Invariant> invariants;
        private final boolean stable;
        private final StateCodec codec;
        private final StateView view;
        private final int header;
        private final FingerprintSet seen = new FingerprintSet();
        private final IntList parent = new IntList();
        private final IntList ordinal = new IntList();
        private final boolean progress = Boolean.getBoolean("mc.progress");
        private int count;

        Search(String name, MultiPaxosSpec spec, Properties props, long maxStates, ForkJoinPool pool) {
            this.name = name;
            this.spec = spec;
            this.props = props;
            this.maxStates = maxStates;
            this.pool = pool;
            this.invariants = props.invariants().stream().map(spec::invariant).toList();
            this.stable = !props.stableGoals().isEmpty();
            this.codec = new StateCodec(spec.model().n(), spec.init().table());
            this.view = props.view() ? new StateView(spec.init().table(), spec.model().maxSlot()) : null;
            this.header = 4 * spec.model().n() + 1;
            if (props.view() && (props.liveness() || stable)) {
                // The liveness checks compare whole states to tell a step from a stutter; under the view a step
                // that only adds dead 1b parts would be a stutter. No liveness model declares a VIEW.
                throw new IllegalArgumentException("VIEW with liveness properties is not supported by the mirror");
            }
            if (props.liveness() && spec.model().crashable() != null && spec.model().crashable().mask() != 0) {
                throw new IllegalArgumentException("the liveness check needs a model without crashes");
            }
        }

        Result run() {
            long start = System.nanoTime();
            SpecState init = spec.init();
            char[] initEnc = codec.encode(init);
            seen.add(fingerprint(init, initEnc));
            parent.add(-1);
            ordinal.add(-1);
            count = 1;
            String broken = brokenInvariant(init);
            Violation v = broken == null ? null : trace(broken, 0);
            if (v == null && props.refinement() && spec.refinementInitBrokenAt(init) != null) {
                v = trace("Refinement", 0);
            }
            if (v != null) {
                return new Result(name, 1, 1, 1, elapsed(start), v);
            }
            Frontier level = new Frontier();
            level.add(initEnc);
            long generated = 1;
            int depth = 1;
            int levelStart = 0;
            int levelEnd = 1;
            while (levelStart < levelEnd) {
                Frontier nextLevel = new Frontier();
                for (int from = levelStart; from < levelEnd; from += BLOCK) {
                    int to = Math.min(levelEnd, from + BLOCK);
                    char[][] encs = new char[to - from][];
                    for (int i = 0; i < encs.length; i++) {
                        encs[i] = level.next();
                    }
                    Expanded[] block = expand(encs);
                    for (int i = from; i < to; i++) {
                        Expanded ex = block[i - from];
                        Violation found = null;
                        for (int k = 0; k < ex.edges; k++) {
                            generated++;
                            if (found != null) {
                                continue;
                            }
                            // As TLC: invariants on a new state, then the refinement (an implied action) on
                            // every transition, new successor or not.
                            if (ex.encodings[k] != null && seen.add(ex.fps[k])) {
                                if (count >= maxStates) {
                                    throw new IllegalStateException(name + " has more than " + maxStates + " distinct states");
                                }
                                int idx = count++;
                                parent.add(i);
                                ordinal.add(k);
                                nextLevel.add(ex.encodings[k]);
                                if (ex.broken[k] != null) {
                                    found = trace(ex.broken[k], idx);
                                }
                            }
                            if (found == null && ex.breaksRefinement[k]) {
                                found = traceThrough("Refinement", i, k);
                            }
                        }
                        if (found != null) {
                            return new Result(name, count, generated, depth + 1, elapsed(start), found);
                        }
                        SpecState st = ex.state;
                        if (props.liveness() && !ex.moved && !spec.everyoneLearnedEverything(st)) {
                            return new Result(name, count, generated, depth, elapsed(start),
                                    trace("EveryoneLearnsEverything", i));
                        }
                        String goal = stable && !ex.fairMoved ? brokenStableGoal(st) : null;
                        if (goal != null) {
                            return new Result(name, count, generated, depth, elapsed(start), trace(goal, i));
                        }
                    }
                }
                level = nextLevel;
                levelStart = levelEnd;
                levelEnd = count;
                if (levelStart < levelEnd) {
                    depth++;
                }
                if (progress) {
                    System.err.println(name + ": depth " + depth + ", " + count + " distinct, " + generated
                            + " generated, " + elapsed(start) + " ms");
                }
            }
            return new Result(name, count, generated, depth, elapsed(start), null);
        }

        /**
         * Expands a block of states, in parallel when there is a pool. The fingerprint set is only read here
         * (the merge, which writes it, waits for the whole block).
         */
        private Expanded[] expand(char[][] encs) {
            Expanded[] out = new Expanded[encs.length];
            if (pool == null) {
                for (int i = 0; i < encs.length; i++) {
                    out[i] = expandOne(encs[i]);
                }
                return out;
            }
            try {
                pool.submit(() -> IntStream.range(0, out.length).parallel()
                        .forEach(k -> out[k] = expandOne(encs[k]))).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + ": interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
            return out;
        }

        /** Successors of a state with their verdicts; invariants only for successors not seen before. */
        private Expanded expandOne(char[] enc) {
            SpecState st = codec.decode(enc);
            Expanded ex = new Expanded(st);
            spec.next(st, (step, succ) -> {
                char[] e = codec.encode(succ, st, enc);
                if (!java.util.Arrays.equals(e, enc)) {
                    ex.moved = true;
                    if (props.liveness() && !grows(st, succ, false)) {
                        throw new IllegalStateException("liveness check unsound: step " + step
                                + " does not grow the state, so the state graph may have a cycle");
                    }
                    if (stable && !MultiPaxosSpec.disturbs(step)) {
                        ex.fairMoved = true;
                        if (!grows(st, succ, true)) {
                            throw new IllegalStateException("stable-leader liveness check unsound: fair step " + step
                                    + " does not grow the state, so fair steps may cycle");
                        }
                    }
                }
                long fp = fingerprint(succ, e);
                boolean fresh = !seen.contains(fp);
                ex.add(fp, fresh ? e : null, fresh ? brokenInvariant(succ) : null,
                        props.refinement() && spec.refinementBrokenAt(st, succ) != null);
            });
            if (ex.edges > Character.MAX_VALUE) {
                throw new IllegalStateException(name + ": a state with more than 65,535 transitions");
            }
            return ex;
        }

        /** The state set's key: the fingerprint of the state, or of its view when the cfg declares VIEW. */
        private long fingerprint(SpecState st, char[] enc) {
            return StateCodec.fingerprint(view == null ? enc : view.of(st, enc, header));
        }

        private String brokenInvariant(SpecState st) {
            for (Invariant inv : invariants) {
                if (!inv.holds(st)) {
                    return inv.name();
                }
            }
            return null;
        }

        /**
         * At a state no fair step leaves, a behaviour that stays there forever is fair and, if a leader leads
         * the top ballot, satisfies StableLeader; its goals must hold there (they are monotone in such
         * behaviours, so "eventually" and "eventually always" both come down to this state).
         */
        private String brokenStableGoal(SpecState st) {
            if (!spec.someLeaderLeadsTop(st)) {
                return null;
            }
            for (String g : props.stableGoals()) {
                boolean holds = switch (g) {
                    case "StableLeaderLearnsEverything" -> spec.everyoneLearnedEverything(st);
                    case "StableLeaderLearnsProposals" -> spec.proposalsLearned(st);
                    case "StableLeaderCompletesReconfig" -> spec.reconfigCompleted(st);
                    default -> throw new IllegalArgumentException(g);
                };
                if (!holds) {
                    return g;
                }
            }
            return null;
        }

        /** The shortest behaviour to state number idx, rebuilt by replaying the recorded transitions from Init. */
        private Violation trace(String property, int idx) {
            List<Integer> path = new ArrayList<>();
            for (int i = idx; i > 0; i = parent.get(i)) {
                path.addFirst(ordinal.get(i));
            }
            List<Step> steps = new ArrayList<>();
            List<SpecState> states = new ArrayList<>();
            SpecState st = spec.init();
            states.add(st);
            for (int k : path) {
                Object[] edge = transition(st, k);
                steps.add((Step) edge[0]);
                st = (SpecState) edge[1];
                states.add(st);
            }
            return new Violation(property, List.copyOf(steps), List.copyOf(states));
        }

        /** The behaviour to state number i, then its k-th transition. */
        private Violation traceThrough(String property, int i, int k) {
            Violation upTo = trace(property, i);
            Object[] edge = transition(upTo.states().getLast(), k);
            List<Step> steps = new ArrayList<>(upTo.steps());
            List<SpecState> states = new ArrayList<>(upTo.states());
            steps.add((Step) edge[0]);
            states.add((SpecState) edge[1]);
            return new Violation(property, List.copyOf(steps), List.copyOf(states));
        }

        /** The k-th (step, successor) that Next gives from st, in its fixed order. */
        private Object[] transition(SpecState st, int k) {
            Object[] hit = new Object[2];
            int[] at = {0};
            spec.next(st, (step, succ) -> {
                if (at[0]++ == k) {
                    hit[0] = step;
                    hit[1] = succ;
                }
            });
            if (hit[0] == null) {
                throw new IllegalStateException(name + ": replaying a counterexample, transition " + k + " is gone");
            }
            return hit;
        }
    }

    /**
     * Every variable of {@code b} is at least that of {@code a} (crash-free models, or steps other than Crash;
     * with {@code upToo}, up flags only come on), so a step that changes the state makes it strictly bigger
     * and such steps cannot cycle.
     */
    private static boolean grows(SpecState a, SpecState b, boolean upToo) {
        if (b.msgs.length < a.msgs.length) {
            return false;
        }
        for (int r = 1; r <= a.n(); r++) {
            if (upToo && a.up(r) && !b.up(r)) {
                return false;
            }
            if (b.promised(r).less(a.promised(r)) || b.leader(r).less(a.leader(r))
                    || b.learned(r).size() < a.learned(r).size()) {
                return false;
            }
            SlotMap<Vote> va = a.votes(r);
            for (int i = 0; i < va.size(); i++) {
                Vote nb = b.votes(r).get(va.slotAt(i));
                if (nb == null || nb.bal().less(va.valueAt(i).bal())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** A growable int array (parent pointers), to avoid boxing one Integer per state. */
    private static final class IntList {
        private int[] a = new int[1024];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        int get(int i) {
            return a[i];
        }
    }
}
