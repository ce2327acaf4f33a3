package io.decree.lin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Shrinks a non-linearizable sub-history greedily (in the manner of delta debugging): chunks of operations of
 * halving size (latest first: late operations are the cheapest to drop), then whole clients, then single operations,
 * keeping each removal after which the rest is still non-linearizable. A final pass in which no single removal is
 * possible makes the result 1-minimal.
 *
 * <p>What "still non-linearizable" means depends on the {@link LinearizabilityChecker.Shrink} mode. With
 * {@code REMOVE} the kept operations alone must be non-linearizable. With {@code EXPLAIN} they must be
 * non-linearizable even when every removed operation is put back with an unknown outcome (each may have taken effect
 * at any time after its invocation, or never). The difference shows on a stale read {@code write(1);
 * write(2); read() -> 1}: plain removal shrinks it to {@code read() -> 1} alone ("a value nobody wrote"), which is
 * minimal but misleading; EXPLAIN keeps {@code write(1)}, because a {@code write(1)} that may land at any time would
 * explain the read. Either way the result is a non-linearizable history on its own (unknown operations may never
 * happen).
 *
 * <p>EXPLAIN candidates carry every removed operation as a pending unknown one, which makes their search costlier;
 * so a candidate is first checked alone (if the kept operations alone are linearizable, so is the candidate), and
 * chunks are tried latest first (late unknown operations are pending only briefly).
 *
 * <p>EXPLAIN starts with a cheap detour: a REMOVE shrink first (its candidates have no pending unknown operations),
 * then one EXPLAIN check of that core with every other operation unknown. If the core still violates, it is the
 * answer and it is minimal in EXPLAIN's sense too: without any one of its operations the rest alone is linearizable
 * (REMOVE-minimality), and unknown operations, which may never happen, cannot make it otherwise. Only if that check
 * fails (a stale read that an earlier write explains) does the greedy EXPLAIN shrink run; if it then stops early with
 * more operations than the core, the core is reported instead, as minimal in REMOVE's sense only.
 *
 * <p>Budgets: a step budget per candidate and a total, deterministic, where building a candidate's search costs as
 * many steps as it has operations (so thousands of large candidates cannot hide behind a small step count); a
 * candidate count; and optionally a wall-clock deadline (not deterministic). A candidate whose search runs out of
 * budget counts as "not shown to be non-linearizable" and is kept, so the result is always a proven violation; the
 * result says how far shrinking got and which budget stopped it.
 */
final class Shrinker<S, I, O> {

    /**
     * @param operations the shrunk violation
     * @param oneMinimal no single operation can be dropped, in the sense of {@code sense}
     * @param sense      REMOVE or EXPLAIN: what minimality was established (EXPLAIN can fall back to REMOVE)
     * @param from       operations before shrinking
     * @param checks     candidates searched
     * @param steps      search steps spent (building a candidate's search included)
     * @param stoppedBy  the budget that stopped shrinking early ("steps", "candidates", "time"), or null
     */
    record Shrunk<I, O>(List<Operation<I, O>> operations, boolean oneMinimal, LinearizabilityChecker.Shrink sense,
            int from, int checks, long steps, String stoppedBy) {

        /** One line: how far shrinking got, e.g. "shrunk 823 -> 1 operations in 31 candidates, 52,000 steps". */
        String progress() {
            return String.format(java.util.Locale.ROOT, "shrunk %d -> %d operations in %d candidates, %,d steps%s",
                    from, operations.size(), checks, steps,
                    stoppedBy == null ? "" : "; stopped early: " + stoppedBy + " budget spent");
        }
    }

    private final Model<S, I, O> model;
    private final boolean explainRequested;
    private boolean explain;
    private final List<Operation<I, O>> removed = new ArrayList<>();
    private final long maxStepsPerCheck;
    private final long maxSteps;
    private final int maxChecks;
    private final long deadlineNanos;
    private long stepsLeft;
    private int checksLeft;
    private boolean gaveUp;
    private boolean timedOut;

    Shrinker(Model<S, I, O> model, boolean explain, long maxStepsPerCheck, long maxSteps, int maxChecks) {
        this(model, explain, maxStepsPerCheck, maxSteps, maxChecks, Long.MAX_VALUE);
    }

