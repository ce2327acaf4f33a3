package io.decree.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Message;
import io.decree.engine.wire.WireCodec;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Publication order, checked the way Agrona's ring-buffer tests check the order of memory writes: a region
 * wrapper lets the receiver poll at the instant the tail is published. With the real sender every frame it
 * sees then is complete; with {@link RingMutant#PUBLISH_BEFORE_PAYLOAD} the receiver reads a record that is
 * not written yet and delivers nothing of it, so the messages are lost and counted as malformed.
 */
class PublicationOrderTest {

    /** Polls the receiver right after each publication reaches the receiver's memory. */
    private static final class PollOnPublish implements RemoteRegion {
        final RemoteRegion inner;
        Runnable onPublish = () -> { };

        PollOnPublish(RemoteRegion inner) { this.inner = inner; }

        @Override public int capacity() { return inner.capacity(); }
        @Override public MemorySegment source() { return inner.source(); }
        @Override public void write(int index, long sourceOffset, int length) { inner.write(index, sourceOffset, length); }
        @Override public boolean publish(long tail) {
            boolean ok = inner.publish(tail);
            onPublish.run();
            return ok;
        }
        @Override public long head() { return inner.head(); }
        @Override public long tail() { return inner.tail(); }
        @Override public boolean revoked() { return inner.revoked(); }
        @Override public void close() { inner.close(); }
    }

    private static List<Message> run(Set<RingMutant> mutants, RingHarness h) throws Exception {
        PollOnPublish region = new PollOnPublish(h.fabric.connect(RingHarness.RECEIVER, RingHarness.WRITER));
        region.onPublish = h::drain;
        RingSender sender = new RingSender(region, new WireCodec(), mutants);
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Message m = RingHarness.heartbeat(i);
            if (sender.offer(m, 0) == RingSender.Result.SENT) sent.add(m);
        }
        h.drain();
        region.close();
        return sent;
    }

    @Test void everyFrameIsCompleteWhenItsTailBecomesVisible() throws Exception {
        try (RingHarness h = RingHarness.create(512)) {
            List<Message> sent = run(Set.of(), h);
            assertEquals(50, sent.size());
            assertEquals(sent, h.delivered);
            assertEquals(0, h.receiver.malformed());
        }
    }

    @Test void thePublishBeforePayloadMutantIsCaught() throws Exception {
        try (RingHarness h = RingHarness.create(512)) {
            List<Message> sent = run(Set.of(RingMutant.PUBLISH_BEFORE_PAYLOAD), h);
            assertTrue(h.receiver.malformed() > 0, "the receiver saw no unwritten record");
            assertTrue(h.delivered.size() < sent.size(), "sent " + sent.size() + ", delivered " + h.delivered.size());
        }
    }
}
