package io.decree.lin.lincheck;

import io.decree.engine.runtime.MpscQueue;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The runtime's inbound queue ({@link MpscQueue}) against a sequential bounded queue: concurrent offers from
 * any thread, polls from one consumer ({@code nonParallelGroup}: Lincheck never runs two polls in parallel,
 * which is the queue's single-consumer contract). A ring of two slots reaches "full" and wraps around within
 * a handful of operations, which is where a ring buffer's bugs live.
 */
public class MpscQueueLincheckTest {
    static final int CAPACITY = 2;

    private final MpscQueue<Integer> queue = new MpscQueue<>(CAPACITY);

    @Operation
    public boolean offer(@Param(gen = IntGen.class, conf = "1:9") int value) { return queue.offer(value); }

    @Operation(nonParallelGroup = "consumer")
    public Integer poll() { return queue.poll(); }

    @Test
    void stress() {
        new StressOptions()
                .sequentialSpecification(BoundedQueueSpec.class)
                .threads(3).actorsPerThread(4)
                .iterations(Tier.pick(10, 200)).invocationsPerIteration(Tier.pick(1_000, 20_000))
                .check(getClass());
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions()
                .sequentialSpecification(BoundedQueueSpec.class)
                .threads(3).actorsPerThread(3)
                .iterations(Tier.pick(15, 200)).invocationsPerIteration(Tier.pick(300, 10_000))
                .check(getClass());
    }
}
