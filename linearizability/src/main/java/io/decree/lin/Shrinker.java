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
 * <p>Budgets are deterministic: a step budget per candidate and a total. A candidate whose search runs out of budget
 * counts as "not shown to be non-linearizable" and is kept, so the result is always a proven violation.
 */
final class Shrinker<S, I, O> {

    record Shrunk<I, O>(List<Operation<I, O>> operations, boolean oneMinimal) {
    }

    private final Model<S, I, O> model;
    private final boolean explain;
    private final List<Operation<I, O>> removed = new ArrayList<>();
    private final long maxStepsPerCheck;
    private long stepsLeft;
    private int checksLeft;
    private boolean gaveUp;

    Shrinker(Model<S, I, O> model, boolean explain, long maxStepsPerCheck, long maxSteps, int maxChecks) {
        this.model = model;
        this.explain = explain;
        this.maxStepsPerCheck = maxStepsPerCheck;
        this.stepsLeft = maxSteps;
        this.checksLeft = maxChecks;
    }

    /**
     * @param violating a non-linearizable history
     * @param cut       operations already cut from it (EXPLAIN still lets them take effect at any time)
     */
    Shrunk<I, O> shrink(List<Operation<I, O>> violating, List<Operation<I, O>> cut) {
        removed.addAll(cut);
        List<Operation<I, O>> current = new ArrayList<>(violating);
        current.sort(Comparator.comparingLong((Operation<I, O> op) -> op.invokeTime()).thenComparingInt(Operation::id));
        for (int chunk = Integer.highestOneBit(Math.max(1, current.size() / 2)); chunk > 1; chunk /= 2) {
            current = dropChunks(current, chunk);
        }
        current = dropClients(current);
        boolean removed = true;
        while (removed && !exhausted()) {
            int before = current.size();
            gaveUp = false; // only the last pass decides minimality
            current = dropChunks(current, 1);
            removed = current.size() < before;
        }
        return new Shrunk<>(List.copyOf(current), !gaveUp && !exhausted());
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
            long lastReturn = Long.MIN_VALUE;
            for (Operation<I, O> op : kept) {
                if (!op.isUnknown()) {
                    lastReturn = Math.max(lastReturn, op.returnTime());
                }
            }
            List<Operation<I, O>> candidate = new ArrayList<>(kept);
            addAsUnknown(candidate, removed, lastReturn);
            addAsUnknown(candidate, dropped, lastReturn);
            violates = violates(candidate);
        }
        return violates;
    }

    private boolean violates(List<Operation<I, O>> candidate) {
        Budget budget = new Budget(Math.min(maxStepsPerCheck, stepsLeft), Long.MAX_VALUE);
        LoweSearch.Verdict verdict = new LoweSearch<>(model, candidate).run(budget);
        stepsLeft -= budget.steps();
        if (verdict == LoweSearch.Verdict.BUDGET_EXCEEDED) {
            gaveUp = true;
        }
        return verdict == LoweSearch.Verdict.NOT_LINEARIZABLE;
    }

    private boolean exhausted() {
        return checksLeft <= 0 || stepsLeft <= 0;
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
