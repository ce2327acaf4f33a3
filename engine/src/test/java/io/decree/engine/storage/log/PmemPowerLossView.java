package io.decree.engine.storage.log;

import io.decree.engine.storage.pmem.LibPmem;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a power failure would leave of the pmem log's mappings: a {@link PmemSegment.Mapper} that maps with
 * libpmem and keeps, per mapping, the bytes as they were when last made durable (msync; on a mapping reported
 * as pmem, also a cache flush or a persisting copy). A mapping starts with nothing durable: a new file is
 * zeros, and an existing one may hold bytes a crashed process left in the page cache only.
 *
 * <p>The only way an in-process test sees a missing persist or msync: the bytes stay in the page cache either
 * way. The view records after the real call; it changes nothing the log does.
 */
final class PmemPowerLossView implements PmemSegment.Mapper {
    private static final ValueLayout.OfLong TAIL_WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private record Mapped(Path path, MemorySegment memory, byte[] durable) {}

    private final boolean reportPmem;
    private final Map<Long, Mapped> mapped = new HashMap<>();   // mapping address -> what is durable of it

    /** A view whose mappings are reported as pmem ({@code true}: cache flushes) or not ({@code false}: msync). */
    PmemPowerLossView(boolean reportPmem) { this.reportPmem = reportPmem; }

    @Override
    public synchronized LibPmem.Mapping map(LibPmem pmem, Path path, long length, boolean create) throws IOException {
        MemorySegment memory = pmem.map(path, length, create).memory();
        if (memory.byteSize() > Integer.MAX_VALUE) throw new IllegalStateException(path + " too large for the power-loss view");
        mapped.put(memory.address(), new Mapped(path, memory, new byte[(int) memory.byteSize()]));
        return new LibPmem.Mapping(memory, reportPmem);
    }

    @Override
    public void memcpyPersist(LibPmem pmem, MemorySegment memory, long offset, MemorySegment source) {
        pmem.memcpyPersist(memory, offset, source);
        if (reportPmem) durable(memory, offset, source.byteSize());   // on memory that is not pmem, a cache flush makes nothing durable
    }

    @Override
    public void persist(LibPmem pmem, MemorySegment memory, long offset, long length) {
        pmem.persist(memory, offset, length);
        if (reportPmem) durable(memory, offset, length);
    }

    @Override
    public void msync(LibPmem pmem, MemorySegment memory, long offset, long length) throws IOException {
        pmem.msync(memory, offset, length);
        durable(memory, offset, length);
    }

    @Override
    public synchronized void unmap(LibPmem pmem, MemorySegment memory) throws IOException {
        mapped.remove(memory.address());
        pmem.unmap(memory);
    }

    private synchronized void durable(MemorySegment memory, long offset, long length) {
        Mapped m = mapped.get(memory.address());
        if (m == null) throw new AssertionError("a persist on memory the view did not map: " + memory);
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, m.durable(), (int) offset, (int) length);
    }

    /**
     * Asserts that a power failure now would leave every mapped segment's header, tail word and records below
     * that tail as they are in memory. {@code rule} names what the operation that just returned promised.
     */
    synchronized void assertPublishedDurable(String rule) {
        if (mapped.isEmpty()) throw new AssertionError(rule + ": no mapping to check");
        for (Mapped m : mapped.values()) {
            long tail = m.memory().get(TAIL_WORD, PmemSegment.TAIL_OFFSET) & 0xFFFF_FFFFL;
            if (tail < PmemSegment.RECORDS_OFFSET || tail > m.memory().byteSize()) {
                throw new AssertionError(rule + ": " + m.path() + " has a tail word out of range in memory: " + tail);
            }
            for (int p = 0; p < tail; p++) {
                if (m.durable()[p] != m.memory().get(ValueLayout.JAVA_BYTE, p)) {
                    String what = p < SegmentHeader.BYTES ? "its header (persisted when the segment was created)"
                            : p < PmemSegment.TAIL_OFFSET + Long.BYTES ? "its tail word (persisted after it is stored)"
                            : "a record below the tail (persisted before the tail that covers it)";
                    throw new AssertionError(rule + ": power-loss view of " + m.path() + ": byte " + p + " of " + what
                            + " is not durable (the tail is at " + tail + ")");
                }
            }
        }
    }
}
