package io.decree.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * <p>Single-threaded and deterministic: the same model gives the same counts and the same counterexample.
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
     * chosenBar) and {@code EveryoneLearnsEverything} under {@code FairSpec}.
     */
    public record Properties(List<String> invariants, boolean refinement, boolean liveness) {
        public Properties {
            invariants = List.copyOf(invariants);
        }

        /** The spec's default invariants (TLA+ order), no refinement. */
        public static Properties defaults(MultiPaxosSpec spec, boolean liveness) {
            return new Properties(spec.invariants().stream().map(Invariant::name).toList(), false, liveness);
        }
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
        long start = System.nanoTime();
        boolean liveness = props.liveness();
        boolean refinement = props.refinement();
        if (liveness && spec.model().crashable() != null && spec.model().crashable().mask() != 0) {
            throw new IllegalArgumentException("the liveness check needs a model without crashes");
        }
        List<Invariant> invariants = props.invariants().stream().map(spec::invariant).toList();
        Map<SpecState, Integer> seen = new HashMap<>();
        IntList parent = new IntList();
        List<Step> via = new ArrayList<>();
        List<SpecState> byIndex = new ArrayList<>();

        SpecState init = spec.init();
        seen.put(init, 0);
        parent.add(-1);
        via.add(null);
        byIndex.add(init);
        Violation v = firstBroken(invariants, init, 0, parent, via, byIndex);
        if (v == null && refinement && spec.refinementInitBrokenAt(init) != null) {
            v = trace("Refinement", 0, parent, via, byIndex);
        }
        if (v != null) {
            return new Result(name, 1, 1, 1, elapsed(start), v);
        }
        long[] generated = {1};
        int depth = 1;
        int levelStart = 0;
        int levelEnd = 1;
        while (levelStart < levelEnd) {
            for (int i = levelStart; i < levelEnd; i++) {
                SpecState st = byIndex.get(i);
                final int from = i;
                boolean[] moved = {false};
                Violation[] found = {null};
                spec.next(st, (step, succ) -> {
                    generated[0]++;
                    if (found[0] != null) {
                        return;
                    }
                    if (!succ.equals(st)) {
                        moved[0] = true;
                        if (liveness && !grows(st, succ)) {
                            throw new IllegalStateException("liveness check unsound: step " + step
                                    + " does not grow the state, so the state graph may have a cycle");
                        }
                    }
                    // As TLC: invariants on a new state, then the refinement (an implied action) on every
                    // transition, new successor or not.
                    if (!seen.containsKey(succ)) {
                        int idx = byIndex.size();
                        if (idx >= maxStates) {
                            throw new IllegalStateException(name + " has more than " + maxStates + " distinct states");
                        }
                        seen.put(succ, idx);
                        parent.add(from);
                        via.add(step);
                        byIndex.add(succ);
                        found[0] = firstBroken(invariants, succ, idx, parent, via, byIndex);
                    }
                    if (found[0] == null && refinement && spec.refinementBrokenAt(st, succ) != null) {
                        Violation upTo = trace("Refinement", from, parent, via, byIndex);
                        List<Step> steps = new ArrayList<>(upTo.steps());
                        List<SpecState> states = new ArrayList<>(upTo.states());
                        steps.add(step);
                        states.add(succ);
                        found[0] = new Violation("Refinement", List.copyOf(steps), List.copyOf(states));
                    }
                });
                if (found[0] != null) {
                    return new Result(name, byIndex.size(), generated[0], depth + 1, elapsed(start), found[0]);
                }
                if (liveness && !moved[0] && !spec.everyoneLearnedEverything(st)) {
                    return new Result(name, byIndex.size(), generated[0], depth, elapsed(start),
                            trace("EveryoneLearnsEverything", i, parent, via, byIndex));
                }
            }
            levelStart = levelEnd;
            levelEnd = byIndex.size();
            if (levelStart < levelEnd) {
                depth++;
            }
        }
        return new Result(name, byIndex.size(), generated[0], depth, elapsed(start), null);
    }

    private static Violation firstBroken(List<Invariant> invariants, SpecState st, int idx, IntList parent,
                                         List<Step> via, List<SpecState> byIndex) {
        for (Invariant inv : invariants) {
            if (!inv.holds(st)) {
                return trace(inv.name(), idx, parent, via, byIndex);
            }
        }
        return null;
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

    /** Every variable of {@code b} is at least that of {@code a} (crash-free models only). */
    private static boolean grows(SpecState a, SpecState b) {
        if (b.msgs.length < a.msgs.length) {
            return false;
        }
        for (int r = 1; r <= a.n(); r++) {
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
