package io.decree.lin.lincheck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * The queue suite can fail: the same operations and sequential specification as
 * {@link MpscQueueLincheckTest}, over deliberately broken queues, must be rejected with a counterexample.
 */
class BrokenQueueCaughtTest {

    public static class RelaxedPoll {
        private final BrokenMpscQueue queue = new BrokenMpscQueue(MpscQueueLincheckTest.CAPACITY, BrokenMpscQueue.Bug.RELAXED_POLL);

        @Operation
        public boolean offer(@Param(gen = IntGen.class, conf = "1:9") int value) { return queue.offer(value); }

        @Operation(nonParallelGroup = "consumer")
        public Integer poll() { return queue.poll(); }
    }

    public static class RacyClaim {
        private final BrokenMpscQueue queue = new BrokenMpscQueue(MpscQueueLincheckTest.CAPACITY, BrokenMpscQueue.Bug.RACY_CLAIM);

        @Operation
        public boolean offer(@Param(gen = IntGen.class, conf = "1:9") int value) { return queue.offer(value); }

        @Operation(nonParallelGroup = "consumer")
        public Integer poll() { return queue.poll(); }
    }

    @Test
    void modelCheckingRejectsTheRelaxedPoll() {
        AssertionError e = assertThrows(AssertionError.class, () -> new ModelCheckingOptions()
                .sequentialSpecification(BoundedQueueSpec.class)
                .threads(3).actorsPerThread(3)
                .iterations(Tier.pick(20, 200)).invocationsPerIteration(Tier.pick(500, 10_000))
                .check(RelaxedPoll.class));
        assertTrue(e.getMessage().contains("Invalid execution results"), e.getMessage());
        System.out.println("[lincheck] RELAXED_POLL rejected, as it must be:\n" + e.getMessage());
    }

    @Test
    void modelCheckingRejectsTheRacyClaim() {
        AssertionError e = assertThrows(AssertionError.class, () -> new ModelCheckingOptions()
                .sequentialSpecification(BoundedQueueSpec.class)
                .threads(3).actorsPerThread(3)
                .iterations(Tier.pick(20, 200)).invocationsPerIteration(Tier.pick(500, 10_000))
                .minimizeFailedScenario(false)
                .check(RacyClaim.class));
        assertTrue(e.getMessage().contains("Invalid execution results"), e.getMessage());
    }
}
