package io.decree.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Message;
import io.decree.engine.wire.WireCodec;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Revocation over shared memory (Mu's permission switch): what was published before the fence is still
 * delivered, nothing the writer publishes afterwards is, the writer learns it from {@code offer}, and a
 * re-grant lets it reconnect in a new epoch. The {@link RingMutant#IGNORES_REVOCATION} fabric must fail the
 * same check.
 */
class RingRevocationTest {

    @Test void aRevokedWriterPublishesNothingAndLearnsItFromTheNextOffer() throws Exception {
        try (RingHarness h = RingHarness.create(1024)) {
            assertEquals(RingSender.Result.SENT, h.sender.offer(RingHarness.heartbeat(1), 0));
            long fence = h.receiver.revoke();
            assertEquals(h.sender.region().tail(), fence);
            assertTrue(h.exposed.revoked());
            assertEquals(RingSender.Result.REVOKED, h.sender.offer(RingHarness.heartbeat(2), 0));
            assertEquals(RingSender.Result.REVOKED, h.sender.offer(RingHarness.heartbeat(3), 0));
            assertEquals(fence, h.exposed.tail(), "the tail stays at the fence");
            h.drain();
            assertEquals(List.<Message>of(RingHarness.heartbeat(1)), h.delivered, "published before the fence, delivered; nothing after");
            FabricException refused = assertThrows(FabricException.class, () -> h.fabric.connect(RingHarness.RECEIVER, RingHarness.WRITER));
            assertTrue(refused.getMessage().contains("is revoked"), refused.getMessage());
        }
    }

    @Test void afterARegrantTheOldHandleStaysRevokedAndANewConnectionWritesInTheNewEpoch() throws Exception {
        try (RingHarness h = RingHarness.create(1024)) {
            RingSender stale = h.sender;
            h.receiver.revoke();
            h.receiver.regrant();
            assertFalse(h.exposed.revoked());
            // The stale writer never saw the revocation: its CAS is from the old epoch's word, at the same position.
            assertEquals(RingSender.Result.REVOKED, stale.offer(RingHarness.heartbeat(1), 0));
            h.sender = new RingSender(h.fabric.connect(RingHarness.RECEIVER, RingHarness.WRITER), new WireCodec());
            assertEquals(RingSender.Result.SENT, h.sender.offer(RingHarness.heartbeat(2), 0));
            h.drain();
            assertEquals(List.<Message>of(RingHarness.heartbeat(2)), h.delivered);
            stale.region().close();
        }
    }

    @Test void reExposingARingRevokesTheFileAWriterIsStillAttachedTo() throws Exception {
        try (RingHarness h = RingHarness.create(1024)) {
            RegisteredRegion again = h.fabric.expose(RingHarness.RECEIVER, RingHarness.WRITER, 1024);
            assertEquals(RingSender.Result.REVOKED, h.sender.offer(RingHarness.heartbeat(1), 0));
            RingSender fresh = new RingSender(h.fabric.connect(RingHarness.RECEIVER, RingHarness.WRITER), new WireCodec());
            assertEquals(RingSender.Result.SENT, fresh.offer(RingHarness.heartbeat(2), 0));
            List<Message> got = new java.util.ArrayList<>();
            WireCodec codec = new WireCodec();
            new RingReceiver(again, codec).poll((w, b, o, l) -> got.add(codec.decode(b, o, l)), 10);
            assertEquals(List.<Message>of(), got, "the receiver's head started at the tail it found");
            fresh.offer(RingHarness.heartbeat(3), 0);
            fresh.region().close();
            again.close();
        }
    }

    /** The mutant fabric lets a revoked writer move the tail: the same check must see a message past the fence. */
    @Test void theIgnoresRevocationMutantIsCaught() throws Exception {
        var dir = Files.createTempDirectory("decree-ring-mutant-");
        try (RingHarness h = new RingHarness(1024, new ShmFabric(dir, Set.of(RingMutant.IGNORES_REVOCATION)), dir)) {
            h.sender.offer(RingHarness.heartbeat(1), 0);
            h.receiver.revoke();
            RingSender.Result afterRevoke = h.sender.offer(RingHarness.heartbeat(2), 0);
            h.drain();
            assertEquals(RingSender.Result.SENT, afterRevoke);
            assertEquals(List.<Message>of(RingHarness.heartbeat(1), RingHarness.heartbeat(2)), h.delivered,
                    "under the mutant a revoked writer's message reaches the receiver, which the real fabric's test forbids");
        }
    }
}
