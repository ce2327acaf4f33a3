package io.decree.engine.wire;

import io.decree.engine.message.Message;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * What the fuzz target checks on every input, kept apart so unit tests can run the same check on the
 * committed corpus and on a mutant codec:
 * <ol>
 *   <li>decoding either returns a message or throws {@link WireFormatException}, never another exception,
 *       and never one wrapping a decoder fault ({@link WireCodec#INTERNAL_FIELD});</li>
 *   <li>{@link WireCodec#validate} agrees with {@link WireCodec#decode} on every input;</li>
 *   <li>a decoded frame re-encodes, with its own clock, to exactly its bytes: one encoding per message,
 *       and no field the decoder skipped or got wrong;</li>
 *   <li>decoding allocates no more than a small multiple of the frame's length.</li>
 * </ol>
 * Input byte 0 picks the mode: odd means "sealed", where the oracle writes a correct length field and
 * CRC32C into the frame before decoding, so mutations reach the payload parsers instead of dying at the
 * checksum; even means raw, which keeps the header and checksum checks under fuzzing too.
 */
final class WireFuzzOracle {
    /** Allocation allowed per decoded byte, and a constant for the exception and its stack trace. */
    static final long BYTES_PER_BYTE = 16, ALLOCATION_SLACK = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private WireFuzzOracle() {}

    /** The frame an input stands for: the bytes after the mode byte, sealed in sealed mode. */
    static byte[] frameOf(byte[] input) {
        if (input.length == 0) return input;
        byte[] frame = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 1 && frame.length >= FrameLayout.OVERHEAD) seal(frame);
        return frame;
    }

    static void seal(byte[] frame) {
        int payload = frame.length - FrameLayout.OVERHEAD;
        java.nio.ByteBuffer.wrap(frame).putInt(FrameLayout.LENGTH_OFFSET, payload);
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, frame.length - FrameLayout.TRAILER_LENGTH);
        java.nio.ByteBuffer.wrap(frame).putInt(frame.length - FrameLayout.TRAILER_LENGTH, (int) crc.getValue());
    }

    /**
     * Runs the checks on one input; returns what it decoded to (a {@link Message} or a {@link Hello}), or
     * null if the frame was refused. Throws AssertionError on a violation.
     */
    static Object check(WireCodec codec, byte[] input) {
        byte[] frame = frameOf(input);
        UnsafeBuffer buffer = new UnsafeBuffer(frame);
        boolean hello = frame.length > FrameLayout.TYPE_OFFSET && (frame[FrameLayout.TYPE_OFFSET] & 0xff) == MessageType.HELLO.code();
        WireFormatException refusal = null;
        try {
            codec.validate(buffer, 0, frame.length);
        } catch (WireFormatException e) {
            if (WireCodec.INTERNAL_FIELD.equals(e.field())) throw new AssertionError("validator fault on " + hex(frame), e);
            refusal = e;
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Object decoded;
        try {
            decoded = hello ? codec.decodeHello(buffer, 0, frame.length) : codec.decode(buffer, 0, frame.length);
        } catch (WireFormatException e) {
            checkAllocation(THREADS.getCurrentThreadAllocatedBytes() - before, frame, codec, hello);
            if (WireCodec.INTERNAL_FIELD.equals(e.field())) throw new AssertionError("decoder fault on " + hex(frame), e);
            if (refusal == null) throw new AssertionError("validate accepted what decode refused: " + e.getMessage() + " on " + hex(frame));
            if (!refusal.getMessage().equals(e.getMessage()))
                throw new AssertionError("validate and decode refuse differently: '" + refusal.getMessage() + "' vs '" + e.getMessage() + "'");
            return null;
        } catch (RuntimeException e) {
            throw new AssertionError("decode threw " + e + " on " + hex(frame), e);
        }
        checkAllocation(THREADS.getCurrentThreadAllocatedBytes() - before, frame, codec, hello);
        if (refusal != null) throw new AssertionError("decode accepted what validate refused: " + refusal.getMessage());
        long clock = WireCodec.clockOf(buffer, 0);
        UnsafeBuffer again = new UnsafeBuffer(new byte[decoded instanceof Hello ? WireCodec.HELLO_FRAME_LENGTH : WireCodec.encodedLength((Message) decoded)]);
        int length = decoded instanceof Hello h ? codec.encodeHello(h, clock, again, 0) : codec.encode((Message) decoded, clock, again, 0);
        sameBytes(frame, Arrays.copyOf(again.byteArray(), length), decoded);
        return decoded;
    }

    private static void sameBytes(byte[] frame, byte[] reencoded, Object decoded) {
        if (!Arrays.equals(frame, reencoded)) {
            String what = decoded instanceof Message m ? MessageGen.describe(m) : String.valueOf(decoded);
            throw new AssertionError("decoded " + what + " re-encodes to " + hex(reencoded) + ", not to its frame " + hex(frame));
        }
    }

    /**
     * Fails if decoding allocated more than {@link #BYTES_PER_BYTE} per frame byte plus slack. A first
     * measurement over the limit is retaken once: the first decode of a type loads (and, under Jazzer,
     * instruments) classes, which allocates megabytes that are no fault of the frame.
     */
    private static void checkAllocation(long used, byte[] frame, WireCodec codec, boolean hello) {
        long limit = BYTES_PER_BYTE * frame.length + ALLOCATION_SLACK;
        if (used <= limit) return;
        UnsafeBuffer buffer = new UnsafeBuffer(frame);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            if (hello) codec.decodeHello(buffer, 0, frame.length);
            else codec.decode(buffer, 0, frame.length);
        } catch (WireFormatException refusedAgain) {
            // The same outcome as the first time; only its cost is measured here.
        }
        long again = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (again > limit) throw new AssertionError("decoding a " + frame.length + "-byte frame allocated " + again + " bytes, over " + limit);
    }

    static String hex(byte[] bytes) {
        String s = java.util.HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 96));
        return bytes.length > 96 ? s + "..(" + bytes.length + " bytes)" : s;
    }
}
