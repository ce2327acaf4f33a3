package io.decree.lin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Shrinks a non-linearizable sub-history greedily (in the manner of delta debugging): drop whole clients, then
 * chunks of operations of halving size, then single operations, keeping each removal that leaves the rest still
 * non-linearizable. A final pass in which no single removal is possible makes the result 1-minimal.
 *
 * <p>What "still non-linearizable" means depends on the {@link LinearizabilityChecker.Shrink} mode. With
 * {@code REMOVE} the kept operations alone must be non-linearizable. With {@code EXPLAIN} they must be
 * non-linearizable even when every dropped operation is put back with an unknown outcome (it may have taken effect at
 * any time after its invocation, or never). The difference shows on a stale read {@code write(1); write(2);
 * read() -> 1}: plain removal shrinks it to {@code read() -> 1} alone ("a value nobody wrote"), which is minimal but
 * misleading; EXPLAIN keeps {@code write(1)}, since a {@code write(1)} that may land at any time would explain the
 * read. Either way the result is a non-linearizable history on its own (unknown operations may never happen).
 *
 * <p>A candidate whose search runs out of budget counts as "not shown to be non-linearizable" and is kept, so the
 * result is always a proven violation.
 */
final class Shrinker<S, I, O> {

    record Shrunk<I, O>(List<Operation<I, O>> operations, boolean oneMinimal) {
    }

    private final Model<S, I, O> model;
    private final long maxStepsPerCheck;
    private final boolean explain;
    private List<Operation<I, O>> all = List.of();
    private int checksLeft;
    private boolean budgetHit;

    Shrinker(Model<S, I, O> model, boolean explain, long maxStepsPerCheck, int maxChecks) {
        this.model = model;
        this.explain = explain;
        this.maxStepsPerCheck = maxStepsPerCheck;
        this.checksLeft = maxChecks;
    }

    Shrunk<I, O> shrink(List<Operation<I, O>> violating) {
        all = violating;
        List<Operation<I, O>> current = new ArrayList<>(violating);
        current = dropClients(current);
        for (int chunk = Integer.highestOneBit(Math.max(1, current.size() / 2)); chunk > 1; chunk /= 2) {
            current = dropChunks(current, chunk);
        }
        boolean removed = true;
        while (removed && checksLeft > 0) {
            int before = current.size();
            budgetHit = false; // only the last pass decides minimality
            current = dropChunks(current, 1);
            removed = current.size() < before;
        }
        return new Shrunk<>(List.copyOf(current), !budgetHit && checksLeft > 0);
    }

    private List<Operation<I, O>> dropClients(List<Operation<I, O>> current) {
        Set<Integer> clients = new LinkedHashSet<>();
        current.forEach(op -> clients.add(op.clientId()));
        for (int client : clients) {
            List<Operation<I, O>> candidate = new ArrayList<>(current.size());
            for (Operation<I, O> op : current) {
                if (op.clientId() != client) {
                    candidate.add(op);
                }
            }
            if (stillViolates(candidate)) {
                current = candidate;
            }
        }
        return current;
    }

    private List<Operation<I, O>> dropChunks(List<Operation<I, O>> current, int chunk) {
        int start = 0;
        while (start < current.size()) {
            List<Operation<I, O>> candidate = new ArrayList<>(current.subList(0, start));
            candidate.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
            if (stillViolates(candidate)) {
                current = candidate;
            } else {
                start += chunk;
            }
        }
        return current;
    }

    private boolean stillViolates(List<Operation<I, O>> candidate) {
        if (candidate.isEmpty() || checksLeft <= 0) {
            return false;
        }
        checksLeft--;
        LoweSearch.Verdict verdict = new LoweSearch<>(model, explain ? withDroppedAsUnknown(candidate) : candidate).run(new Budget(maxStepsPerCheck, Long.MAX_VALUE));
        if (verdict == LoweSearch.Verdict.BUDGET_EXCEEDED) {
            budgetHit = true;
        }
        return verdict == LoweSearch.Verdict.NOT_LINEARIZABLE;
    }

    /** The candidate plus every dropped operation, now with an unknown outcome (unknown reads constrain nothing). */
    private List<Operation<I, O>> withDroppedAsUnknown(List<Operation<I, O>> kept) {
        Set<Integer> keptIds = new java.util.HashSet<>();
        kept.forEach(op -> keptIds.add(op.id()));
        List<Operation<I, O>> ops = new ArrayList<>(all.size());
        for (Operation<I, O> op : all) {
            if (keptIds.contains(op.id())) {
                ops.add(op);
            } else if (!model.isReadOnly(op.input())) {
                ops.add(Operation.unknownOutcome(op.id(), op.clientId(), op.input(), op.invokeTime()));
            }
        }
        return ops;
    }
}
