package io.decree.engine.wire;

import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.Phase2a;
import io.decree.engine.protocol.Decree;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import static io.decree.engine.wire.TestFrames.frame;
import static io.decree.engine.wire.TestFrames.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One hostile frame per error class: each is refused with a {@link WireFormatException} whose field,
 * byte offset and message name the problem, and nothing else escapes.
 */
class HostileFrameTest {
    private final WireCodec codec = new WireCodec(1 << 20);

    private WireFormatException refused(byte[] frame) { return refused(frame, 0, frame.length); }

    private WireFormatException refused(byte[] frame, int offset, int length) {
        UnsafeBuffer buffer = new UnsafeBuffer(frame);
        WireFormatException e = assertThrows(WireFormatException.class, () -> codec.decode(buffer, offset, length));
        WireFormatException v = assertThrows(WireFormatException.class, () -> codec.validate(buffer, offset, length));
        assertEquals(e.getMessage(), v.getMessage(), "validate and decode refuse alike");
        return e;
    }

    private static void expect(WireFormatException e, String field, int offset, String... phrases) {
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith("wire: " + field + " at byte " + offset + ": "), e.getMessage());
        for (String p : phrases) assertTrue(e.getMessage().contains(p), () -> "'" + p + "' not in: " + e.getMessage());
    }

    private static byte[] heartbeatPayload() { return payload(b -> b.putLong(1).putLong(2).putLong(3)); }

    @Test
    void badMagic() {
        expect(refused(frame(0x41424344, 1, MessageType.HEARTBEAT.code(), 0, 24, heartbeatPayload())), "magic", 0, "0x41424344", "DCRE");
    }

    @Test
    void unsupportedVersion() {
        expect(refused(frame(FrameLayout.MAGIC, 2, MessageType.HEARTBEAT.code(), 0, 24, heartbeatPayload())), "version", 4, "2, this build reads version 1");
        expect(refused(frame(FrameLayout.MAGIC, 0, MessageType.HEARTBEAT.code(), 0, 24, heartbeatPayload())), "version", 4, "0,");
    }

    @Test
    void unknownType() {
        expect(refused(frame(FrameLayout.MAGIC, 1, 99, 0, 24, heartbeatPayload())), "type", 5, "99 is no known message type");
        expect(refused(frame(FrameLayout.MAGIC, 1, 0, 0, 24, heartbeatPayload())), "type", 5, "0 is no known");
    }

    @Test
    void nonzeroFlags() {
        expect(refused(frame(FrameLayout.MAGIC, 1, MessageType.HEARTBEAT.code(), 0x8000, 24, heartbeatPayload())), "flags", 6, "0x8000", "must be 0");
    }

    @Test
    void lengthPastTheFrameOrTheBuffer() {
        expect(refused(frame(FrameLayout.MAGIC, 1, MessageType.HEARTBEAT.code(), 0, 25, heartbeatPayload())), "length", 8, "25 payload bytes", "past the buffer");
        expect(refused(frame(FrameLayout.MAGIC, 1, MessageType.HEARTBEAT.code(), 0, 23, heartbeatPayload())), "length", 8, "trailing bytes");
        byte[] ok = frame(MessageType.HEARTBEAT, heartbeatPayload());
        expect(refused(ok, 4, ok.length), "frame", 0, "outside the buffer of capacity " + ok.length);
        expect(refused(ok, -1, 10), "frame", 0, "outside the buffer");
        expect(refused(ok, 0, 23), "frame", 0, "23 bytes, shorter than the 24-byte header");
    }

    @Test
    void lengthAboveTheConfiguredMaximumIsRefusedBeforeReadingFurther() {
        // 0xFFFFFFFF as u32 is 4 GiB: refused from the header alone, nothing sized by it.
        expect(refused(frame(FrameLayout.MAGIC, 1, MessageType.HEARTBEAT.code(), 0, -1, heartbeatPayload())), "length", 8, "4294967295 payload bytes", "above the configured maximum of 1048576");
    }

    @Test
    void badCrc() {
        byte[] f = frame(MessageType.HEARTBEAT, heartbeatPayload());
        f[25] ^= 0x10;
        expect(refused(f), "crc32c", 44, "but the bytes before it sum to");
        byte[] g = frame(MessageType.HEARTBEAT, heartbeatPayload());
        g[g.length - 1] ^= 1;
        expect(refused(g), "crc32c", 44);
    }

    @Test
    void truncatedField() {
        expect(refused(frame(MessageType.HEARTBEAT, payload(b -> b.putLong(1).putLong(2).putInt(3)))), "leaseRound", 36, "truncated: needs 8 bytes, 4 left");
        // A 2a whose decree stops inside its kind/count header.
        expect(refused(frame(MessageType.PHASE_2A, payload(b -> b.putLong(1).putLong(2).put((byte) 1).putShort((short) 0)))), "decree.count", 37, "truncated");
        // A command claiming more payload bytes than the frame holds.
        expect(refused(frame(MessageType.PHASE_2A, payload(b -> b.putLong(1).putLong(2).put((byte) 1).putInt(1).putLong(5).putLong(6).putInt(100).put(new byte[10])))),
                "decree.command.length", 57, "100 bytes claimed, 10 left");
        expect(refused(frame(MessageType.CLIENT_REQUEST, payload(b -> b.putLong(1).putLong(2).put((byte) 0).putInt(-5)))), "command.length", 37, "-5 is not a length");
    }

    @Test
    void impossibleCountsAreRefusedBeforeAllocating() {
        byte[] votes = frame(MessageType.PHASE_1B, payload(b -> b.putLong(1).putLong(2).putLong(3).putInt(Integer.MAX_VALUE).put(new byte[64])));
        long before = allocated();
        WireFormatException e = refused(votes);
        long used = allocated() - before;
        expect(e, "votes.count", 44, "2147483647 elements of at least 21 bytes cannot fit the 64 bytes left");
        // A Vote[MAX_VALUE] would be 8 GiB; what the refusal costs is its message and stack trace.
        assertTrue(used < 1 << 20, "refusing a hostile count allocated " + used + " bytes");
        expect(refused(frame(MessageType.CATCH_UP_REPLY, payload(b -> b.putLong(1).putInt(-1)))), "decrees.count", 28, "-1 elements");
        expect(refused(frame(MessageType.PHASE_2A, payload(b -> b.putLong(1).putLong(2).put((byte) 1).putInt(1 << 30).put(new byte[40])))), "decree.count", 37, "cannot fit the 40 bytes left");
        expect(refused(frame(MessageType.PHASE_2A, payload(b -> b.putLong(1).putLong(2).put((byte) 1).putInt(0)))), "decree.count", 37, "a batch decree has at least one command");
    }

    @Test
    void trailingBytes() {
        expect(refused(frame(MessageType.HEARTBEAT, payload(b -> b.putLong(1).putLong(2).putLong(3).put((byte) 0)))), "HEARTBEAT", 44, "1 trailing bytes");
        expect(refusedHello(frame(MessageType.HELLO, payload(b -> b.put((byte) 1).putLong(7).putShort((short) 0)))), "HELLO", 29, "2 trailing bytes");
    }

    @Test
    void invalidEnumValues() {
        expect(refused(frame(MessageType.CLIENT_REPLY, payload(b -> b.putLong(1).putLong(2).put((byte) 9).putInt(0).putInt(-1).putInt(-1)))), "status", 36, "9 is no reply status");
        expect(refused(frame(MessageType.CLIENT_REQUEST, payload(b -> b.putLong(1).putLong(2).put((byte) 2).putInt(0)))), "read", 36, "2, a boolean must be 0 or 1");
        expect(refused(frame(MessageType.PHASE_2A, payload(b -> b.putLong(1).putLong(2).put((byte) 7).putInt(0)))), "decree.kind", 36, "7 is no decree kind");
        expect(refusedHello(frame(MessageType.HELLO, payload(b -> b.put((byte) 3).putLong(7)))), "role", 20, "3 is no role");
    }

    @Test
    void invalidConfigurations() {
        expect(refused(config(b -> b.putInt(0))), "decree.count", 37, "0 members, a configuration has 1 to 64");
        expect(refused(config(b -> { b.putInt(65); for (int i = 1; i <= 65; i++) b.putInt(i); })), "decree.count", 37, "65 members");
        expect(refused(config(b -> b.putInt(2).putInt(1).putInt(0))), "decree.member", 45, "replica id 0 outside [1, 65535]");
        expect(refused(config(b -> b.putInt(1).putInt(65536))), "decree.member", 41, "replica id 65536 outside");
        expect(refused(config(b -> b.putInt(2).putInt(3).putInt(3))), "decree.member", 45, "replica id 3 after 3: members must be strictly ascending");
        expect(refused(config(b -> b.putInt(2).putInt(3).putInt(2))), "decree.member", 45, "strictly ascending");
        expect(refused(frame(MessageType.PHASE_2A, payload(b -> b.putLong(1).putLong(2).put((byte) 0).putInt(3)))), "decree.count", 37, "a no-op decree has 0 commands");
    }

    @Test
    void malformedUtf8InAReplyError() {
        byte[] bad = {'o', 'k', (byte) 0xC0, (byte) 0x80};  // an overlong NUL
        expect(refused(frame(MessageType.CLIENT_REPLY, payload(b -> b.putLong(1).putLong(2).put((byte) 2).putInt(0).putInt(-1).putInt(bad.length).put(bad)))), "error", 51, "not well-formed UTF-8");
        byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        expect(refused(frame(MessageType.CLIENT_REPLY, payload(b -> b.putLong(1).putLong(2).put((byte) 2).putInt(0).putInt(-1).putInt(3).put(surrogate)))), "error", 49, "UTF-8");
    }

    @Test
    void helloAndMessagesAreNotInterchangeable() {
        byte[] hello = frame(MessageType.HELLO, payload(b -> b.put((byte) 1).putLong(7)));
        expect(assertThrows(WireFormatException.class, () -> codec.decode(new UnsafeBuffer(hello), 0, hello.length)), "type", 5, "HELLO where a message was expected");
        byte[] hb = frame(MessageType.HEARTBEAT, heartbeatPayload());
        expect(assertThrows(WireFormatException.class, () -> codec.decodeHello(new UnsafeBuffer(hb), 0, hb.length)), "type", 5, "HEARTBEAT where HELLO was expected");
    }

    @Test
    void aWellFormedHandBuiltFrameDecodes() {
        // The positive control for the builders above: the same helpers produce frames the codec accepts.
        assertEquals(new Heartbeat(1, 2, 3), new WireCodec().decode(new UnsafeBuffer(frame(MessageType.HEARTBEAT, heartbeatPayload())), 0, 48));
        byte[] twoA = frame(MessageType.PHASE_2A, payload(b -> b.putLong(1).putLong(2).put((byte) 0).putInt(0)));
        assertEquals(new Phase2a(1, 2, Decree.NOOP), codec.decode(new UnsafeBuffer(twoA), 0, twoA.length));
    }

    private WireFormatException refusedHello(byte[] frame) {
        UnsafeBuffer buffer = new UnsafeBuffer(frame);
        return assertThrows(WireFormatException.class, () -> codec.decodeHello(buffer, 0, frame.length));
    }

    private static byte[] config(Consumer<ByteBuffer> members) {
        return frame(MessageType.PHASE_2A, payload(b -> { b.putLong(1).putLong(2).put((byte) 2); members.accept(b); }));
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
