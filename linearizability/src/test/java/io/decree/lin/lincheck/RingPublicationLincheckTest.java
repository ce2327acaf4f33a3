package io.decree.lin.lincheck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.ring.RingMutant;
import io.decree.engine.ring.RingReceiver;
import io.decree.engine.ring.RingSender;
import io.decree.engine.wire.WireCodec;
import java.util.Set;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuarantee;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The ring's single-producer/single-consumer publication ({@link RingSender} writes and publishes,
 * {@link RingReceiver} polls and writes its head back) against a sequential bounded FIFO: one producer, one
 * consumer ({@code nonParallelGroup}s), a 256-byte ring whose records are 128 bytes, so it holds two and wraps
 * every other record, as {@link BoundedQueueSpec} of capacity 2. A poll that reads an invalid record returns
 * -1, which the specification never does. The same suite over {@link RingMutant#PUBLISH_BEFORE_PAYLOAD} must
 * fail.
 */
public class RingPublicationLincheckTest {
    /** 75 payload bytes make a 120-byte ClientRequest frame and a 128-byte record: two fill the 256-byte ring. */
    private static final int PAYLOAD = 75;

    private final Ring ring = new Ring(Set.of());

    @Operation(nonParallelGroup = "producer")
    public boolean offer(@Param(gen = IntGen.class, conf = "1:9") int value) { return ring.offer(value); }

    @Operation(nonParallelGroup = "consumer")
    public Integer poll() { return ring.poll(); }

    /** A sender and a receiver over one heap region; the operations Lincheck calls. */
    static final class Ring implements RingReceiver.FrameHandler {
        private final RingSender sender;
        private final RingReceiver receiver;
        // One codec per role for every invocation: the producer's operations run on one thread at a time, the
        // consumer's too, and invocations follow each other; building codecs per invocation slowed the stress run.
        private static final WireCodec SENDER_CODEC = new WireCodec(), RECEIVER_CODEC = new WireCodec();
        private final WireCodec codec = RECEIVER_CODEC;
        private Integer polled;

        Ring(Set<RingMutant> mutants) {
            HeapRingRegion region = new HeapRingRegion(256);
            this.sender = new RingSender(region.writer, SENDER_CODEC, mutants);
            this.receiver = new RingReceiver(region.receiver, codec);
        }

        boolean offer(int value) {
            Message m = new ClientRequest(new Command(value, value, new byte[PAYLOAD]), false);
            return sender.offer(m, 0) == RingSender.Result.SENT;
        }

        Integer poll() {
            polled = null;
            long malformed = receiver.malformed();
            receiver.poll(this, 1);
            return receiver.malformed() != malformed ? Integer.valueOf(-1) : polled;
        }

        @Override public void onFrame(int writer, org.agrona.DirectBuffer buffer, int offset, int length) {
            polled = (int) ((ClientRequest) codec.decode(buffer, offset, length)).command().clientId();
        }
    }

    /**
     * The codec and Agrona's buffers run without switch points: they touch only the writer's staging memory or
     * bytes below a tail already read, so switching inside them finds nothing new, and Lincheck 3.7's field
     * tracking fails on Agrona's static {@code SHOULD_BOUNDS_CHECK} ("does not have field"). The switch points
     * that matter stay: the tail and head atomics and the pieces of each write into the ring.
     */
    static final ManagedStrategyGuarantee OPAQUE = ManagedStrategyGuaranteeKt.forClasses(
            "org.agrona.concurrent.UnsafeBuffer", "org.agrona.AbstractMutableDirectBuffer", "io.decree.engine.wire.WireCodec")
            .allMethods().ignore();

    @Test void stress() {
        new StressOptions().sequentialSpecification(BoundedQueueSpec.class)
                .threads(2).actorsPerThread(4)
                .iterations(Tier.pick(3, 200)).invocationsPerIteration(Tier.pick(300, 20_000))
                .check(getClass());
    }

    @Test void modelChecking() {
        new ModelCheckingOptions().sequentialSpecification(BoundedQueueSpec.class).addGuarantee(OPAQUE)
                .threads(2).actorsPerThread(3)
                .iterations(Tier.pick(6, 200)).invocationsPerIteration(Tier.pick(100, 10_000))
                .check(getClass());
    }

    /** The mutant sender: the same operations over a ring that publishes before it writes. */
    public static class PublishBeforePayload {
        private final Ring ring = new Ring(Set.of(RingMutant.PUBLISH_BEFORE_PAYLOAD));

        @Operation(nonParallelGroup = "producer")
        public boolean offer(@Param(gen = IntGen.class, conf = "1:9") int value) { return ring.offer(value); }

        @Operation(nonParallelGroup = "consumer")
        public Integer poll() { return ring.poll(); }
    }

    @Test void modelCheckingRejectsPublishingBeforeThePayload() {
        AssertionError e = assertThrows(AssertionError.class, () -> new ModelCheckingOptions()
                .sequentialSpecification(BoundedQueueSpec.class).addGuarantee(OPAQUE)
                .threads(2).actorsPerThread(3)
                .iterations(Tier.pick(10, 200)).invocationsPerIteration(Tier.pick(100, 10_000))
                .minimizeFailedScenario(false)
                .check(PublishBeforePayload.class));
        assertTrue(e.getMessage().contains("Invalid execution results"), e.getMessage());
    }
}
