package io.decree.server.verify;

import io.decree.spec.Ballot;
import io.decree.spec.Step;
import io.decree.spec.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coverage from the spec steps trace validation accepted, summed over runs.
 *
 * <p>Actions: every action of the spec's step type ({@link Step}'s permitted records, so an action added to
 * the mirror is counted without a change here), and for Phase2a and Learn also the kind of value (client
 * command, no-op, configuration change): the disjuncts of the enabling conditions that matter.
 *
 * <p>Invariants: an invariant holds trivially in a state where it has nothing to compare. For each, the
 * number of states (after each step) in which its antecedent held, followed from the same steps:
 * Agreement needs a slot learned by two replicas, Validity a learned client value, PromiseMonotonic a
 * promise raised over an earlier one, DurablePromise/DurableVote a restart of a replica holding a promise or
 * a vote, VoteRespectsPromise/NoVoteAbovePromise a vote cast by an acceptor that has promised,
 * StateMachineConsistency (executions compared) a slot every replica has learned.
 */
final class CoverageTally {
    static final List<String> INVARIANTS = List.of("Agreement", "Validity", "PromiseMonotonic", "DurablePromise", "DurableVote",
            "VoteRespectsPromise", "NoVoteAbovePromise", "StateMachineConsistency");

    final Map<String, Long> actions = new LinkedHashMap<>();
    final Map<String, Long> invariants = new LinkedHashMap<>();

    CoverageTally() {
        for (Class<?> c : Step.class.getPermittedSubclasses()) actions.put(c.getSimpleName(), 0L);
        for (String kind : List.of("client", "noop", "config")) {
            actions.put("Phase2a[" + kind + "]", 0L);
            actions.put("Learn[" + kind + "]", 0L);
        }
        for (String i : INVARIANTS) invariants.put(i, 0L);
    }

    /** Every action of the static spec; with membership changes and snapshots, their disjuncts too. */
    static List<String> required(boolean membership) {
        List<String> r = new java.util.ArrayList<>();
        for (Class<?> c : Step.class.getPermittedSubclasses()) r.add(c.getSimpleName());
        r.addAll(List.of("Phase2a[client]", "Phase2a[noop]", "Learn[client]"));
        if (membership) r.addAll(List.of("Phase2a[config]", "Learn[config]"));
        return r;
    }

    /** Adds one run's accepted steps ({@code replicas}: ids 1..replicas take part). */
    void add(List<Step> steps, int replicas) {
        RunState s = new RunState(replicas);
        for (Step step : steps) {
            bump(actions, step.action());
            switch (step) {
                case Step.Phase2a p -> bump(actions, "Phase2a[" + kind(p.val()) + "]");
                case Step.Learn l -> bump(actions, "Learn[" + kind(l.val()) + "]");
                default -> { }
            }
            s.apply(step, this);
        }
    }

    void addAll(CoverageTally other) {
        other.actions.forEach((k, v) -> actions.merge(k, v, Long::sum));
        other.invariants.forEach((k, v) -> invariants.merge(k, v, Long::sum));
    }

    private static String kind(Value v) {
        return switch (v) {
            case Value.Client c -> "client";
            case Value.NoOp n -> "noop";
            case Value.ConfigChange c -> "config";
        };
    }

    private static void bump(Map<String, Long> m, String key) { m.merge(key, 1L, Long::sum); }

    /** What the antecedents need from one run's steps. */
    private static final class RunState {
        final int replicas;
        final Map<Integer, Ballot> promised = new HashMap<>();
        final Set<Integer> voted = new HashSet<>();
        final Map<Long, Set<Integer>> learners = new HashMap<>();
        boolean learnedByTwo, learnedClient, learnedByAll;

        RunState(int replicas) { this.replicas = replicas; }

        void apply(Step step, CoverageTally t) {
            boolean raised = false, durablePromise = false, durableVote = false, voteUnderPromise = false;
            switch (step) {
                case Step.Phase1b p -> {
                    Ballot before = promised.put(p.a(), p.bal());
                    raised = before != null && !before.isZero() && before.less(p.bal());
                }
                case Step.Phase2b v -> {
                    Ballot p = promised.get(v.a());
                    voteUnderPromise = p != null && !p.isZero();
                    voted.add(v.a());
                    if (p == null || p.less(v.bal())) promised.put(v.a(), v.bal());
                }
                case Step.Learn l -> {
                    Set<Integer> who = learners.computeIfAbsent(l.slot(), k -> new HashSet<>());
                    who.add(l.r());
                    learnedByTwo |= who.size() >= 2;
                    learnedByAll |= who.size() >= replicas;
                    learnedClient |= l.val() instanceof Value.Client;
                }
                case Step.Restart r -> {
                    Ballot p = promised.get(r.r());
                    durablePromise = p != null && !p.isZero();
                    durableVote = voted.contains(r.r());
                }
                default -> { }
            }
            count(t, "Agreement", learnedByTwo);
            count(t, "Validity", learnedClient);
            count(t, "PromiseMonotonic", raised);
            count(t, "DurablePromise", durablePromise);
            count(t, "DurableVote", durableVote);
            count(t, "VoteRespectsPromise", voteUnderPromise);
            count(t, "NoVoteAbovePromise", voteUnderPromise);
            count(t, "StateMachineConsistency", learnedByAll);
        }

        private static void count(CoverageTally t, String invariant, boolean nonTrivial) {
            if (nonTrivial) bump(t.invariants, invariant);
        }
    }
}
