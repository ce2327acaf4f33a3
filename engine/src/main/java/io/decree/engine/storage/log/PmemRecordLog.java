package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;
import io.decree.engine.storage.pmem.LibPmem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * A {@link RecordLog} in persistent memory: segment files ({@code <base>.pmem}) of a fixed size, mapped
 * with libpmem, records written in place (the claim's flyweight points straight into the mapping).
 *
 * <p>Persistence order (see {@link PmemSegment} and docs/storage.md): a sync persists the record bytes
 * written since the last publication, then stores the segment's tail word (8-byte atomic) and persists
 * it. Recovery reads only below the tail, so a record is either entirely there or not at all; anything
 * below the tail that fails its checksum is damage and stops the replica.
 *
 * <p>Group commit ({@link GroupCommit}) as in {@link FileRecordLog}: the sync leader persists outside the
 * append lock while appenders keep writing beyond the range being persisted. Locks: syncLock (in
 * GroupCommit), then appendLock, then publishLock (which orders tail stores so a tail never moves backwards).
 */
public final class PmemRecordLog implements RecordLog, RecordClaim.Owner {
    static final String SUFFIX = ".pmem";

    private final LibPmem pmem;
    private final SegmentDirectory directory;
    private final LogOptions options;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock publishLock = new ReentrantLock();
    private final CRC32C crc = new CRC32C();
    private final RecordClaim claim = new RecordClaim(this);
    private final ArrayDeque<PmemSegment> segments = new ArrayDeque<>();
    private final RecoveryReport recovery;
    private final GroupCommit commit;
    private final GroupCommit.Persister persister = new Publisher();

    // Guarded by appendLock.
    private PmemSegment active;
    private long nextSequence;
    private long claimFrame;
    private long claimFrameLength;
    private long claimKey;
    private boolean closed;

    // Guarded by the sync lock: what the sync leader captured under appendLock and persists outside it.
    private PmemSegment syncSegment;
    private long syncTail;

    private PmemRecordLog(LibPmem pmem, SegmentDirectory directory, LogOptions options, RecordVisitor visitor) {
        this.pmem = pmem;
        this.directory = directory;
        this.options = options;
        try {
            this.recovery = recover(visitor);
        } catch (RuntimeException | Error e) {
            for (PmemSegment s : segments) s.unmap();
            throw e;
        }
        this.commit = new GroupCommit(appendLock, nextSequence);
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
        LibPmem pmem = LibPmem.get();
        SegmentDirectory directory = new SegmentDirectory(dir, SUFFIX, clientFiles);
        try {
            return new PmemRecordLog(pmem, directory, options, visitor);
        } catch (RuntimeException | Error e) {
            directory.close();
            throw e;
        }
    }

    public static PmemRecordLog open(Path dir, RecordVisitor visitor) { return open(dir, LogOptions.DEFAULT, visitor); }

    // ---- recovery -------------------------------------------------------------------------------------

    private RecoveryReport recover(RecordVisitor visitor) {
        List<Path> paths = directory.listSegments();
        RecoveryReport.TornTail torn = null;
        long recovered = 0;
        long first = -1;
        try {
            for (int i = 0; i < paths.size(); i++) {
                Path path = paths.get(i);
                long base = directory.baseOf(path);
                PmemSegment segment = PmemSegment.open(pmem, path, base, Files.size(path));
                segments.addLast(segment);
                if (i > 0 && base != nextSequence) {
                    throw new StorageCorruptionException(path, 0, "segment starts at record " + base
                            + " but the previous segment ends before record " + nextSequence + ": records are missing");
                }
                boolean last = i == paths.size() - 1;
                RecoveryReport.TornTail unpublished = scan(segment, visitor);
                if (last) torn = unpublished;
                if (first < 0) first = base;
                recovered += segment.end - segment.base;
                nextSequence = segment.end;
            }
            if (segments.isEmpty()) {
                active = createSegment(0);
                segments.addLast(active);
                first = 0;
            } else {
                active = segments.peekLast();
                // A tail stored but not yet persisted when the process died may be in the page cache only:
                // make what recovery saw durable before the replica acts on it.
                active.persist(0, active.published);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover log in " + directory.dir(), e);
        }
        return new RecoveryReport(paths.size(), recovered, first, Optional.ofNullable(torn));
    }

    /** Reads the published records of a segment; reports unpublished bytes found after its tail. */
    private RecoveryReport.TornTail scan(PmemSegment segment, RecordVisitor visitor) {
        MemorySegment memory = segment.memory;
        int maxPayload = (int) Math.min(Integer.MAX_VALUE, segment.capacity - PmemSegment.RECORDS_OFFSET - RecordFrame.HEADER_BYTES);
        long offset = PmemSegment.RECORDS_OFFSET;
        long sequence = segment.base;
        while (offset < segment.published) {
            String problem = RecordFrame.check(memory, segment.crcView, crc, offset, segment.published, sequence, maxPayload);
            if (problem != null) {
                throw new StorageCorruptionException(segment.path, offset, problem
                        + " below the published tail at " + segment.published
                        + " (records are persisted before they are published, so this is damage)");
            }
            int length = RecordFrame.length(memory, offset);
            long key = RecordFrame.key(memory, offset);
            visitor.onRecord(sequence, RecordFrame.type(memory, offset), key,
                    memory.asSlice(offset + RecordFrame.HEADER_BYTES, length).asReadOnly(), segment.path, offset);
            if (key != NO_KEY) segment.maxKey = Math.max(segment.maxKey, key);
            offset += RecordFrame.frameLength(length);
            sequence++;
        }
        segment.end = sequence;
        long tail = segment.published;
        long probe = Math.min(RecordFrame.HEADER_BYTES, segment.capacity - tail);
        for (long p = tail; p < tail + probe; p++) {
            if (memory.get(java.lang.foreign.ValueLayout.JAVA_BYTE, p) != 0) {
                long length = Integer.toUnsignedLong(RecordFrame.length(memory, tail));
                long bytes = Math.min(segment.capacity - tail, Math.max(probe, RecordFrame.frameLength(Math.min(length, maxPayload))));
                return new RecoveryReport.TornTail(segment.path, tail, bytes,
                        "unpublished record after the tail (written but never made durable, so never acknowledged)");
            }
        }
        return null;
    }

    private PmemSegment createSegment(long base) throws IOException {
        PmemSegment segment = PmemSegment.create(pmem, directory.tempPath(base), base, options.segmentBytes());
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
    public RecordClaim claim(int type, long key, int payloadLength) {
        options.checkPayload(payloadLength);
        if (type <= 0) throw new IllegalArgumentException("record type must be positive: " + type);
        appendLock.lock();
        try {
            if (closed) throw new IllegalStateException("log " + directory.dir() + " is closed");
            claim.checkNotOpen();
            long frameLength = RecordFrame.frameLength(payloadLength);
            if (active.writeOffset + frameLength > active.capacity) roll();
            long frame = active.writeOffset;
            RecordFrame.writeHeader(active.memory, frame, payloadLength, nextSequence, key, type);
            claimFrame = frame;
            claimFrameLength = frameLength;
            claimKey = key;
            claim.wrap(active.memory, frame + RecordFrame.HEADER_BYTES, payloadLength);
            return claim;
        } catch (IOException e) {
            appendLock.unlock();
            throw new UncheckedIOException("cannot append to log in " + directory.dir(), e);
        } catch (RuntimeException | Error e) {
            appendLock.unlock();
            throw e;
        }
    }

    @Override
    public long commitClaim() {
        try {
            RecordFrame.sealCrc(active.memory, crc, active.crcView, claimFrame, claimFrameLength);
            active.writeOffset += claimFrameLength;
            if (claimKey != NO_KEY) active.maxKey = Math.max(active.maxKey, claimKey);
            long sequence = nextSequence++;
            active.end = nextSequence;
            commit.committed(nextSequence);
            return sequence;
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public void abortClaim() { appendLock.unlock(); }

    /** Persists and publishes the whole active segment, then starts the next one. Under appendLock. */
    private void roll() throws IOException {
        persistAndPublish(active, active.writeOffset);
        active = createSegment(nextSequence);
        segments.addLast(active);
    }

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

    // ---- durability -----------------------------------------------------------------------------------

    @Override
    public long sync() { return commit.sync(persister); }

    /** The pmem log's persist: capture the active segment's end under appendLock, persist and publish outside it. */
    private final class Publisher implements GroupCommit.Persister {
        @Override
        public long capture() {
            if (closed) throw new IllegalStateException("log " + directory.dir() + " is closed");
            syncSegment = active;
            syncTail = active.writeOffset;
            return nextSequence;
        }

        @Override
        public void persist() {
            PmemSegment segment = syncSegment;
            syncSegment = null;
            persistAndPublish(segment, syncTail);   // earlier segments were published when they were sealed
        }
    }

    @Override
    public int truncateBelow(long key) {
        sync();
        commit.lockAll();
        try {
            return directory.dropBelow(segments, key);
        } finally {
            commit.unlockAll();
        }
    }

    // ---- inspection and shutdown ----------------------------------------------------------------------

    @Override public long nextSequence() { return commit.nextSequence(); }

    @Override public RecoveryReport recovery() { return recovery; }

    @Override public LogStats stats() { return commit.stats(); }

    @Override public int segmentCount() {
        appendLock.lock();
        try { return segments.size(); } finally { appendLock.unlock(); }
    }

    /** Whether libpmem treats the active segment as persistent memory (true on DAX, or when emulated). */
    public boolean isPmem() {
        appendLock.lock();
        try { return active.isPmem; } finally { appendLock.unlock(); }
    }

    public Path directory() { return directory.dir(); }

    /** Publishes every committed record, then unmaps the segments and releases the directory. */
    @Override
    public void close() {
        commit.lockAll();
        try {
            if (closed) return;
            closed = true;
            try {
                persistAndPublish(active, active.writeOffset);
            } finally {
                for (PmemSegment s : segments) s.unmap();
                directory.close();
            }
        } finally {
            commit.unlockAll();
        }
    }
}
