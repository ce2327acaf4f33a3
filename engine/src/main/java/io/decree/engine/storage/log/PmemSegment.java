package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;
import io.decree.engine.storage.pmem.LibPmem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * One mapped segment of the persistent-memory log.
 *
 * <pre>
 *   offset size  field
 *   0      64    segment header ({@link SegmentHeader}, kind pmem; capacity = the file's exact size)
 *   64     8     tail word: low 32 bits = end offset of the published records,
 *                high 32 bits = a check of (end offset, segment base), so a damaged word is detected
 *   72     56    zero (the tail word has its cache line to itself)
 *   128    ...   records ({@link RecordFrame}), back to back
 * </pre>
 *
 * Only records below the tail exist. They are persisted before the tail that covers them is stored, and the
 * tail is one aligned 8-byte store (atomic) persisted in its turn, so after a crash the tail is either the
 * old or the new value and every byte below it is durable.
 */
final class PmemSegment extends LogSegment {
    static final long TAIL_OFFSET = 64;
    static final long RECORDS_OFFSET = 128;

    private static final VarHandle TAIL = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    final long capacity;
    final MemorySegment memory;
    final ByteBuffer crcView;
    final boolean isPmem;
    private final LibPmem pmem;
    private final Mapper mapper;

    // Guarded by the log's appendLock.
    long writeOffset;          // where the next record goes
    // Guarded by the log's publishLock.
    long published;            // the tail word's offset

    /**
     * Maps a segment file and says whether the mapping is persistent memory: libpmem's {@code pmem_map_file}
     * ({@link #LIBPMEM}) in production. A test gives one that reports a mapping as pmem, as libpmem does on a DAX
     * mount or with {@code PMEM_IS_PMEM_FORCE=1}, so the pmem branches run in a JVM whose files are not.
     *
     * <p>The calls that make a mapping's bytes durable, and the unmap, go through it too (libpmem's, by
     * default): a test records what was persisted, the only way an in-process test sees a missing persist or
     * msync, since the bytes stay in the page cache either way.
     */
    @FunctionalInterface
    interface Mapper {
        LibPmem.Mapping map(LibPmem pmem, Path path, long length, boolean create) throws IOException;

        /** Copies {@code source} to {@code offset} of a pmem mapping and persists it ({@code pmem_memcpy_persist}). */
        default void memcpyPersist(LibPmem pmem, MemorySegment memory, long offset, MemorySegment source) {
            pmem.memcpyPersist(memory, offset, source);
        }

        /** Flushes a range of a pmem mapping out of the CPU caches ({@code pmem_persist}). */
        default void persist(LibPmem pmem, MemorySegment memory, long offset, long length) { pmem.persist(memory, offset, length); }

        /** msync of a range of a mapping that is not pmem ({@code pmem_msync}). */
        default void msync(LibPmem pmem, MemorySegment memory, long offset, long length) throws IOException {
            pmem.msync(memory, offset, length);
        }

        default void unmap(LibPmem pmem, MemorySegment memory) throws IOException { pmem.unmap(memory); }
    }

    static final Mapper LIBPMEM = LibPmem::map;

    private PmemSegment(LibPmem pmem, Mapper mapper, Path path, long base, LibPmem.Mapping mapping) {
        super(path, base);
        this.pmem = pmem;
        this.mapper = mapper;
        this.memory = mapping.memory();
        this.capacity = memory.byteSize();
        this.crcView = memory.asByteBuffer();
        this.isPmem = mapping.isPmem();
    }

    /** Creates a segment file of {@code capacity} bytes at {@code temp}, with its header and an empty tail persisted. */
    static PmemSegment create(LibPmem pmem, Mapper mapper, Path temp, long base, long capacity) throws IOException {
        PmemSegment segment = new PmemSegment(pmem, mapper, temp, base, mapper.map(pmem, temp, capacity, true));
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment header = scratch.allocate(SegmentHeader.BYTES, 64);
            SegmentHeader.write(header, SegmentHeader.KIND_PMEM, base, capacity);
            if (segment.isPmem) {
                mapper.memcpyPersist(pmem, segment.memory, 0, header);
            } else {
                MemorySegment.copy(header, 0, segment.memory, 0, SegmentHeader.BYTES);
                mapper.msync(pmem, segment.memory, 0, SegmentHeader.BYTES);
            }
        }
        segment.writeOffset = RECORDS_OFFSET;
        segment.publish(RECORDS_OFFSET);
        return segment;
    }

    /** Maps an existing segment and checks its header, size and tail word (not yet its records). */
    static PmemSegment open(LibPmem pmem, Mapper mapper, Path path, long base, long fileSize) throws IOException {
        if (fileSize < RECORDS_OFFSET) {
            throw new StorageCorruptionException(path, fileSize, "truncated segment: the file has " + fileSize
                    + " bytes, a persistent-memory segment needs at least " + RECORDS_OFFSET);
        }
        PmemSegment segment = new PmemSegment(pmem, mapper, path, base, mapper.map(pmem, path, 0, false));
        try {
            SegmentHeader.verify(path, segment.memory, segment.capacity, SegmentHeader.KIND_PMEM, base);
            long declared = SegmentHeader.capacity(segment.memory);
            if (declared != segment.capacity) {
                throw new StorageCorruptionException(path, Math.min(declared, segment.capacity), "segment file has "
                        + segment.capacity + " bytes but its header says " + declared + ": truncated or extended");
            }
            for (long p = TAIL_OFFSET + Long.BYTES; p < RECORDS_OFFSET; p++) {
                if (segment.memory.get(ValueLayout.JAVA_BYTE, p) != 0) {
                    throw new StorageCorruptionException(path, p, "reserved bytes after the tail word are not zero");
                }
            }
            long word = (long) TAIL.getVolatile(segment.memory, TAIL_OFFSET);
            long tail = word & 0xFFFF_FFFFL;
            if ((int) (word >>> 32) != check(tail, base) || tail < RECORDS_OFFSET || tail > segment.capacity
                    || tail % 8 != 0) {
                throw new StorageCorruptionException(path, TAIL_OFFSET, "tail word damaged (0x" + Long.toHexString(word) + ")");
            }
            segment.published = tail;
            segment.writeOffset = tail;
            return segment;
        } catch (RuntimeException | Error e) {
            segment.unmap();
            throw e;
        }
    }

    /** Makes {@code [offset, offset+length)} durable: a cache flush on pmem, msync elsewhere. */
    void persist(long offset, long length) {
        if (length <= 0) return;
        if (isPmem) {
            mapper.persist(pmem, memory, offset, length);
        } else {
            try {
                mapper.msync(pmem, memory, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot persist " + path, e);
            }
        }
    }

    /**
     * Publishes every record below {@code tail}: they must already be persisted. One atomic 8-byte store,
     * then a persist of that word; only after it returns do they count as durable.
     */
    void publish(long tail) {
        assert tail >= published && tail <= capacity && tail % 8 == 0 : tail;
        TAIL.setRelease(memory, TAIL_OFFSET, (long) check(tail, base) << 32 | tail);
        persist(TAIL_OFFSET, Long.BYTES);
        published = tail;
    }

    /** A 32-bit check of the tail value and the segment it belongs to (murmur3's 64-bit finaliser). */
    static int check(long tail, long base) {
        long h = tail * 0x9E3779B97F4A7C15L ^ base;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    @Override public void release() { unmap(); }

    void unmap() {
        try {
            mapper.unmap(pmem, memory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unmap " + path, e);
        }
    }
}
