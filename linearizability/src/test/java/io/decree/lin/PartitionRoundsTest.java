package io.decree.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Parallel, budgeted partitions: a key the search cannot decide does not delay the verdict on a violating key, and
 * the reported key does not depend on the number of threads.
 */
class PartitionRoundsTest {

    /** An operation on a key: "add" (always legal), "never" (never legal), "write" and "read" (a register). */
    record Op(String key, String kind, int value) {
    }

    /**
     * Per key: the "slow" keys keep the order of their adds in the state, so Lowe's memo cannot merge configurations
     * and a refutation must enumerate the orders of their concurrent adds (12 adds: about 10^9 configurations).
     */
    static final Model<List<Integer>, Op, Integer> MODEL = new Model<>() {
        @Override
        public List<Integer> init() {
            return List.of();
        }

        @Override
        public Optional<List<Integer>> step(List<Integer> state, Op input, Integer output) {
            return switch (input.kind()) {
                case "read" -> Objects.equals(output, state.isEmpty() ? null : state.getLast()) ? Optional.of(state)
                        : Optional.empty();
                case "never" -> Optional.empty();
                default -> stepUnknown(state, input);
            };
        }

        @Override
        public Optional<List<Integer>> stepUnknown(List<Integer> state, Op input) {
            return switch (input.kind()) {
                case "read" -> Optional.of(state);
                case "never" -> Optional.empty();
                case "write" -> Optional.of(List.of(input.value()));
                default -> {
                    List<Integer> next = new ArrayList<>(state);
                    next.add(input.value());
                    yield Optional.of(List.copyOf(next));
                }
            };
        }

        @Override
        public Object partitionKey(Op input) {
            return input.key();
        }
    };

    private int nextClient;

    /** 12 overlapping adds and an overlapping operation that can never be linearized. */
    private void slowKey(History.Builder<Op, Integer> b, String key) {
        for (int i = 0; i < 12; i++) {
            b.add(nextClient++, new Op(key, "add", i), 0, 0, 100);
        }
        b.add(nextClient++, new Op(key, "never", 0), 0, 0, 100);
    }

    /** A stale read: write 1, then a read of 2. */
    private void violatingKey(History.Builder<Op, Integer> b, String key) {
        b.add(nextClient++, new Op(key, "write", 1), 0, 0, 1);
        b.add(nextClient++, new Op(key, "read", 0), 2, 2, 3);
    }

    private static final LinearizabilityChecker.Options UNBOUNDED = LinearizabilityChecker.Options.defaults()
            .withMaxStepsPerPartition(Long.MAX_VALUE / 2);

    @Test
    void theSlowKeyIsReallyUndecidableWithinABudget() {
        History.Builder<Op, Integer> b = History.builder();
        slowKey(b, "slow");
        CheckResult<Op, Integer> result = LinearizabilityChecker.check(b.build(), MODEL,
                LinearizabilityChecker.Options.defaults().withMaxStepsPerPartition(300_000));
        assertEquals("unknown (budget exceeded): 300000 steps exceeded on key slow (13 operations)",
                result.summary());
    }

    @Test
    void anUndecidableKeyDoesNotStarveAViolatingOne() {
        History.Builder<Op, Integer> b = History.builder();
        slowKey(b, "slow"); // first in order: the old sequential checker spent its whole budget here
        violatingKey(b, "bad");
        History<Op, Integer> history = b.build();
        for (int threads = 1; threads <= 3; threads++) {
            LinearizabilityChecker.Options options = UNBOUNDED.withParallelism(threads);
            CheckResult<Op, Integer> result = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> LinearizabilityChecker.check(history, MODEL, options));
            CheckResult.Violation<Op, Integer> v = assertInstanceOf(CheckResult.Violation.class, result);
            assertEquals("bad", v.partitionKey());
            assertEquals(List.of(new Op("bad", "read", 0)), v.minimal().operations().stream().map(Operation::input).toList());
        }
    }

    @Test
    void theReportedKeyIsTheFirstViolatingOneWhateverTheThreads() {
        History.Builder<Op, Integer> b = History.builder();
        slowKey(b, "slow-0");
        violatingKey(b, "bad-1");
        slowKey(b, "slow-2");
        violatingKey(b, "bad-3");
        slowKey(b, "slow-4");
        History<Op, Integer> history = b.build();
        for (int run = 0; run < 2; run++) {
            for (int threads = 1; threads <= 3; threads++) {
                CheckResult<Op, Integer> result = LinearizabilityChecker.check(history, MODEL,
                        UNBOUNDED.withParallelism(threads));
                assertEquals("bad-1", assertInstanceOf(CheckResult.Violation.class, result).partitionKey(),
                        "threads " + threads);
            }
        }
    }

    @Test
    void aLaterRoundDecidesWhatTheFirstCannot() {
        // 8 overlapping adds and a "never": refuting takes more than the first round's steps, less than the budget.
        History.Builder<Op, Integer> b = History.builder();
        for (int i = 0; i < 8; i++) {
            b.add(nextClient++, new Op("k", "add", i), 0, 0, 100);
        }
        b.add(nextClient++, new Op("k", "never", 0), 0, 0, 100);
        History<Op, Integer> history = b.build();
        CheckResult<Op, Integer> firstRoundOnly = LinearizabilityChecker.check(history, MODEL,
                LinearizabilityChecker.Options.defaults().withMaxStepsPerPartition(PartitionRounds.FIRST_ROUND_STEPS));
        assertInstanceOf(CheckResult.Unknown.class, firstRoundOnly);
        CheckResult<Op, Integer> result = LinearizabilityChecker.check(history, MODEL,
                LinearizabilityChecker.Options.defaults().withShrink(LinearizabilityChecker.Shrink.OFF));
        assertInstanceOf(CheckResult.Violation.class, result);
    }
}
