package io.decree.lin.lincheck;

import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.runtime.Protocol;
import io.decree.engine.runtime.ProtocolLoop;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * The submission and commit-notification path of a replica runner: {@link ProtocolLoop}, exactly the code
 * the protocol thread of {@code ReplicaRunner} runs, over a deterministic stand-in for the replica (a running
 * total: each command adds its amount and its result is the total after it). Clients {@code submit} from any
 * thread; the protocol thread is the operation {@code runOnce} (a non-parallel group: one consumer), so the
 * model checker controls it like any other thread. Checked:
 * <ul>
 *   <li>linearizability of the totals {@code runOnce} reports after each batch against the sequential spec
 *       (no submission lost or applied twice, whatever the interleaving of offers and drains);</li>
 *   <li>in {@link #everyFutureCompletedOnceWithItsOwnResult()} after every invocation: once the queue is
 *       drained, every client future is complete, its command was applied exactly once, and it holds that
 *       command's result, not a neighbour's.</li>
 * </ul>
 */
public class SubmissionPathLincheckTest {

    /** The replica's stand-in: records, per command sequence, how often it was applied and its result. */
    static final class RunningTotal implements Protocol {
        long total;
        final HashMap<Long, Long> resultBySequence = new HashMap<>();
        final HashMap<Long, Integer> appliedBySequence = new HashMap<>();

        @Override public void onMessage(int from, Message message) { throw new AssertionError("no messages in this test"); }

        @Override public void onTick() { throw new AssertionError("the clock never ticks in this test"); }

        @Override public CompletableFuture<byte[]> submit(Command command) {
            total += ByteBuffer.wrap(command.payload()).getInt();
            resultBySequence.put(command.sequence(), total);
            appliedBySequence.merge(command.sequence(), 1, Integer::sum);
            return CompletableFuture.completedFuture(ByteBuffer.allocate(8).putLong(total).array());
        }

        @Override public CompletableFuture<byte[]> submit(byte[] payload) { throw new AssertionError("sessions only in this test"); }

        @Override public CompletableFuture<Long> reconfigure(Configuration target) { throw new AssertionError("no membership changes in this test"); }

        @Override public void flush() { }
    }

    private record Submitted(long sequence, CompletableFuture<byte[]> future) {}

    private final RunningTotal replica = new RunningTotal();
    /** Completions run right after the flush on the consumer: the protocol thread's own path, fully visible to the model checker. */
    private final ProtocolLoop loop = new ProtocolLoop(1, replica, 16, 64, () -> 0, Long.MAX_VALUE, Runnable::run);
    private final AtomicLong sequences = new AtomicLong();
    private final ConcurrentLinkedQueue<Submitted> submitted = new ConcurrentLinkedQueue<>();

    @Operation
    public void submit(@Param(gen = IntGen.class, conf = "1:3") int amount) {
        long sequence = sequences.incrementAndGet();
        submitted.add(new Submitted(sequence, loop.submit(new Command(7, sequence, ByteBuffer.allocate(4).putInt(amount).array()))));
    }

    @Operation(nonParallelGroup = "protocol")
    public long runOnce() {
        loop.runOnce();
        return replica.total;
    }

    @Validate
    public void everyFutureCompletedOnceWithItsOwnResult() {
        while (loop.runOnce() > 0) { } // the protocol thread catches up with the queue
        for (Submitted s : submitted) {
            if (!s.future.isDone()) throw new AssertionError("submission " + s.sequence + " never completed");
            Integer applied = replica.appliedBySequence.get(s.sequence);
            if (applied == null || applied != 1) throw new AssertionError("submission " + s.sequence + " applied " + applied + " times");
            long result = ByteBuffer.wrap(s.future.join()).getLong();
            if (result != replica.resultBySequence.get(s.sequence))
                throw new AssertionError("submission " + s.sequence + " completed with " + result + ", its command produced " + replica.resultBySequence.get(s.sequence));
        }
        if (loop.outstanding() != 0) throw new AssertionError(loop.outstanding() + " futures still outstanding");
    }

    /** Sequential specification: submissions wait for the protocol thread; a batch applies all of them. */
    public static final class Spec {
        private long pending;
        private long total;

        public void submit(int amount) { pending += amount; }

        public long runOnce() {
            total += pending;
            pending = 0;
            return total;
        }
    }

    @Test
    void stress() {
        new StressOptions().sequentialSpecification(Spec.class)
                .threads(3).actorsPerThread(3)
                .iterations(Tier.pick(10, 100)).invocationsPerIteration(Tier.pick(1_000, 20_000))
                .check(getClass());
    }

    @Test
    void modelChecking() {
        // CompletableFuture and HashMap internals are model-checked too, so an invocation costs ~30x a queue one.
        new ModelCheckingOptions().sequentialSpecification(Spec.class)
                .threads(3).actorsPerThread(2)
                .iterations(Tier.pick(6, 100)).invocationsPerIteration(Tier.pick(150, 5_000))
                .check(getClass());
    }
}
