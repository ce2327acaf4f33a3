package io.decree.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
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
    public record Properties(List<String> invariants, boolean refinement, boolean liveness, List<String> stableGoals) {
        public Properties {
            invariants = List.copyOf(invariants);
            stableGoals = List.copyOf(stableGoals);
            for (String g : stableGoals) {
                if (!STABLE_GOALS.contains(g)) {
                    throw new IllegalArgumentException("no stable-leader property " + g);
                }
            }
        }

        public Properties(List<String> invariants, boolean refinement, boolean liveness) {
            this(invariants, refinement, liveness, List.of());
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
     * verdict of every transition, and the invariants of every successor the concurrent state set had not
     * seen), then merged in the block's order by one thread, exactly as the sequential search would take
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

    /** A state the search has met: its index once merged (-1 before), and the first invariant it breaks. */
    private static final class Node {
        final String broken;
        int index = -1;     // written and read by the merging thread only

        Node(String broken) {
            this.broken = broken;
        }
    }

    /** One transition out of an expanded state. */
    private record Edge(Step step, SpecState succ, boolean breaksRefinement) {}

    /** An expanded state: its transitions, whether any moves, whether a fair (non-disturbing) one moves. */
    private record Expanded(List<Edge> edges, boolean moved, boolean fairMoved) {}

    private static final class Search {
        private static final int BLOCK = 4096;
        private final String name;
        private final MultiPaxosSpec spec;
        private final Properties props;
        private final long maxStates;
        private final ForkJoinPool pool;
        private final List<Invariant> invariants;
        private final boolean stable;
        private final ConcurrentHashMap<SpecState, Node> seen = new ConcurrentHashMap<>();
        private final IntList parent = new IntList();
        private final List<Step> via = new ArrayList<>();
        private final List<SpecState> byIndex = new ArrayList<>();
        private final boolean progress = Boolean.getBoolean("mc.progress");

        Search(String name, MultiPaxosSpec spec, Properties props, long maxStates, ForkJoinPool pool) {
            this.name = name;
            this.spec = spec;
            this.props = props;
            this.maxStates = maxStates;
            this.pool = pool;
            this.invariants = props.invariants().stream().map(spec::invariant).toList();
            this.stable = !props.stableGoals().isEmpty();
            if (props.liveness() && spec.model().crashable() != null && spec.model().crashable().mask() != 0) {
                throw new IllegalArgumentException("the liveness check needs a model without crashes");
            }
        }

        Result run() {
            long start = System.nanoTime();
            SpecState init = spec.init();
            Node in = new Node(brokenInvariant(init));
            in.index = 0;
            seen.put(init, in);
            parent.add(-1);
            via.add(null);
            byIndex.add(init);
            Violation v = in.broken == null ? null : trace(in.broken, 0);
            if (v == null && props.refinement() && spec.refinementInitBrokenAt(init) != null) {
                v = trace("Refinement", 0);
            }
            if (v != null) {
                return new Result(name, 1, 1, 1, elapsed(start), v);
            }
            long generated = 1;
            int depth = 1;
            int levelStart = 0;
            int levelEnd = 1;
            while (levelStart < levelEnd) {
                for (int from = levelStart; from < levelEnd; from += BLOCK) {
                    int to = Math.min(levelEnd, from + BLOCK);
                    Expanded[] block = expand(from, to);
                    for (int i = from; i < to; i++) {
                        Expanded ex = block[i - from];
                        Violation found = null;
                        for (Edge e : ex.edges()) {
                            generated++;
                            if (found != null) {
                                continue;
                            }
                            // As TLC: invariants on a new state, then the refinement (an implied action) on
                            // every transition, new successor or not.
                            Node node = seen.get(e.succ());
                            if (node.index < 0) {
                                int idx = byIndex.size();
                                if (idx >= maxStates) {
                                    throw new IllegalStateException(name + " has more than " + maxStates + " distinct states");
                                }
                                node.index = idx;
                                parent.add(i);
                                via.add(e.step());
                                byIndex.add(e.succ());
                                if (node.broken != null) {
                                    found = trace(node.broken, idx);
                                }
                            }
                            if (found == null && e.breaksRefinement()) {
                                Violation upTo = trace("Refinement", i);
                                List<Step> steps = new ArrayList<>(upTo.steps());
                                List<SpecState> states = new ArrayList<>(upTo.states());
                                steps.add(e.step());
                                states.add(e.succ());
                                found = new Violation("Refinement", List.copyOf(steps), List.copyOf(states));
                            }
                        }
                        if (found != null) {
                            return new Result(name, byIndex.size(), generated, depth + 1, elapsed(start), found);
                        }
                        SpecState st = byIndex.get(i);
                        if (props.liveness() && !ex.moved() && !spec.everyoneLearnedEverything(st)) {
                            return new Result(name, byIndex.size(), generated, depth, elapsed(start),
                                    trace("EveryoneLearnsEverything", i));
                        }
                        String goal = stable && !ex.fairMoved() ? brokenStableGoal(st) : null;
                        if (goal != null) {
                            return new Result(name, byIndex.size(), generated, depth, elapsed(start), trace(goal, i));
                        }
                    }
                }
                levelStart = levelEnd;
                levelEnd = byIndex.size();
                if (levelStart < levelEnd) {
                    depth++;
                }
                if (progress) {
                    System.err.println(name + ": depth " + depth + ", " + byIndex.size() + " distinct, " + generated
                            + " generated, " + elapsed(start) + " ms");
                }
            }
            return new Result(name, byIndex.size(), generated, depth, elapsed(start), null);
        }

        /** Expands states {@code from..to-1} of byIndex, in parallel when there is a pool. */
        private Expanded[] expand(int from, int to) {
            Expanded[] out = new Expanded[to - from];
            if (pool == null) {
                for (int i = from; i < to; i++) {
                    out[i - from] = expandOne(byIndex.get(i));
                }
                return out;
            }
            List<SpecState> states = byIndex.subList(from, to);
            try {
                pool.submit(() -> IntStream.range(0, out.length).parallel()
                        .forEach(k -> out[k] = expandOne(states.get(k)))).get();
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

        /** Successors of st with their verdicts; a successor not seen before is put in the state set. */
        private Expanded expandOne(SpecState st) {
            List<Edge> edges = new ArrayList<>();
            boolean[] moved = {false, false};
            spec.next(st, (step, succ) -> {
                if (!succ.equals(st)) {
                    moved[0] = true;
                    if (props.liveness() && !grows(st, succ, false)) {
                        throw new IllegalStateException("liveness check unsound: step " + step
                                + " does not grow the state, so the state graph may have a cycle");
                    }
                    if (stable && !MultiPaxosSpec.disturbs(step)) {
                        moved[1] = true;
                        if (!grows(st, succ, true)) {
                            throw new IllegalStateException("stable-leader liveness check unsound: fair step " + step
                                    + " does not grow the state, so fair steps may cycle");
                        }
                    }
                }
                if (!seen.containsKey(succ)) {
                    seen.putIfAbsent(succ, new Node(brokenInvariant(succ)));
                }
                edges.add(new Edge(step, succ, props.refinement() && spec.refinementBrokenAt(st, succ) != null));
            });
            return new Expanded(edges, moved[0], moved[1]);
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

        private Violation trace(String property, int idx) {
            return ModelChecker.trace(property, idx, parent, via, byIndex);
        }
    }

    private static Violation trace(String property, int idx, IntList parent, List<Step> via, List<SpecState> byIndex) {
        List<Step> steps = new ArrayList<>();
        List<SpecState> states = new ArrayList<>();
        for (int i = idx; i >= 0; i = parent.get(i)) {
            states.addFirst(byIndex.get(i));
            if (via.get(i) != null) {
                steps.addFirst(via.get(i));
            }
        }
        return new Violation(property, List.copyOf(steps), List.copyOf(states));
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
