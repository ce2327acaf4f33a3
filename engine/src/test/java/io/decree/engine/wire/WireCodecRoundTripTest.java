package io.decree.engine.wire;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Every message type survives encode then decode with every field intact, at any offset, in heap and
 * native buffers; the frame's length is what {@link WireCodec#encodedLength} promised; and the decoded
 * message re-encodes to the same bytes, so the format has one encoding per message.
 */
class WireCodecRoundTripTest {
    private static final int MAX_PAYLOAD = 4096;
    private static final int EXAMPLES = "long".equals(System.getProperty("tier")) ? 200_000 : 3_000;

    @Test
    void everyMessageRoundTripsWithEdgeValues() {
        WireCodec codec = new WireCodec(MAX_PAYLOAD);
        UnsafeBuffer heap = new UnsafeBuffer(new byte[2 * MAX_PAYLOAD + 64]);
        UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(2 * MAX_PAYLOAD + 64));
        qt().withExamples(EXAMPLES).withShrinkCycles(200)
                .forAll(new MessageGen(1024), integers().between(0, 40), longs().all().mix(longs().between(-1, 1)))
                .checkAssert((message, offset, clock) -> {
                    for (UnsafeBuffer buffer : new UnsafeBuffer[] {heap, direct}) {
                        int length = codec.encode(message, clock, buffer, offset);
                        assertEquals(WireCodec.encodedLength(message), length, "encodedLength");
                        assertEquals(MessageType.of(message), codec.validate(buffer, offset, length));
                        Message decoded = codec.decode(buffer, offset, length);
                        assertTrue(MessageGen.same(message, decoded), () -> "decoded " + MessageGen.describe(decoded) + " from " + MessageGen.describe(message));
                        assertEquals(clock.longValue(), WireCodec.clockOf(buffer, offset));
                        byte[] first = new byte[length];
                        buffer.getBytes(offset, first);
                        UnsafeBuffer again = new UnsafeBuffer(new byte[length]);
                        codec.encode(decoded, clock, again, 0);
                        assertArrayEquals(first, again.byteArray(), "re-encoding differs");
                    }
                });
    }

    @Test
    void helloRoundTrips() {
        WireCodec codec = new WireCodec();
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (Hello.Role role : Hello.Role.values())
            for (long id : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
                int length = codec.encodeHello(new Hello(role, id), 7, buffer, 3);
                assertEquals(WireCodec.HELLO_FRAME_LENGTH, length);
                assertEquals(new Hello(role, id), codec.decodeHello(buffer, 3, length));
                assertEquals(MessageType.HELLO, codec.validate(buffer, 3, length));
            }
    }

    @Test
    void aPayloadOfExactlyTheMaximumPassesAndOneMoreIsRefusedOnBothSides() {
        WireCodec codec = new WireCodec(MAX_PAYLOAD);
        int overhead = ClientPayloads.requestLength(new ClientRequest(new Command(1, 1, new byte[0])));
        ClientRequest atMax = new ClientRequest(new Command(1, 2, new byte[MAX_PAYLOAD - overhead]));
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[2 * MAX_PAYLOAD]);
        int length = codec.encode(atMax, 0, buffer, 0);
        assertEquals(FrameLayout.OVERHEAD + MAX_PAYLOAD, length);
        assertTrue(MessageGen.same(atMax, codec.decode(buffer, 0, length)));

        ClientRequest over = new ClientRequest(new Command(1, 2, new byte[MAX_PAYLOAD - overhead + 1]));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> codec.encode(over, 0, buffer, 0));
        assertTrue(refused.getMessage().contains("exceeds the configured maximum of " + MAX_PAYLOAD), refused.getMessage());
        int bigger = new WireCodec(2 * MAX_PAYLOAD).encode(over, 0, buffer, 0);
        WireFormatException e = assertThrows(WireFormatException.class, () -> codec.decode(buffer, 0, bigger));
        assertEquals("length", e.field());
    }

    @Test
    void aStringWithALoneSurrogateEncodesAsTheJdkDoes() {
        String lone = "a\uD800b\uDC00";
        ClientReply reply = ClientReply.rejected(1, 2, ClientReply.Status.MALFORMED, lone);
        WireCodec codec = new WireCodec();
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        int length = codec.encode(reply, 0, buffer, 0);
        ClientReply decoded = (ClientReply) codec.decode(buffer, 0, length);
        assertEquals(new String(lone.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8), decoded.error());
    }

    @Test
    void encodingRefusesABufferTooSmallWritingNothing() {
        WireCodec codec = new WireCodec();
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[30]);
        Message m = new io.decree.engine.message.Heartbeat(1, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encode(m, 0, buffer, 0));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertArrayEquals(new byte[30], buffer.byteArray());
    }
}
