package io.decree.engine.wire;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Hand-built frames for hostile-input tests: any header values and payload bytes, sealed with a CRC32C
 * computed by the JDK (an oracle independent of the codec's own checksum), so each test reaches the check
 * it aims at instead of stopping at the checksum.
 */
final class TestFrames {
    private TestFrames() {}

    /** A frame of type {@code type} around {@code payload}, every header field as given, correctly sealed. */
    static byte[] frame(int magic, int version, int type, int flags, int lengthField, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(FrameLayout.OVERHEAD + payload.length);
        b.putInt(magic).put((byte) version).put((byte) type).putShort((short) flags).putInt(lengthField).putLong(42).put(payload);
        seal(b.array());
        return b.array();
    }

    static byte[] frame(MessageType type, byte[] payload) {
        return frame(FrameLayout.MAGIC, FrameLayout.VERSION, type.code(), 0, payload.length, payload);
    }

    /** Recomputes the trailer of a whole frame after a test changed its bytes. */
    static void seal(byte[] frame) {
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, frame.length - 4);
        ByteBuffer.wrap(frame).putInt(frame.length - 4, (int) crc.getValue());
    }

    static UnsafeBuffer buffer(byte[] frame) { return new UnsafeBuffer(frame); }

    /** A payload written with a ByteBuffer, big-endian like the format. */
    static byte[] payload(java.util.function.Consumer<ByteBuffer> writer) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        writer.accept(b);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }
}
