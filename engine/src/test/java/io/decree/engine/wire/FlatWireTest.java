package io.decree.engine.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Commit;
import io.decree.engine.message.Flat;
import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.LeaseGrant;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Phase2b;
import io.decree.engine.message.Preempted;
import io.decree.engine.protocol.Decree;
import io.decree.engine.protocol.DecreeCodec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The flat wire path ({@link Flat}, {@link WireCodec#encode(int, long, long, long, Object, long,
 * org.agrona.MutableDirectBuffer, int)}, {@link WireCodec#decodeFlat}) against the record path, over
 * generated messages of every type: the same bytes out, the same message back, a 2a's decree carrying the
 * frame's bytes as its encoding (equal to what {@link DecreeCodec} writes), and no allocation for the
 * kinds with primitive fields only.
 */
class FlatWireTest {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The flat form of a message: kind, a, b, c, ref (RECORD for the types without a flat kind). */
    private record Flattened(int kind, long a, long b, long c, Object ref) {}

    private static Flattened flatten(Message m) {
        return switch (m) {
            case Phase1a x -> new Flattened(Flat.PHASE_1A, x.ballot(), x.fromSlot(), 0, null);
            case Phase2a x -> new Flattened(Flat.PHASE_2A, x.ballot(), x.slot(), 0, x.decree());
            case Phase2b x -> new Flattened(Flat.PHASE_2B, x.ballot(), x.slot(), 0, null);
            case Preempted x -> new Flattened(Flat.PREEMPTED, x.rejected(), x.promised(), 0, null);
            case Commit x -> new Flattened(Flat.COMMIT, x.ballot(), x.slot(), 0, null);
            case Heartbeat x -> new Flattened(Flat.HEARTBEAT, x.ballot(), x.firstUnchosen(), x.leaseRound(), null);
            case LeaseGrant x -> new Flattened(Flat.LEASE_GRANT, x.ballot(), x.leaseRound(), x.firstUnchosen(), null);
            case ClientRequest x -> new Flattened(Flat.CLIENT_REQUEST, x.read() ? 1 : 0, 0, 0, x.command());
            case ClientReply x when x.status() == ClientReply.Status.OK && x.error() == null && x.leaderHint() == 0
                    -> new Flattened(Flat.CLIENT_REPLY_OK, x.clientId(), x.sequence(), 0, x.result());
            default -> new Flattened(Flat.RECORD, 0, 0, 0, m);
        };
    }

    @Test void flatEncodingWritesTheRecordsBytesAndDecodesBackToTheRecord() {
        List<Message> messages = new ArrayList<>();
        qt().withFixedSeed(61).withExamples(600).forAll(new MessageGen(64)).check(messages::add);
        messages.add(ClientReply.ok(7, 8, new byte[] {1, 2}));
        messages.add(ClientReply.ok(7, 9, null));
        WireCodec codec = new WireCodec();
        UnsafeBuffer records = new UnsafeBuffer(new byte[1 << 20]), flats = new UnsafeBuffer(new byte[1 << 20]);
        int[] kindsSeen = new int[Flat.CLIENT_REPLY_OK + 1];
        for (Message m : messages) {
            Flattened f = flatten(m);
            kindsSeen[f.kind()]++;
            int length = codec.encode(m, 42, records, 0);
            assertEquals(length, WireCodec.encodedLength(f.kind(), f.ref()), () -> "length of " + m);
            assertEquals(length, codec.encode(f.kind(), f.a(), f.b(), f.c(), f.ref(), 42, flats, 0), () -> "flat length of " + m);
            for (int i = 0; i < length; i++) assertEquals(records.getByte(i), flats.getByte(i), "byte " + i + " of " + m);

            DecodedMessage d = codec.decodeFlat(records, 0, length);
            assertTrue(MessageGen.same(codec.decode(records, 0, length), d.toMessage()), () -> "decodeFlat of " + m + " gave " + d.toMessage());
            if (f.kind() != Flat.CLIENT_REPLY_OK) assertEquals(f.kind(), d.kind(), () -> "kind of " + m); // a reply reads back as its record
            if (m instanceof Phase2a p) {
                Decree decree = (Decree) d.ref();
                assertArrayEquals(DecreeCodec.decode(p.decree().encoded()).encoded(), decree.encoded(), "the 2a's decree keeps the frame's bytes as its encoding");
                assertEquals(p.decree(), decree);
            }
        }
        for (int kind = Flat.RECORD; kind <= Flat.CLIENT_REPLY_OK; kind++) assertTrue(kindsSeen[kind] > 0, "no message of flat kind " + kind + " generated");
    }

    @Test void primitiveKindsEncodeAndDecodeWithoutAllocating() {
        Message[] messages = {new Phase1a(3, 4), new Phase2b(5, 6), new Preempted(7, 8), new Commit(9, 10),
                new Heartbeat(11, 12, 13), new LeaseGrant(14, 15, 16)};
        Flattened[] flat = new Flattened[messages.length];
        for (int i = 0; i < messages.length; i++) flat[i] = flatten(messages[i]);
        WireCodec codec = new WireCodec();
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        long sum = 0, used = 0;
        for (int round = 0; round < 2_001; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (Flattened f : flat) {
                int length = codec.encode(f.kind(), f.a() + round, f.b(), f.c(), null, round, buffer, 0);
                DecodedMessage d = codec.decodeFlat(buffer, 0, length);
                if (d.a() != f.a() + round) throw new AssertionError("kind " + f.kind() + " read back a=" + d.a());
                sum += d.kind() + d.b() + d.c();
            }
            if (round > 0) used += THREADS.getCurrentThreadAllocatedBytes() - before; // round 0 warms up
        }
        // 12,000 frames each way: one 24-byte record per frame would be 288,000 bytes.
        assertTrue(used < 16_384, "2,000 rounds of 6 frames encoded and decoded flat allocated " + used + " bytes");
        assertTrue(sum != 0);
    }

    @Test void aDecodedRecordKindCarriesItsRecord() {
        WireCodec codec = new WireCodec();
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        Message m = new io.decree.engine.message.CatchUpRequest(1, 2);
        DecodedMessage d = codec.decodeFlat(buffer, 0, codec.encode(m, 0, buffer, 0));
        assertEquals(Flat.RECORD, d.kind());
        assertEquals(m, d.ref());
        assertSame(d.ref(), d.toMessage());
    }
}
