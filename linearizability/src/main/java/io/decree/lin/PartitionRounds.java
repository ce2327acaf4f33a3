package io.decree.lin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Searches the partitions of a history in rounds of growing step budgets, in parallel, stopping at the first
 * violation.
 *
 * <p>Why rounds: with one budget per partition checked in order, a partition the search cannot decide spends its
 * whole budget before a violating partition after it is even looked at. Here every undecided partition gets a small
 * budget first ({@value #FIRST_ROUND_STEPS} steps), then ten times more, up to the per-partition maximum; a violation
 * anywhere shows up in the first round cheap enough to find it. A search stopped by a round's budget is resumed by
 * the next round where it stopped, with its memo ({@link LoweSearch#run}), so the rounds cost no more steps than one
 * run with the final budget; only if the kept memos would take more than a quarter of the heap is a search dropped
 * and started again (at most a ninth more steps).
 *
 * <p>Why still deterministic: within a round, each partition's search is a pure function of its operations and the
 * round's budget, and the round waits for every partition before the lowest violating one; only partitions after it
 * are cancelled (they could not be the one reported). So the reported partition is the first violating one of the
 * first round that finds any, whatever the thread timing.
 */
final class PartitionRounds<S, I, O> {

    /** The first round's step budget per partition: most partitions are decided in far fewer steps. */
    static final long FIRST_ROUND_STEPS = 100_000;

    /** Model steps the reachable states may take per partition (once, after the first round), at most. */
    static final long REACHABLE_WORK = 2_000_000;

    /**
     * Memory a search's tables can take per step, at most about (a memo group with its completed-set words, its
     * table slot, a transition-table entry): searches kept between rounds may hold a quarter of the heap.
     */
    static final long BYTES_PER_STEP = 128;

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "linearizability-checker");
        t.setDaemon(true); // never keeps a JVM alive
        return t;
    });

    /**
     * The outcome of one partition's last search.
     *
     * @param search the search that decided (its failure prefix locates a violation)
     * @param exact  the exact search (its longest linearization is a real, partial or whole, linearization); the
     *               same as {@code search} unless the relaxed search refuted the partition
     * @param impossible when {@link ReachableStates} refuted the partition: the operation no reachable state
     *               accepts (a non-linearizable sub-history on its own); else null
     */
    record Outcome<S, I, O>(LoweSearch.Verdict verdict, LoweSearch<S, I, O> search, LoweSearch<S, I, O> exact,
            long steps, boolean timedOut, Operation<I, O> impossible) {

        /** Operations that are not linearizable on their own: where shrinking starts. */
        List<Operation<I, O>> failing() {
            return impossible != null ? List.of(impossible) : search.failurePrefix();
        }
    }

    private final Model<S, I, O> model;
    private final List<List<Operation<I, O>>> partitions;
    private final int parallelism;
    private final long deadlineNanos;
    // Per partition, across rounds: its searches (resumed by the next round), the reachable states' work.
    private final LoweSearch<S, I, O>[] exacts;
    private final LoweSearch<S, I, O>[] relaxeds;
    private final long[] reachableSpent;
    // Steps of the searches kept between rounds, a proxy for their memos' memory (each step stores at most one
    // configuration), and the cap on it.
    private final long[] retainedSteps;
    private final java.util.concurrent.atomic.AtomicLong retained = new java.util.concurrent.atomic.AtomicLong();
    private final long retainLimit;

    PartitionRounds(Model<S, I, O> model, List<List<Operation<I, O>>> partitions, int parallelism,
            long deadlineNanos) {
        this(model, partitions, parallelism, deadlineNanos, Runtime.getRuntime().maxMemory() / 4 / BYTES_PER_STEP);
    }

    /** @param retainLimit steps of the searches kept between rounds, at most (0: every round starts afresh) */
    PartitionRounds(Model<S, I, O> model, List<List<Operation<I, O>>> partitions, int parallelism,
            long deadlineNanos, long retainLimit) {
        this.model = model;
        this.partitions = partitions;
        this.parallelism = parallelism;
        this.deadlineNanos = deadlineNanos;
        this.exacts = newSearches(partitions.size());
        this.relaxeds = newSearches(partitions.size());
        this.reachableSpent = new long[partitions.size()];
        this.retainedSteps = new long[partitions.size()];
        this.retainLimit = retainLimit;
    }

    @SuppressWarnings("unchecked")
    private static <S, I, O> LoweSearch<S, I, O>[] newSearches(int n) {
        return (LoweSearch<S, I, O>[]) new LoweSearch<?, ?, ?>[n];
    }

    /**
     * Runs the rounds up to {@code maxSteps} per partition. Returns each partition's outcome (null for one that was
     * cancelled because a lower-numbered partition violates); {@code totalSteps[0]} receives the steps spent.
     */
    List<Outcome<S, I, O>> run(long maxSteps, long[] totalSteps) {
        List<Outcome<S, I, O>> outcomes = new ArrayList<>(java.util.Collections.nCopies(partitions.size(), null));
        List<Integer> undecided = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            undecided.add(i);
        }
        long budget = Math.min(FIRST_ROUND_STEPS, maxSteps);
        long reachableWork = Math.min(REACHABLE_WORK, maxSteps); // within the user's budget; the first round only
        try {
            while (true) {
                int violating = round(undecided, budget, reachableWork, outcomes);
                reachableWork = 0;
                if (violating >= 0) {
                    return outcomes;
                }
                List<Integer> next = new ArrayList<>();
                for (int i : undecided) {
                    Outcome<S, I, O> o = outcomes.get(i);
                    if (o.verdict() == LoweSearch.Verdict.BUDGET_EXCEEDED && !o.timedOut()) {
                        next.add(i);
                    }
                }
                if (next.isEmpty() || budget >= maxSteps) {
                    return outcomes;
                }
                undecided = next;
                budget = budget > maxSteps / 10 ? maxSteps : budget * 10;
            }
        } finally {
            for (int i = 0; i < partitions.size(); i++) {
                if (exacts[i] != null) {
                    totalSteps[0] += exacts[i].steps() + reachableSpent[i]
                            + (relaxeds[i] == null ? 0 : relaxeds[i].steps());
                    exacts[i].release(); // undecided ones: their memos are no longer needed
                }
                if (relaxeds[i] != null) {
                    relaxeds[i].release();
                }
            }
        }
    }

    /**
     * After a round left partition {@code index} undecided: keeps its searches for the next round, to resume there,
     * if the memory held by kept searches allows; else drops their tables (the next round starts it again, which
     * takes the same path at the cost of repeating this round's steps).
     */
    private void keepOrDrop(int index, java.util.concurrent.atomic.AtomicLong retained) {
        LoweSearch<S, I, O> exact = exacts[index];
        LoweSearch<S, I, O> relaxed = relaxeds[index];
        long held = (exact.resumable() ? exact.steps() : 0)
                + (relaxed != null && relaxed.resumable() ? relaxed.steps() : 0);
        if (retained.addAndGet(held) <= retainLimit) {
            retainedSteps[index] = held;
            return;
        }
        retained.addAndGet(-held);
        exacts[index] = null;
        relaxeds[index] = null;
        exact.release();
        if (relaxed != null) {
            relaxed.release();
        }
    }

    private static boolean hasUnknown(List<? extends Operation<?, ?>> ops) {
        for (Operation<?, ?> op : ops) {
            if (op.isUnknown()) {
                return true;
            }
        }
        return false;
    }

    /** One round over {@code indices}; returns the lowest violating partition, or -1. */
    private int round(List<Integer> indices, long budget, long reachableWork, List<Outcome<S, I, O>> outcomes) {
        AtomicInteger lowestViolation = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger nextTask = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong retained = this.retained;
        Runnable worker = () -> {
            for (int t = nextTask.getAndIncrement(); t < indices.size(); t = nextTask.getAndIncrement()) {
                int index = indices.get(t);
                if (index > lowestViolation.get() || failure.get() != null) {
                    continue; // cannot be the one reported
                }
                try {
                    List<Operation<I, O>> ops = partitions.get(index);
                    LoweSearch<S, I, O> exact = exacts[index];
                    if (exact == null) {
                        exact = new LoweSearch<>(model, ops);
                        exacts[index] = exact;
                    }
                    LoweSearch<S, I, O> relaxed = relaxeds[index];
                    retained.addAndGet(-retainedSteps[index]); // resumed (or new): its tables are in use again
                    retainedSteps[index] = 0;
                    Budget b = new Budget(Math.max(0, budget - exact.steps()), deadlineNanos,
                            () -> index > lowestViolation.get() || failure.get() != null);
                    LoweSearch<S, I, O> search = exact;
                    LoweSearch.Verdict verdict = exact.run(b);
                    Operation<I, O> impossible = null;
                    if (verdict == LoweSearch.Verdict.BUDGET_EXCEEDED && !b.stopped() && reachableWork > 0) {
                        // Undecided: is some operation impossible in every reachable state? (No search needed.)
                        ReachableStates.Refutation<I, O> r = ReachableStates.refute(model, ops, reachableWork);
                        reachableSpent[index] = r.work();
                        if (r.impossible() != null) {
                            impossible = r.impossible();
                            verdict = LoweSearch.Verdict.NOT_LINEARIZABLE;
                        }
                    }
                    if (verdict == LoweSearch.Verdict.BUDGET_EXCEEDED && !b.stopped() && hasUnknown(ops)) {
                        // Undecided with unknown outcomes: try to refute the relaxation in which each may happen
                        // more than once (see LoweSearch); its search space does not multiply with them. Once it
                        // has found a linearization (which proves nothing), later rounds skip it: run returns that.
                        if (relaxed == null) {
                            relaxed = new LoweSearch<>(model, ops, true);
                            relaxeds[index] = relaxed;
                        }
                        Budget relaxedBudget = new Budget(Math.max(0, budget - relaxed.steps()), deadlineNanos,
                                () -> index > lowestViolation.get() || failure.get() != null);
                        if (relaxed.run(relaxedBudget) == LoweSearch.Verdict.NOT_LINEARIZABLE) {
                            verdict = LoweSearch.Verdict.NOT_LINEARIZABLE;
                            search = relaxed;
                        }
                        b = relaxedBudget.timedOut() ? relaxedBudget : b;
                    }
                    // Steps as a single run of each search would count them: the same whether it was resumed or
                    // restarted (so results do not depend on what memory allowed to keep).
                    long steps = exact.steps() + reachableSpent[index] + (relaxed == null ? 0 : relaxed.steps());
                    if (verdict == LoweSearch.Verdict.BUDGET_EXCEEDED) {
                        keepOrDrop(index, retained);
                    }
                    synchronized (outcomes) {
                        outcomes.set(index, new Outcome<>(verdict, search, exact, steps, b.timedOut(), impossible));
                    }
                    if (verdict == LoweSearch.Verdict.NOT_LINEARIZABLE) {
                        lowestViolation.accumulateAndGet(index, Math::min);
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        int helpers = Math.min(parallelism, indices.size()) - 1;
        List<Future<?>> running = new ArrayList<>(Math.max(0, helpers));
        for (int h = 0; h < helpers; h++) {
            running.add(WORKERS.submit(worker));
        }
        worker.run(); // the caller works too
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking partitions", e);
            } catch (java.util.concurrent.ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        int lowest = lowestViolation.get();
        if (lowest != Integer.MAX_VALUE) {
            for (int i = lowest + 1; i < outcomes.size(); i++) {
                outcomes.set(i, null); // cancelled, or decided but not what is reported
            }
            return lowest;
        }
        return -1;
    }
}
