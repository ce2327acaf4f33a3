package io.decree.engine.ring.verbs;

import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.Message;
import io.decree.engine.ring.FabricException;
import io.decree.engine.ring.RegisteredRegion;
import io.decree.engine.ring.RingReceiver;
import io.decree.engine.ring.RingSender;
import io.decree.engine.wire.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring protocol over the verbs fabric on a real device: a receiver and a writer in this process, their
 * queue pairs connected through the NIC's loopback. Needs an RDMA device with an ACTIVE port (a ConnectX, or
 * Soft-RoCE: docs/rdma.md); elsewhere {@link VerbsFabric#open} throws {@link RdmaUnavailableException} and
 * {@link SkipWithoutRdma} turns each test into a skip whose reason names what was missing.
 */
class VerbsFabricTest {
    private static final int RECEIVER = 1, WRITER = 2;
    private VerbsFabric fabric;
    private RegisteredRegion exposed;
    private RingReceiver receiver;
    private RingSender sender;
    private final WireCodec receiverCodec = new WireCodec();
    private final List<Message> delivered = new ArrayList<>();
    private final RingReceiver.FrameHandler collect =
            (writer, buffer, offset, length) -> delivered.add(receiverCodec.decode(buffer, offset, length));

    @BeforeEach void open() throws FabricException {
        fabric = VerbsFabric.open(VerbsOptions.fromSystemProperties(), new VerbsRendezvous.InProcess());
        exposed = fabric.expose(RECEIVER, WRITER, 4096);
        receiver = new RingReceiver(exposed, receiverCodec);
        sender = new RingSender(fabric.connect(RECEIVER, WRITER), new WireCodec());
    }

    @AfterEach void close() {
        if (fabric != null) fabric.close();
    }

    private static Heartbeat heartbeat(long i) {
        return new Heartbeat(i, i * 2, i * 3);
    }

    /** Polls until {@code count} frames have arrived; an RDMA WRITE lands microseconds after its completion. */
    private void awaitDelivered(int count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (delivered.size() < count) {
            receiver.poll(collect, Integer.MAX_VALUE);
            if (System.nanoTime() > deadline) throw new AssertionError("only " + delivered.size() + " of " + count + " frames arrived in 10 s");
            Thread.onSpinWait();
        }
    }

    @Test void framesWrapAroundTheRingAndArriveInOrder() {
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Heartbeat m = heartbeat(i);
            long deadline = System.nanoTime() + 10_000_000_000L;
            RingSender.Result result;
            while ((result = sender.offer(m, i)) == RingSender.Result.FULL) {
                receiver.poll(collect, Integer.MAX_VALUE);   // the head goes back by RDMA WRITE; room follows
                if (System.nanoTime() > deadline) throw new AssertionError("no room in the ring for 10 s at frame " + i);
            }
            assertEquals(RingSender.Result.SENT, result);
            sent.add(m);
        }
        awaitDelivered(sent.size());
        assertEquals(sent, delivered);
        assertEquals(0, receiver.malformed());
    }

    @Test void aRevokedWriterPublishesNothingAndReconnectsAfterARegrant() throws FabricException {
        assertEquals(RingSender.Result.SENT, sender.offer(heartbeat(1), 0));
        awaitDelivered(1);
        long fence = receiver.revoke();
        assertEquals(RingSender.Result.REVOKED, sender.offer(heartbeat(2), 0));
        assertEquals(RingSender.Result.REVOKED, sender.offer(heartbeat(3), 0));
        assertEquals(fence, exposed.tail(), "the fence holds");
        receiver.poll(collect, Integer.MAX_VALUE);
        assertEquals(List.<Message>of(heartbeat(1)), delivered);
        assertThrows(FabricException.class, () -> fabric.connect(RECEIVER, WRITER));

        receiver.regrant();
        sender = new RingSender(fabric.connect(RECEIVER, WRITER), new WireCodec());
        assertEquals(RingSender.Result.SENT, sender.offer(heartbeat(4), 0));
        awaitDelivered(2);
        assertEquals(List.<Message>of(heartbeat(1), heartbeat(4)), delivered);
        assertTrue(exposed.tail() > fence);
    }

    @Test void theTcpRendezvousConnectsTheSameWay() throws Exception {
        fabric.close();
        var self = new java.util.concurrent.atomic.AtomicReference<java.net.InetSocketAddress>();
        var loopback = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
        try (TcpRendezvous rendezvous = new TcpRendezvous(loopback, id -> self.get())) {
            self.set(rendezvous.address());   // both ends in this process: the writer asks our own listener
            fabric = VerbsFabric.open(VerbsOptions.fromSystemProperties(), rendezvous);
            exposed = fabric.expose(RECEIVER, WRITER, 4096);
            receiver = new RingReceiver(exposed, receiverCodec);
            sender = new RingSender(fabric.connect(RECEIVER, WRITER), new WireCodec());
            assertEquals(RingSender.Result.SENT, sender.offer(heartbeat(5), 0));
            awaitDelivered(1);
            assertEquals(List.<Message>of(heartbeat(5)), delivered);
        }
    }
}