    /** @param deadlineNanos a {@link System#nanoTime()} instant after which shrinking stops, or Long.MAX_VALUE */
    Shrinker(Model<S, I, O> model, boolean explain, long maxStepsPerCheck, long maxSteps, int maxChecks,
            long deadlineNanos) {
        this.model = model;
        this.explainRequested = explain;
        this.maxStepsPerCheck = maxStepsPerCheck;
        this.maxSteps = maxSteps;
        this.maxChecks = maxChecks;
        this.deadlineNanos = deadlineNanos;
        this.stepsLeft = maxSteps;
        this.checksLeft = maxChecks;
    }

    /**
     * @param violating a non-linearizable history
     * @param cut       operations already cut from it (EXPLAIN still lets them take effect at any time)
     */
    Shrunk<I, O> shrink(List<Operation<I, O>> violating, List<Operation<I, O>> cut) {
        List<Operation<I, O>> start = new ArrayList<>(violating);
        start.sort(Comparator.comparingLong((Operation<I, O> op) -> op.invokeTime()).thenComparingInt(Operation::id));
        if (!explainRequested) {
            explain = false;
            removed.addAll(cut);
            List<Operation<I, O>> result = greedy(start);
            return finish(result, LinearizabilityChecker.Shrink.REMOVE, !gaveUp && !exhausted(), violating.size());
        }
        // The REMOVE core first (cheap), then one EXPLAIN check of it: see the class comment.
        explain = false;
        List<Operation<I, O>> core = greedy(start);
        boolean coreMinimal = !gaveUp && !exhausted();
        removed.clear();
        explain = true;
        if (coreMinimal) {
            List<Operation<I, O>> others = without(start, core);
            others.addAll(cut);
            List<Operation<I, O>> candidate = new ArrayList<>(core);
            addAsUnknown(candidate, others, lastReturn(core));
            if (!exhausted()) {
                checksLeft--;
                if (violates(candidate)) {
                    return finish(core, LinearizabilityChecker.Shrink.EXPLAIN, true, violating.size());
                }
            }
        }
        gaveUp = false;
        removed.addAll(cut);
        List<Operation<I, O>> explained = greedy(start);
        boolean explainedMinimal = !gaveUp && !exhausted();
        if (!explainedMinimal && coreMinimal && core.size() < explained.size()) {
            return finish(core, LinearizabilityChecker.Shrink.REMOVE, true, violating.size()); // in REMOVE's sense
        }
        return finish(explained, LinearizabilityChecker.Shrink.EXPLAIN, explainedMinimal, violating.size());
    }

    private Shrunk<I, O> finish(List<Operation<I, O>> result, LinearizabilityChecker.Shrink sense, boolean oneMinimal,
            int from) {
        boolean asAsked = oneMinimal && sense == (explainRequested ? LinearizabilityChecker.Shrink.EXPLAIN
                : LinearizabilityChecker.Shrink.REMOVE);
        String stoppedBy = asAsked ? null
                : timedOut ? "time" : stepsLeft <= 0 ? "steps" : checksLeft <= 0 ? "candidates" : "per-candidate steps";
        return new Shrunk<>(List.copyOf(result), oneMinimal, sense, from, maxChecks - checksLeft,
                maxSteps - Math.max(0, stepsLeft), stoppedBy);
    }

    /** Chunks of halving size, then clients, then single operations to a fixed point (in the current mode). */
    private List<Operation<I, O>> greedy(List<Operation<I, O>> start) {
        List<Operation<I, O>> current = new ArrayList<>(start);
        gaveUp = false;
        for (int chunk = Integer.highestOneBit(Math.max(1, current.size() / 2)); chunk > 1; chunk /= 2) {
            current = dropChunks(current, chunk);
        }
        current = dropClients(current);
        boolean dropped = true;
        while (dropped && !exhausted()) {
            int before = current.size();
            gaveUp = false; // only the last pass decides minimality
            current = dropChunks(current, 1);
            dropped = current.size() < before;
        }
        return current;
    }

    private static <I, O> List<Operation<I, O>> without(List<Operation<I, O>> all, List<Operation<I, O>> some) {
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        some.forEach(op -> ids.add(op.id()));
        List<Operation<I, O>> rest = new ArrayList<>();
        for (Operation<I, O> op : all) {
            if (!ids.contains(op.id())) {
                rest.add(op);
            }
        }
        return rest;
    }

