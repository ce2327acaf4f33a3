package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;
import io.decree.engine.storage.pmem.LibPmem;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link RecordLog} in persistent memory: segment files ({@code <base>.pmem}) of a fixed size, mapped
 * with libpmem, records written in place (the claim's flyweight points straight into the mapping).
 *
 * <p>Persistence order (see {@link PmemSegment} and docs/storage.md): a sync persists the record bytes
 * written since the last publication, then stores the segment's tail word (8-byte atomic) and persists
 * it. Recovery reads only below the tail, so a record is either entirely there or not at all; anything
 * below the tail that fails its checksum is damage and stops the replica.
 *
 * <p>What is shared with the file log (claim/commit, group commit, truncation, the recovery walk) is in
 * {@link SegmentedRecordLog}; this class is the pmem medium: mapping, persist, publish. The sync leader
 * persists outside the append lock while appenders keep writing beyond the range being persisted. Locks:
 * syncLock (in GroupCommit), then appendLock, then publishLock (which orders tail stores so a tail never
 * moves backwards).
 */
public final class PmemRecordLog extends SegmentedRecordLog<PmemSegment> {
    static final String SUFFIX = ".pmem";

    private final LibPmem pmem;
    private final PmemSegment.Mapper mapper;
    private final ReentrantLock publishLock = new ReentrantLock();

    // Guarded by the sync lock: what the sync leader captured under appendLock and persists outside it.
    private PmemSegment syncSegment;
    private long syncTail;

    private PmemRecordLog(LibPmem pmem, PmemSegment.Mapper mapper, SegmentDirectory directory, LogOptions options, RecordVisitor visitor) {
        super(directory, options);
        this.pmem = pmem;
        this.mapper = mapper;
        recoverAndStart(visitor);
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, handing every recovered record to {@code visitor}.
     *
     * @throws io.decree.engine.storage.pmem.PmemUnavailableException if libpmem is not installed
     */
    public static PmemRecordLog open(Path dir, LogOptions options, RecordVisitor visitor) {
        return open(dir, options, java.util.Set.of(), visitor);
    }

    /** As {@link #open(Path, LogOptions, RecordVisitor)}, leaving alone the client's files {@code clientFiles} in {@code dir}. */
    public static PmemRecordLog open(Path dir, LogOptions options, java.util.Set<String> clientFiles, RecordVisitor visitor) {
        return open(dir, options, clientFiles, visitor, PmemSegment.LIBPMEM);
    }

    /** As {@link #open(Path, LogOptions, java.util.Set, RecordVisitor)}, mapping segments with {@code mapper}. */
    static PmemRecordLog open(Path dir, LogOptions options, java.util.Set<String> clientFiles, RecordVisitor visitor, PmemSegment.Mapper mapper) {
        LibPmem pmem = LibPmem.get();
        SegmentDirectory directory = new SegmentDirectory(dir, SUFFIX, clientFiles);
        try {
            return new PmemRecordLog(pmem, mapper, directory, options, visitor);
        } catch (RuntimeException | Error e) {
            directory.close();
            throw e;
        }
    }

    public static PmemRecordLog open(Path dir, RecordVisitor visitor) { return open(dir, LogOptions.DEFAULT, visitor); }

    // ---- recovery -------------------------------------------------------------------------------------

    @Override
    PmemSegment openSegment(Path path, long base) throws IOException {
        return PmemSegment.open(pmem, mapper, path, base, Files.size(path));
    }

    /** Reads the published records of a segment; reports unpublished bytes found after its tail. */
    @Override
    RecoveryReport.TornTail scanSegment(PmemSegment segment, boolean last, RecordVisitor visitor) {
        MemorySegment memory = segment.memory;
        int maxPayload = (int) Math.min(Integer.MAX_VALUE, segment.capacity - PmemSegment.RECORDS_OFFSET - RecordFrame.HEADER_BYTES);
        Walk walk = walk(segment, memory, segment.crcView, PmemSegment.RECORDS_OFFSET, segment.published, maxPayload, false, visitor);
        if (walk.problem() != null) {
            throw new StorageCorruptionException(segment.path, walk.offset(), walk.problem()
                    + " below the published tail at " + segment.published
                    + " (records are persisted before they are published, so this is damage)");
        }
        long tail = segment.published;
        long probe = Math.min(RecordFrame.HEADER_BYTES, segment.capacity - tail);
        for (long p = tail; p < tail + probe; p++) {
            if (memory.get(ValueLayout.JAVA_BYTE, p) != 0) {
                long length = Integer.toUnsignedLong(RecordFrame.length(memory, tail));
                long bytes = Math.min(segment.capacity - tail, Math.max(probe, RecordFrame.frameLength(Math.min(length, maxPayload))));
                return new RecoveryReport.TornTail(segment.path, tail, bytes,
                        "unpublished record after the tail (written but never made durable, so never acknowledged)");
            }
        }
        return null;
    }

    @Override
    void startAppending(PmemSegment last, RecoveryReport.TornTail torn) {
        // A tail stored but not yet persisted when the process died may be in the page cache only:
        // make what recovery saw durable before the replica acts on it. Bytes after the tail (torn) are
        // simply overwritten by the next appends.
        last.persist(0, last.published);
    }

    @Override
    void releaseAfterFailedOpen() {
        for (PmemSegment s : segments) s.unmap();
    }

    @Override
    PmemSegment createSegment(long base) throws IOException {
        PmemSegment segment = PmemSegment.create(pmem, mapper, directory.tempPath(base), base, options.segmentBytes());
        try {
            segment.path = directory.publish(base);
        } catch (RuntimeException e) {
            segment.unmap();
            throw e;
        }
        return segment;
    }

    // ---- appending ------------------------------------------------------------------------------------

    @Override
    long reserve(long frameLength) throws IOException {
        if (active.writeOffset + frameLength > active.capacity) roll();
        return active.writeOffset;
    }

    @Override MemorySegment frameMemory() { return active.memory; }

    @Override ByteBuffer frameCrcView() { return active.crcView; }

    @Override void appended(long frameLength) { active.writeOffset += frameLength; }

    /** Persists and publishes the whole active segment before the next one is created. Under appendLock. */
    @Override
    void seal(PmemSegment segment) { persistAndPublish(segment, segment.writeOffset); }

    /** Persists the records of {@code segment} below {@code tail}, then publishes them. */
    private void persistAndPublish(PmemSegment segment, long tail) {
        long from;
        publishLock.lock();
        try { from = segment.published; } finally { publishLock.unlock(); }
        if (tail <= from) return;
        segment.persist(from, tail - from);            // 1. the record bytes
        publishLock.lock();
        try {
            if (segment.published < tail) segment.publish(tail);   // 2. then the tail that covers them
        } finally {
            publishLock.unlock();
        }
    }

    // ---- durability: capture the active segment's end under appendLock, persist and publish outside it --

    @Override
    void captureSync() {
        syncSegment = active;
        syncTail = active.writeOffset;
    }

    @Override
    void persistSync() {
        PmemSegment segment = syncSegment;
        syncSegment = null;
        persistAndPublish(segment, syncTail);   // earlier segments were published when they were sealed
    }

    // ---- inspection and shutdown ----------------------------------------------------------------------

    /** Whether libpmem treats the active segment as persistent memory (true on DAX, or when emulated). */
    public boolean isPmem() {
        appendLock.lock();
        try { return active.isPmem; } finally { appendLock.unlock(); }
    }

    /** Publishes every committed record, then unmaps the segments. */
    @Override
    void closeMedium() {
        try {
            persistAndPublish(active, active.writeOffset);
        } finally {
            for (PmemSegment s : segments) s.unmap();
        }
    }
}
