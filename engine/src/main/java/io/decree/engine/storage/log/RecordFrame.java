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
 *
 * <p><b>Commit marker</b> (file log, format version 2): a frame of type {@link #COMMIT_TYPE} that every
 * sync writes (and forces) right after the last record it makes durable. It consumes no sequence number:
 * its sequence field is the number of the next record, so every record below it is covered. Its 8-byte
 * payload names the record right before it, so a marker cannot be taken for another record's:
 * <pre>
 *   32     4    crc32c of the record right before the marker (that record's checksum field)
 *   36     4    frame length of that record (it starts at the marker's offset minus this)
 * </pre>
 * A synced record is therefore never the last frame of its segment: damage to it has an intact marker
 * after it and is refused as corruption, while a torn write (never acknowledged) has nothing intact after.
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

    /** Type of a commit marker (never a client's type, which is positive). */
    public static final int COMMIT_TYPE = -1;
    /** Payload of a commit marker: the checksum and frame length of the record right before it. */
    public static final int COMMIT_PAYLOAD_BYTES = 8;
    /** Bytes of a commit marker frame. */
    public static final int COMMIT_FRAME_BYTES = HEADER_BYTES + COMMIT_PAYLOAD_BYTES;

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
     * Writes a whole commit marker (checksum included) at {@code frame}: every record below
     * {@code nextSequence} is covered, and the record right before it has checksum {@code previousCrc} and
     * {@code previousFrameLength} bytes.
     */
    static void writeCommit(MemorySegment s, CRC32C crc, ByteBuffer view, long frame, long nextSequence,
                            int previousCrc, int previousFrameLength) {
        writeHeader(s, frame, COMMIT_PAYLOAD_BYTES, nextSequence, RecordLog.NO_KEY, COMMIT_TYPE);
        s.set(INT, frame + HEADER_BYTES, previousCrc);
        s.set(INT, frame + HEADER_BYTES + 4, previousFrameLength);
        sealCrc(s, crc, view, frame, COMMIT_FRAME_BYTES);
    }

    public static boolean isCommit(MemorySegment s, long frame) { return type(s, frame) == COMMIT_TYPE; }

    /**
     * Checks that the intact commit marker at {@code frame} names the record read right before it (at
     * {@code previous}, -1 if none in this segment, with checksum {@code previousCrc} and frame length
     * {@code previousFrameLength}). Returns null if it does, else what is wrong.
     */
    static String checkCommit(MemorySegment s, long frame, long previous, int previousCrc, long previousFrameLength) {
        int namedCrc = s.get(INT, frame + HEADER_BYTES);
        int namedLength = s.get(INT, frame + HEADER_BYTES + 4);
        if (previous < 0) return "commit marker with no record before it in its segment";
        if (namedLength != previousFrameLength || previous + previousFrameLength != frame || namedCrc != previousCrc) {
            return "commit marker names a record of " + namedLength + " bytes with checksum " + Integer.toHexString(namedCrc)
                    + ", but the record before it has " + previousFrameLength + " bytes and checksum " + Integer.toHexString(previousCrc);
        }
        return null;
    }

    /**
     * Checks the frame at {@code frame} in {@code s}, whose valid bytes end at {@code end}. Returns null when
     * it is a whole, intact record numbered {@code expectedSequence} (or an intact commit marker covering
     * the records below it), else what is wrong with it.
     */
    static String check(MemorySegment s, ByteBuffer view, CRC32C crc, long frame, long end,
                        long expectedSequence, int maxPayload) {
        if (end - frame < HEADER_BYTES) return "incomplete record header (" + (end - frame) + " of " + HEADER_BYTES + " bytes)";
        int length = length(s, frame);
        if (length < 0 || length > maxPayload) return "implausible payload length " + length + " (limit " + maxPayload + ")";
        long frameLength = frameLength(length);
        if (end - frame < frameLength) return "incomplete record (" + (end - frame) + " of " + frameLength + " bytes)";
        if (computeCrc(crc, view, frame, frameLength) != crc(s, frame)) return "checksum mismatch";
        int type = type(s, frame);
        if (type <= 0 && type != COMMIT_TYPE) return "invalid record type " + type;
        if (type == COMMIT_TYPE && length != COMMIT_PAYLOAD_BYTES) return "commit marker with a payload of " + length + " bytes";
        long sequence = sequence(s, frame);
        if (sequence != expectedSequence) return "record number " + sequence + " where " + expectedSequence + " was expected";
        return null;
    }

    /**
     * Whether an intact record (or commit marker) numbered at least {@code fromSequence} starts at any
     * aligned offset in [from, end): used to tell a torn tail (nothing valid after the damage) from damage
     * in the middle, and, since every sync ends with a marker, from damage to a synced record.
     */
    static long findIntactAfter(MemorySegment s, ByteBuffer view, CRC32C crc, long from, long end,
                                long fromSequence, int maxPayload) {
        for (long p = align(from); p + HEADER_BYTES <= end; p += ALIGNMENT) {
            long sequence = sequence(s, p);
            if (sequence < fromSequence || sequence - fromSequence > (end - from) / HEADER_BYTES) continue;
            int length = length(s, p);
            if (length < 0 || length > maxPayload || p + frameLength(length) > end) continue;
            if (type(s, p) <= 0 && type(s, p) != COMMIT_TYPE) continue;
            if (computeCrc(crc, view, p, frameLength(length)) == crc(s, p)) return p;
        }
        return -1;
    }
}