    private static <I, O> long lastReturn(List<Operation<I, O>> kept) {
        long lastReturn = Long.MIN_VALUE;
        for (Operation<I, O> op : kept) {
            if (!op.isUnknown()) {
                lastReturn = Math.max(lastReturn, op.returnTime());
            }
        }
        return lastReturn;
    }

    private List<Operation<I, O>> dropClients(List<Operation<I, O>> current) {
        Set<Integer> clients = new LinkedHashSet<>();
        current.forEach(op -> clients.add(op.clientId()));
        for (int client : clients) {
            List<Operation<I, O>> kept = new ArrayList<>(current.size());
            List<Operation<I, O>> dropped = new ArrayList<>();
            for (Operation<I, O> op : current) {
                (op.clientId() == client ? dropped : kept).add(op);
            }
            if (stillViolates(kept, dropped)) {
                current = kept;
                removed.addAll(dropped);
            }
        }
        return current;
    }

    /** Tries dropping each aligned chunk of {@code chunk} operations, from the latest to the earliest. */
    private List<Operation<I, O>> dropChunks(List<Operation<I, O>> current, int chunk) {
        for (int start = (current.size() - 1) / chunk * chunk; start >= 0; start -= chunk) {
            int end = Math.min(current.size(), start + chunk);
            List<Operation<I, O>> kept = new ArrayList<>(current.subList(0, start));
            kept.addAll(current.subList(end, current.size()));
            List<Operation<I, O>> dropped = current.subList(start, end);
            if (stillViolates(kept, dropped)) {
                removed.addAll(dropped);
                current = kept;
            }
        }
        return current;
    }

    private boolean stillViolates(List<Operation<I, O>> kept, List<Operation<I, O>> dropped) {
        if (kept.isEmpty()) {
            return false; // the empty history is linearizable
        }
        if (exhausted()) {
            gaveUp = true;
            return false;
        }
        checksLeft--;
        boolean violates = violates(kept);
        if (violates && explain) {
            // An unknown operation invoked after every kept operation returned must be linearized after all of
            // them, so it cannot explain anything: leave it out (it would only be pending in the search).
            long lastReturn = lastReturn(kept);
            List<Operation<I, O>> candidate = new ArrayList<>(kept);
            addAsUnknown(candidate, removed, lastReturn);
            addAsUnknown(candidate, dropped, lastReturn);
            violates = violates(candidate);
        }
        return violates;
    }

    private boolean violates(List<Operation<I, O>> candidate) {
        if (explain && candidate.stream().anyMatch(Operation::isUnknown)) {
            // Cheap first: refuting the relaxation in which unknown operations may happen more than once refutes
            // the candidate (see LoweSearch); its search space does not multiply with the unknown operations.
            stepsLeft -= candidate.size();
            Budget relaxed = new Budget(Math.max(0, Math.min(maxStepsPerCheck, stepsLeft)), deadlineNanos);
            LoweSearch.Verdict verdict = new LoweSearch<>(model, candidate, true).run(relaxed);
            stepsLeft -= relaxed.steps();
            if (verdict == LoweSearch.Verdict.NOT_LINEARIZABLE) {
                return true;
            }
        }
        stepsLeft -= candidate.size(); // building the search (sorting its entries) is work too
        Budget budget = new Budget(Math.max(0, Math.min(maxStepsPerCheck, stepsLeft)), deadlineNanos);
        LoweSearch.Verdict verdict = new LoweSearch<>(model, candidate).run(budget);
        stepsLeft -= budget.steps();
        if (verdict == LoweSearch.Verdict.BUDGET_EXCEEDED) {
            gaveUp = true;
            timedOut |= budget.timedOut();
        }
        return verdict == LoweSearch.Verdict.NOT_LINEARIZABLE;
    }

    private boolean exhausted() {
        if (!timedOut && deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0) {
            timedOut = true;
        }
        return checksLeft <= 0 || stepsLeft <= 0 || timedOut;
    }

    /**
     * Adds {@code ops} with an unknown outcome, except reads (an unknown read constrains nothing) and operations
     * invoked after {@code lastReturn}.
     */
    private void addAsUnknown(List<Operation<I, O>> candidate, List<Operation<I, O>> ops, long lastReturn) {
        for (Operation<I, O> op : ops) {
            if (!model.isReadOnly(op.input()) && op.invokeTime() <= lastReturn) {
                candidate.add(op.isUnknown() ? op
                        : Operation.unknownOutcome(op.id(), op.clientId(), op.input(), op.invokeTime()));
            }
        }
    }
}
