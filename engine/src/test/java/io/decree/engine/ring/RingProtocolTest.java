package io.decree.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.wire.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ring protocol over the shared-memory fabric, one thread: wrap-around, credits, back-pressure, limits. */
class RingProtocolTest {

    @Test void framesOfMixedSizesWrapAroundManyTimesAndArriveInOrderAndIntact() throws Exception {
        try (RingHarness h = RingHarness.create(1024)) {
            SplittableRandom random = new SplittableRandom(7);
            List<Message> sent = new ArrayList<>();
            long wraps = 0, lastIndex = 0;
            for (int i = 0; i < 2_000; i++) {
                byte[] payload = new byte[random.nextInt(0, 300)];
                random.nextBytes(payload);
                Message m = new ClientRequest(new Command(i, i, payload), random.nextBoolean());
                while (h.sender.offer(m, i) == RingSender.Result.FULL) h.drain(); // room comes back only from the head
                sent.add(m);
                long index = h.sender.region().tail() & 1023;
                if (index < lastIndex) wraps++;
                lastIndex = index;
                if (random.nextInt(4) == 0) h.drain();
            }
            h.drain();
            assertEquals(sent, h.delivered);
            assertEquals(0, h.receiver.malformed());
            assertTrue(wraps > 100, "the ring wrapped " + wraps + " times");
        }
    }

    @Test void aFullRingRefusesAtOnceCountsAndTakesMoreOnlyAfterTheReceiverWritesItsHeadBack() throws Exception {
        try (RingHarness h = RingHarness.create(256)) {
            int accepted = 0;
            while (h.sender.offer(RingHarness.heartbeat(accepted), 0) == RingSender.Result.SENT) accepted++;
            // A heartbeat frame is 24 + 24 bytes, a record 56: four fit in 256 bytes.
            assertEquals(4, accepted);
            assertEquals(RingSender.Result.FULL, h.sender.offer(RingHarness.heartbeat(99), 0));
            assertEquals(2, h.sender.refusedFull());
            assertEquals(1, h.receiver.poll(h.collect, 1));
            assertEquals(56, h.sender.region().head(), "the head the writer reads after one record was consumed");
            assertEquals(RingSender.Result.SENT, h.sender.offer(RingHarness.heartbeat(4), 0));
            assertEquals(RingSender.Result.FULL, h.sender.offer(RingHarness.heartbeat(5), 0));
            h.drain();
            assertEquals(List.of(RingHarness.heartbeat(0), RingHarness.heartbeat(1), RingHarness.heartbeat(2),
                    RingHarness.heartbeat(3), RingHarness.heartbeat(4)), h.delivered);
        }
    }

    @Test void aFrameOverHalfTheRingIsRefusedAsTooLargeAndNothingIsPublished() throws Exception {
        try (RingHarness h = RingHarness.create(256)) {
            Message big = new ClientRequest(new Command(1, 1, new byte[128 - 8 - 24 - 21 + 1]), false);
            assertEquals(RingRecord.maxFrameLength(256) + 1, WireCodec.encodedLength(big));
            assertEquals(RingSender.Result.TOO_LARGE, h.sender.offer(big, 0));
            assertEquals(0, h.sender.region().tail());
            Message fits = new ClientRequest(new Command(1, 1, new byte[128 - 8 - 24 - 21]), false);
            assertEquals(RingSender.Result.SENT, h.sender.offer(fits, 0));
            assertEquals(1, h.drain());
        }
    }

    @Test void aCorruptFrameBelowTheTailIsCountedAndSkippedNeverDelivered() throws Exception {
        try (RingHarness h = RingHarness.create(1024)) {
            h.sender.offer(RingHarness.heartbeat(1), 0);
            h.sender.offer(RingHarness.heartbeat(2), 0);
            // Flip a payload byte of the first frame in the receiver's memory: its CRC no longer matches.
            var data = h.exposed.data();
            data.set(java.lang.foreign.ValueLayout.JAVA_BYTE, RingRecord.HEADER_LENGTH + 30,
                    (byte) (data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, RingRecord.HEADER_LENGTH + 30) ^ 1));
            assertEquals(1, h.drain());
            assertEquals(List.of(RingHarness.heartbeat(2)), h.delivered);
            assertEquals(1, h.receiver.malformed());
        }
    }

    @Test void aRecordHeaderThatCannotBeRightMakesTheReceiverSkipToTheTail() throws Exception {
        try (RingHarness h = RingHarness.create(1024)) {
            h.sender.offer(RingHarness.heartbeat(1), 0);
            h.exposed.data().set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0, 5000);
            assertEquals(0, h.drain());
            assertEquals(1, h.receiver.resyncs());
            assertEquals(h.sender.region().tail(), h.receiver.head());
            h.sender.offer(RingHarness.heartbeat(2), 0);
            assertEquals(1, h.drain());
        }
    }

    @Test void capacityMustBeAPowerOfTwoOfAtLeastTheMinimum() throws Exception {
        try (RingHarness h = RingHarness.create(256)) {
            assertThrows(IllegalArgumentException.class, () -> h.fabric.expose(1, 3, 1000));
            assertThrows(IllegalArgumentException.class, () -> h.fabric.expose(1, 3, 128));
            FabricException missing = assertThrows(FabricException.class, () -> h.fabric.connect(1, 3));
            assertTrue(missing.getMessage().contains("has not exposed a ring for writer 3"), missing.getMessage());
            assertFalse(h.exposed.revoked());
        }
    }
}
