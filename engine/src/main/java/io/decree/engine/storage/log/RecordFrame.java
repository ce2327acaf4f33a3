package io.decree.engine.storage.log;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The on-media layout of one log record, as static accessors over a {@link MemorySegment} (a flyweight:
 * nothing is copied or allocated to read or write a record). Both logs use it, so a record has the same
 * bytes in a file segment and in a persistent-memory segment.
 *
 * <pre>
 *   offset size field
 *   0      4    crc32c   CRC32C of bytes [4, frameLength): every other byte of the frame, padding included
 *   4      4    length   payload length in bytes
 *   8      8    sequence record number, consecutive across the whole log (a gap or repeat is damage)
 *   16     8    key      the client's ordering key (a slot), or RecordLog.NO_KEY
 *   24     4    type     the client's record type (&gt; 0)
 *   28     4    reserved zero
 *   32     n    payload
 *   32+n   0-7  zero padding to a multiple of 8, so every frame starts 8-byte aligned
 * </pre>
 *
 * All fields are little-endian. The checksum covers the padding so that a flipped bit anywhere in a
 * frame is detected, not only in the parts a reader looks at.
 */
public final class RecordFrame {
    public static final int CRC_OFFSET = 0;
    public static final int LENGTH_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int KEY_OFFSET = 16;
    public static final int TYPE_OFFSET = 24;
    public static final int RESERVED_OFFSET = 28;
    public static final int HEADER_BYTES = 32;
    public static final int ALIGNMENT = 8;

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RecordFrame() {}

    /** Bytes a record with {@code payloadLength} bytes of payload occupies, padding included. */
    public static long frameLength(long payloadLength) {
        return align(HEADER_BYTES + payloadLength);
    }

    static long align(long n) { return (n + ALIGNMENT - 1) & -ALIGNMENT; }

    public static int crc(MemorySegment s, long frame) { return s.get(INT, frame + CRC_OFFSET); }
    public static int length(MemorySegment s, long frame) { return s.get(INT, frame + LENGTH_OFFSET); }
    public static long sequence(MemorySegment s, long frame) { return s.get(LONG, frame + SEQUENCE_OFFSET); }
    public static long key(MemorySegment s, long frame) { return s.get(LONG, frame + KEY_OFFSET); }
    public static int type(MemorySegment s, long frame) { return s.get(INT, frame + TYPE_OFFSET); }

    /** Writes the header fields except the checksum, and zeroes the padding after a payload of that length. */
    static void writeHeader(MemorySegment s, long frame, int payloadLength, long sequence, long key, int type) {
        s.set(INT, frame + LENGTH_OFFSET, payloadLength);
        s.set(LONG, frame + SEQUENCE_OFFSET, sequence);
        s.set(LONG, frame + KEY_OFFSET, key);
        s.set(INT, frame + TYPE_OFFSET, type);
        s.set(INT, frame + RESERVED_OFFSET, 0);
        long end = frame + HEADER_BYTES + payloadLength;
        long padded = frame + frameLength(payloadLength);
        for (long p = end; p < padded; p++) s.set(ValueLayout.JAVA_BYTE, p, (byte) 0);
    }

    /**
     * Computes the checksum of the frame at {@code frame} with {@code crc} over {@code view}, a ByteBuffer
     * view of the same memory as the segment (kept by the caller so that nothing is allocated here).
     */
    static int computeCrc(CRC32C crc, ByteBuffer view, long frame, long frameLength) {
        crc.reset();
        int from = Math.toIntExact(frame + LENGTH_OFFSET);
        view.limit(Math.toIntExact(frame + frameLength)).position(from);
        crc.update(view);
        view.clear();
        return (int) crc.getValue();
    }

    static void sealCrc(MemorySegment s, CRC32C crc, ByteBuffer view, long frame, long frameLength) {
        s.set(INT, frame + CRC_OFFSET, computeCrc(crc, view, frame, frameLength));
    }

    /**
     * Checks the frame at {@code frame} in {@code s}, whose valid bytes end at {@code end}. Returns null when
     * it is a whole, intact record numbered {@code expectedSequence}, else what is wrong with it.
     */
    static String check(MemorySegment s, ByteBuffer view, CRC32C crc, long frame, long end,
                        long expectedSequence, int maxPayload) {
        if (end - frame < HEADER_BYTES) return "incomplete record header (" + (end - frame) + " of " + HEADER_BYTES + " bytes)";
        int length = length(s, frame);
        if (length < 0 || length > maxPayload) return "implausible payload length " + length + " (limit " + maxPayload + ")";
        long frameLength = frameLength(length);
        if (end - frame < frameLength) return "incomplete record (" + (end - frame) + " of " + frameLength + " bytes)";
        if (computeCrc(crc, view, frame, frameLength) != crc(s, frame)) return "checksum mismatch";
        if (type(s, frame) <= 0) return "invalid record type " + type(s, frame);
        long sequence = sequence(s, frame);
        if (sequence != expectedSequence) return "record number " + sequence + " where " + expectedSequence + " was expected";
        return null;
    }

    /**
     * Whether an intact record numbered at least {@code fromSequence} starts at any aligned offset in
     * [from, end): used to tell a torn tail (nothing valid after the damage) from damage in the middle.
     */
    static long findIntactAfter(MemorySegment s, ByteBuffer view, CRC32C crc, long from, long end,
                                long fromSequence, int maxPayload) {
        for (long p = align(from); p + HEADER_BYTES <= end; p += ALIGNMENT) {
            long sequence = sequence(s, p);
            if (sequence < fromSequence || sequence - fromSequence > (end - from) / HEADER_BYTES) continue;
            int length = length(s, p);
            if (length < 0 || length > maxPayload || p + frameLength(length) > end) continue;
            if (type(s, p) <= 0) continue;
            if (computeCrc(crc, view, p, frameLength(length)) == crc(s, p)) return p;
        }
        return -1;
    }
}
