package io.decree.engine.ring;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The file of one shared-memory ring: the receiver creates it, the writer maps it too.
 *
 * <pre>
 *   offset  size  field
 *   0       8     magic "DCRERING" (little-endian u64 {@link #MAGIC})
 *   8       4     layout version (1)
 *   12      4     capacity: data bytes, a power of two
 *   16      4     receiver id
 *   20      4     writer id
 *   64      8     tail word ({@link TailWord}: revoked bit, epoch, position); written by both, with CAS only
 *   128     8     head: consumed position, written by the receiver (release), read by the writer (acquire)
 *   4096    cap   data: records ({@link RingRecord})
 * </pre>
 *
 * The tail and the head sit on cache lines of their own so the writer's and the receiver's stores do not
 * contend; the data starts on a page.
 */
public final class ShmLayout {
    public static final long MAGIC = 0x474E495245524344L; // "DCRERING" read little-endian
    public static final int VERSION = 1;
    static final long MAGIC_OFFSET = 0, VERSION_OFFSET = 8, CAPACITY_OFFSET = 12, RECEIVER_OFFSET = 16, WRITER_OFFSET = 20;
    static final long TAIL_OFFSET = 64, HEAD_OFFSET = 128;
    public static final long DATA_OFFSET = 4096;

    /** Atomic access to a long in a segment; its coordinates are (segment, byte offset). */
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private ShmLayout() { }

    public static long fileLength(int capacity) { return DATA_OFFSET + capacity; }

    /** The file of the ring that {@code writer} writes into {@code receiver}'s memory. */
    public static Path file(Path dir, int receiver, int writer) { return dir.resolve("ring-" + receiver + "-from-" + writer + ".shm"); }

    static long tailAcquire(MemorySegment s) { return (long) LONG.getAcquire(s, TAIL_OFFSET); }

    static boolean casTail(MemorySegment s, long expected, long next) { return LONG.compareAndSet(s, TAIL_OFFSET, expected, next); }

    /** Only the {@link RingMutant#IGNORES_REVOCATION} mutant stores the tail without a CAS. */
    static void storeTailRelease(MemorySegment s, long word) { LONG.setRelease(s, TAIL_OFFSET, word); }

    static long headAcquire(MemorySegment s) { return (long) LONG.getAcquire(s, HEAD_OFFSET); }

    static void headRelease(MemorySegment s, long head) { LONG.setRelease(s, HEAD_OFFSET, head); }
}
