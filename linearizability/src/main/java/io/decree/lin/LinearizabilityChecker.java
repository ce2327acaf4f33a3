package io.decree.lin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a concurrent history is linearizable with respect to a sequential {@link Model}.
 *
 * <pre>{@code
 * CheckResult<KvOp<String, String>, OpResult<String>> result =
 *         LinearizabilityChecker.check(recorder.history(), new KvModel<>());
 * switch (result) {
 *     case CheckResult.Linearizable<?, ?> ok -> { }
 *     case CheckResult.Violation<?, ?> v -> fail(v.text() + " (seed " + seed + ")");  // v.writeHtml(path) for a picture
 *     case CheckResult.Unknown<?, ?> u -> log(u.summary());                            // budget exceeded: no verdict
 * }
 * }</pre>
 *
 * <p>How: the history is split into independent partitions with {@link Model#partitionKey} (P-compositionality);
 * unknown-outcome reads are dropped (they constrain nothing); each partition is searched with Wing and Gong's
 * algorithm as improved by Lowe (memoised configurations), see {@link LoweSearch}, in parallel and in rounds of
 * growing step budgets ({@link PartitionRounds}), so that an undecidable partition cannot delay finding a violation
 * in another; a partition still undecided after a round is tried by {@link ReachableStates} (an operation no
 * reachable state accepts) and by the relaxed search. The first partition, in order of first appearance, that the first conclusive round finds without a
 * linearization is shrunk to a minimal non-linearizable sub-history and rendered.
 *
 * <p>Deterministic: the same history and model give the same result, unless a wall-clock {@link Options#timeout} is
 * set (the step budget is the deterministic bound).
 */
public final class LinearizabilityChecker {

    private LinearizabilityChecker() {
    }

    /**
     * Limits and switches.
     *
     * @param maxStepsPerPartition search steps allowed per partition before giving up with {@link CheckResult.Unknown}
     * @param timeout              wall-clock limit for the whole check, or null for none (not deterministic)
     * @param shrink               how to shrink a violation to a minimal sub-history
     * @param maxShrinkChecks      how many candidate sub-histories shrinking may search
     * @param maxShrinkSteps       search steps shrinking may spend in total; each candidate gets at most a
     *                             fiftieth of it, and one that needs more is kept. When spent, the violation is
     *                             reported as shrunk so far
     * @param parallelism          threads that search partitions at once (1: the calling thread only); the result
     *                             does not depend on it
     * @param shrinkTimeout        wall-clock limit for shrinking, or null for none (not deterministic); shrinking
     *                             also stops at {@code timeout}. When it stops, the violation is reported as shrunk
     *                             so far, and says so
     */
    public record Options(long maxStepsPerPartition, Duration timeout, Shrink shrink, int maxShrinkChecks,
            long maxShrinkSteps, int parallelism, Duration shrinkTimeout) {

        /** With {@code parallelism} = the available processors. */
        public Options(long maxStepsPerPartition, Duration timeout, Shrink shrink, int maxShrinkChecks,
                long maxShrinkSteps) {
            this(maxStepsPerPartition, timeout, shrink, maxShrinkChecks, maxShrinkSteps,
                    Runtime.getRuntime().availableProcessors());
        }

        /** Without a shrinking time limit. */
        public Options(long maxStepsPerPartition, Duration timeout, Shrink shrink, int maxShrinkChecks,
                long maxShrinkSteps, int parallelism) {
            this(maxStepsPerPartition, timeout, shrink, maxShrinkChecks, maxShrinkSteps, parallelism, null);
        }

        public Options {
            if (shrinkTimeout != null && (shrinkTimeout.isNegative() || shrinkTimeout.isZero())) {
                throw new IllegalArgumentException("shrinkTimeout must be positive, was " + shrinkTimeout);
            }
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
            }
            Objects.requireNonNull(shrink, "shrink");
            if (maxStepsPerPartition <= 0) {
                throw new IllegalArgumentException("maxStepsPerPartition must be positive, was " + maxStepsPerPartition);
            }
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            if (maxShrinkChecks < 0 || maxShrinkSteps < 0) {
                throw new IllegalArgumentException("maxShrinkChecks and maxShrinkSteps must be >= 0, were "
                        + maxShrinkChecks + " and " + maxShrinkSteps);
            }
        }

        /**
         * 20 million steps per partition (a few seconds at most), no timeout, EXPLAIN shrinking with up to 5,000
         * candidates and 20 million steps.
         */
        public static Options defaults() {
            return new Options(20_000_000, null, Shrink.EXPLAIN, 5_000, 20_000_000);
        }

        public Options withMaxStepsPerPartition(long steps) {
            return new Options(steps, timeout, shrink, maxShrinkChecks, maxShrinkSteps, parallelism, shrinkTimeout);
        }

        public Options withTimeout(Duration limit) {
            return new Options(maxStepsPerPartition, limit, shrink, maxShrinkChecks, maxShrinkSteps, parallelism,
                    shrinkTimeout);
        }

        public Options withShrink(Shrink mode) {
            return new Options(maxStepsPerPartition, timeout, mode, maxShrinkChecks, maxShrinkSteps, parallelism,
                    shrinkTimeout);
        }

        public Options withShrinkBudget(int checks, long steps) {
            return new Options(maxStepsPerPartition, timeout, shrink, checks, steps, parallelism, shrinkTimeout);
        }

        public Options withParallelism(int threads) {
            return new Options(maxStepsPerPartition, timeout, shrink, maxShrinkChecks, maxShrinkSteps, threads,
                    shrinkTimeout);
        }

        public Options withShrinkTimeout(Duration limit) {
            return new Options(maxStepsPerPartition, timeout, shrink, maxShrinkChecks, maxShrinkSteps, parallelism,
                    limit);
        }
    }

    /** How a violation is shrunk to a minimal non-linearizable sub-history (see {@link Shrinker}). */
    public enum Shrink {
        /** Report the whole offending partition. */
        OFF,
        /** Greedily drop operations while the rest alone is still non-linearizable. */
        REMOVE,
        /**
         * Greedily drop operations while the rest is still non-linearizable even if the operations being dropped may
         * have taken effect at any time after their invocation, or never: keeps the writes that explain what reads
         * saw.
         */
        EXPLAIN
    }

    /** Checks {@code history} against {@code model} with {@link Options#defaults()}. */
    public static <S, I, O> CheckResult<I, O> check(History<I, O> history, Model<S, I, O> model) {
        return check(history, model, Options.defaults());
    }

    /** Checks {@code history} against {@code model}. */
    public static <S, I, O> CheckResult<I, O> check(History<I, O> history, Model<S, I, O> model, Options options) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        long deadline = options.timeout() == null ? Long.MAX_VALUE : System.nanoTime() + options.timeout().toNanos();
        Map<Object, List<Operation<I, O>>> partitions = partition(history, model);
        List<Object> keys = new ArrayList<>(partitions.keySet());
        List<List<Operation<I, O>>> parts = new ArrayList<>(partitions.values());
        long[] steps = new long[1];
        List<PartitionRounds.Outcome<S, I, O>> outcomes = new PartitionRounds<>(model, parts, options.parallelism(),
                deadline).run(options.maxStepsPerPartition(), steps);
        int operations = 0;
        String exceeded = null;
        Map<Object, List<Operation<I, O>>> linearization = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            PartitionRounds.Outcome<S, I, O> outcome = outcomes.get(i);
            List<Operation<I, O>> ops = parts.get(i);
            operations += ops.size();
            switch (outcome.verdict()) {
                case LINEARIZABLE -> linearization.put(keys.get(i), outcome.search().longestLinearization());
                case NOT_LINEARIZABLE -> {
                    return violation(model, keys.get(i), ops, outcome, options, deadline);
                }
                case BUDGET_EXCEEDED -> {
                    if (exceeded == null) {
                        exceeded = (outcome.timedOut() ? "timeout of " + options.timeout()
                                : options.maxStepsPerPartition() + " steps")
                                + " exceeded on " + describeKey(keys.get(i)) + " (" + ops.size() + " operations)";
                    }
                }
            }
        }
        if (exceeded != null) {
            return new CheckResult.Unknown<>(exceeded, steps[0]);
        }
        return new CheckResult.Linearizable<>(operations, partitions.size(), steps[0], linearization);
    }

    /**
     * Splits the history by {@link Model#partitionKey}, in order of first appearance, leaving out unknown-outcome
     * reads. A single partition (key null) when the model does not partition, or any input has no key.
     */
    static <S, I, O> Map<Object, List<Operation<I, O>>> partition(History<I, O> history, Model<S, I, O> model) {
        Map<Object, List<Operation<I, O>>> partitions = new LinkedHashMap<>();
        List<Operation<I, O>> all = new ArrayList<>();
        boolean partitionable = true;
        for (Operation<I, O> op : history.operations()) {
            if (op.isUnknown() && model.isReadOnly(op.input())) {
                continue;
            }
            all.add(op);
            Object key = model.partitionKey(op.input());
            if (key == null) {
                partitionable = false;
            } else if (partitionable) {
                partitions.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
            }
        }
        if (!partitionable) {
            Map<Object, List<Operation<I, O>>> whole = new LinkedHashMap<>();
            whole.put(null, all);
            return whole;
        }
        return partitions;
    }

    private static <S, I, O> CheckResult<I, O> violation(Model<S, I, O> model, Object key,
            List<Operation<I, O>> partition, PartitionRounds.Outcome<S, I, O> outcome, Options options,
            long checkDeadline) {
        List<Operation<I, O>> failing = outcome.failing();
        Shrinker.Shrunk<I, O> shrunk;
        if (options.shrink() == Shrink.OFF) {
            shrunk = new Shrinker.Shrunk<>(failing, false, Shrink.OFF, failing.size(), 0, 0, null);
        } else {
            long deadline = checkDeadline;
            if (options.shrinkTimeout() != null) {
                deadline = Math.min(deadline, System.nanoTime() + options.shrinkTimeout().toNanos());
            }
            shrunk = new Shrinker<>(model, options.shrink() == Shrink.EXPLAIN,
                    Math.max(1, options.maxShrinkSteps() / 50), options.maxShrinkSteps(), options.maxShrinkChecks(),
                    deadline).shrink(failing, without(partition, failing));
        }
        // The report and the partial linearization are made when first asked for (CheckResult.Violation).
        LoweSearch<S, I, O> exact = outcome.exact();
        Shrink mode = options.shrink();
        return new CheckResult.Violation<>(key, History.of(shrunk.operations()), shrunk.oneMinimal(),
                partition.size(), mode == Shrink.OFF ? "not shrunk" : shrunk.progress(), exact::longestLinearization,
                longestPartial -> {
                    ViolationReport<S, I, O> report = new ViolationReport<>(model, key, shrunk, mode, partition,
                            longestPartial);
                    return new CheckResult.Violation.Report(report.text(), report::html);
                });
    }

    private static <I, O> List<Operation<I, O>> without(List<Operation<I, O>> all, List<Operation<I, O>> some) {
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        some.forEach(op -> ids.add(op.id()));
        return all.stream().filter(op -> !ids.contains(op.id())).toList();
    }

    private static String describeKey(Object key) {
        return key == null ? "the whole history" : "key " + key;
    }
}
