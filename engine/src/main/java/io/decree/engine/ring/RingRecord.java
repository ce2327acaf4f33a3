package io.decree.engine.ring;

import io.decree.engine.wire.FrameLayout;
import java.lang.foreign.MemorySegment;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * How the ring protocol lays records out in a region's data bytes. Every record starts at a multiple of
 * {@link #ALIGNMENT} and takes a multiple of it, so a header never straddles the end of the ring.
 *
 * <pre>
 *   0                   4                   8
 *   +-------------------+-------------------+---------------------------------+---------+
 *   | length  i32 (LE)  | reserved i32 = 0  | wire frame (length bytes)       | pad to 8|
 *   +-------------------+-------------------+---------------------------------+---------+
 *
 *   length &gt; 0: a wire frame of that many bytes follows (docs/wire.md; it carries its own CRC32C)
 *   length &lt; 0: padding: -length bytes from this header to the end of the ring; the next record is at index 0
 * </pre>
 *
 * A frame is never split across the end: when it does not fit before the end, the sender writes a padding
 * record there and the frame at index 0, and publishes both with one tail. The header's length is
 * little-endian (the in-memory order of the machines that run this); the frame inside is big-endian as on
 * the wire.
 */
public final class RingRecord {
    public static final int HEADER_LENGTH = 8;
    public static final int ALIGNMENT = 8;
    /** The smallest ring: room for a few HELLO-sized records, and a power of two. */
    public static final int MIN_CAPACITY = 256;

    private RingRecord() { }

    /** Bytes a record holding a frame of {@code frameLength} bytes takes, padding included. */
    public static int recordLength(int frameLength) { return align(HEADER_LENGTH + frameLength); }

    static int align(int n) { return (n + ALIGNMENT - 1) & -ALIGNMENT; }

    /** The largest frame a ring of {@code capacity} takes: a record may use at most half the ring, so one always fits after a wrap. */
    public static int maxFrameLength(int capacity) { return capacity / 2 - HEADER_LENGTH; }

    /** The smallest frame the codec can produce; a record header claiming less is corrupt. */
    static final int MIN_FRAME_LENGTH = FrameLayout.OVERHEAD;

    static void checkCapacity(int capacity) {
        if (capacity < MIN_CAPACITY || Integer.bitCount(capacity) != 1)
            throw new IllegalArgumentException("ring capacity " + capacity + " must be a power of two of at least " + MIN_CAPACITY);
    }

    /** An Agrona view of a segment without copying it (the wire codec reads and writes Agrona buffers). */
    static UnsafeBuffer view(MemorySegment segment) {
        if (segment.isNative()) return new UnsafeBuffer(segment.address(), Math.toIntExact(segment.byteSize()));
        Object base = segment.heapBase().orElseThrow();
        if (!(base instanceof byte[] array) || segment.byteSize() != array.length)
            throw new IllegalArgumentException("a heap region must be a whole byte[]: " + segment);
        return new UnsafeBuffer(array);
    }
}
