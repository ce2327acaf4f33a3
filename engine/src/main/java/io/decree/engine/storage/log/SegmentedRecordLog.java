package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * What both record logs share, whatever the medium: a directory of segments ({@link SegmentDirectory}), the
 * claim/commit skeleton of an append, the group commit ({@link GroupCommit}), truncation of whole segments,
 * the recovery walk over the segments and their records, inspection and shutdown.
 *
 * <p>A medium ({@link FileRecordLog}, {@link PmemRecordLog}) supplies only what differs: where a claimed
 * frame is written ({@link #reserve}, {@link #frameMemory}), how a segment is created, sealed, opened and
 * scanned (each medium decides what damage means: a torn tail in a file, corruption below a pmem tail), and
 * how a sync captures and persists.
 *
 * <p>Locks: the sync lock (in {@link GroupCommit}, one persist at a time) is taken before {@code appendLock}
 * (the frame being written, the active segment and the segment list), never after. A medium may add locks
 * below {@code appendLock}.
 */
abstract sealed class SegmentedRecordLog<S extends LogSegment> implements RecordLog, RecordClaim.Owner
        permits FileRecordLog, PmemRecordLog {

    final SegmentDirectory directory;
    final LogOptions options;
    final ReentrantLock appendLock = new ReentrantLock();
    final CRC32C crc = new CRC32C();
    final ArrayDeque<S> segments = new ArrayDeque<>();
    private final RecordClaim claim = new RecordClaim(this);
    private final GroupCommit.Persister persister = new GroupCommit.Persister() {
        @Override public long capture() {
            if (closed) throw new IllegalStateException("log " + directory.dir() + " is closed");
            captureSync();
            return nextSequence;
        }

        @Override public void persist() { persistSync(); }
    };

    // Set once by recoverAndStart, at the end of the medium's constructor (the medium's own fields first).
    private RecoveryReport recovery;
    private GroupCommit commit;

    // Guarded by appendLock.
    S active;
    long nextSequence;
    boolean closed;
    private long claimFrame;
    private long claimFrameLength;
    private long claimKey;

    SegmentedRecordLog(SegmentDirectory directory, LogOptions options) {
        this.directory = directory;
        this.options = options;
    }

    // ---- what a medium supplies ------------------------------------------------------------------------

    /** Creates (prepares, then publishes) an empty segment whose first record will be {@code base}. Under appendLock. */
    abstract S createSegment(long base) throws IOException;

    /** Makes the whole active segment durable before the next one is created. Under appendLock. */
    abstract void seal(S segment) throws IOException;

    /** Opens an existing segment at recovery and checks its header (not yet its records). */
    abstract S openSegment(Path path, long base) throws IOException;

    /**
     * Hands the segment's intact records to {@code visitor} (through {@link #walk}) and decides what damage
     * means on this medium: throws {@link StorageCorruptionException}, or returns the torn tail it found.
     */
    abstract RecoveryReport.TornTail scanSegment(S segment, boolean last, RecordVisitor visitor) throws IOException;

    /** After recovery: makes what was read durable and prepares the last segment for appends, cutting {@code torn}. */
    abstract void startAppending(S last, RecoveryReport.TornTail torn) throws IOException;

    /** Releases what a failed open holds (channels, mappings); the directory is released by the caller. */
    abstract void releaseAfterFailedOpen();

    /**
     * Makes room for a frame of {@code frameLength} bytes (rolling to a new segment if the active one is
     * full) and returns its offset in {@link #frameMemory()}. Under appendLock.
     */
    abstract long reserve(long frameLength) throws IOException;

    /** The memory a reserved frame is written in (the file log's staging buffer, or the pmem mapping). */
    abstract MemorySegment frameMemory();

    /** A ByteBuffer view of {@link #frameMemory()} for the checksum (kept so that nothing is allocated). */
    abstract ByteBuffer frameCrcView();

    /** The reserved frame of {@code frameLength} bytes is sealed: it now counts as appended. Under appendLock. */
    abstract void appended(long frameLength);

    /** The sync leader, under appendLock: records what {@link #persistSync()} must make durable. */
    abstract void captureSync();

    /** The sync leader, outside appendLock: makes what {@link #captureSync()} recorded durable, or throws. */
    abstract void persistSync();

    /** At close, under every lock: makes every committed record durable and releases the medium. */
    abstract void closeMedium();

    // ---- recovery -------------------------------------------------------------------------------------

    /** Recovers the directory's segments, then starts group commit after the last recovered record. */
    final void recoverAndStart(RecordVisitor visitor) {
        try {
            recovery = recover(visitor);
        } catch (RuntimeException | Error e) {
            releaseAfterFailedOpen();
            throw e;
        }
        commit = new GroupCommit(appendLock, nextSequence);
    }

    private RecoveryReport recover(RecordVisitor visitor) {
        List<Path> paths = directory.listSegments();
        RecoveryReport.TornTail torn = null;
        long recovered = 0;
        long first = -1;
        try {
            for (int i = 0; i < paths.size(); i++) {
                Path path = paths.get(i);
                long base = directory.baseOf(path);
                S segment = openSegment(path, base);
                segments.addLast(segment);
                if (i > 0 && base != nextSequence) {
                    throw new StorageCorruptionException(path, 0, "segment starts at record " + base
                            + " but the previous segment ends before record " + nextSequence + ": records are missing");
                }
                boolean last = i == paths.size() - 1;
                RecoveryReport.TornTail tail = scanSegment(segment, last, visitor);
                if (last) torn = tail;
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
                startAppending(active, torn);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover log in " + directory.dir(), e);
        }
        return new RecoveryReport(paths.size(), recovered, first, Optional.ofNullable(torn));
    }

    /**
     * Where a walk over a segment's records stopped: at the end, or at a frame that is not intact
     * ({@code problem}); and the last record it read ({@code lastCrc}, {@code lastFrameLength}), which no
     * commit marker covers if {@code unmarked}.
     */
    record Walk(long offset, String problem, boolean unmarked, int lastCrc, long lastFrameLength) {}

    /**
     * Hands every intact record of {@code segment} in [{@code from}, {@code end}) of {@code memory} to
     * {@code visitor}, in order, and stops at the first frame that is not intact. Commit markers are
     * checked against the record before them and skipped if the medium writes them ({@code markers}), and
     * are damage if it does not. Sets the segment's end and largest key from what it read.
     */
    final Walk walk(S segment, MemorySegment memory, ByteBuffer view, long from, long end, int maxPayload,
                    boolean markers, RecordVisitor visitor) {
        long offset = from;
        long sequence = segment.base;
        String problem = null;
        long last = -1;
        int lastCrc = 0;
        long lastFrameLength = 0;
        boolean unmarked = false;
        while (offset < end) {
            problem = RecordFrame.check(memory, view, crc, offset, end, sequence, maxPayload);
            if (problem != null) break;
            if (RecordFrame.isCommit(memory, offset)) {
                problem = markers ? RecordFrame.checkCommit(memory, offset, last, lastCrc, lastFrameLength)
                        : "commit marker in a log that writes none";
                if (problem != null) break;
                unmarked = false;
                offset += RecordFrame.COMMIT_FRAME_BYTES;
                continue;
            }
            int length = RecordFrame.length(memory, offset);
            long key = RecordFrame.key(memory, offset);
            visitor.onRecord(sequence, RecordFrame.type(memory, offset), key,
                    memory.asSlice(offset + RecordFrame.HEADER_BYTES, length).asReadOnly(), segment.path, offset);
            if (key != NO_KEY) segment.maxKey = Math.max(segment.maxKey, key);
            last = offset;
            lastCrc = RecordFrame.crc(memory, offset);
            lastFrameLength = RecordFrame.frameLength(length);
            unmarked = true;
            offset += lastFrameLength;
            sequence++;
        }
        segment.end = sequence;
        return new Walk(offset, problem, unmarked, lastCrc, lastFrameLength);
    }

    // ---- appending ------------------------------------------------------------------------------------

    @Override
    public final RecordClaim claim(int type, long key, int payloadLength) {
        options.checkPayload(payloadLength);
        if (type <= 0) throw new IllegalArgumentException("record type must be positive: " + type);
        appendLock.lock();
        try {
            if (closed) throw new IllegalStateException("log " + directory.dir() + " is closed");
            claim.checkNotOpen();
            long frameLength = RecordFrame.frameLength(payloadLength);
            long frame = reserve(frameLength);
            MemorySegment memory = frameMemory();
            RecordFrame.writeHeader(memory, frame, payloadLength, nextSequence, key, type);
            claimFrame = frame;
            claimFrameLength = frameLength;
            claimKey = key;
            claim.wrap(memory, frame + RecordFrame.HEADER_BYTES, payloadLength);
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
    public final long commitClaim() {
        try {
            RecordFrame.sealCrc(frameMemory(), crc, frameCrcView(), claimFrame, claimFrameLength);
            appended(claimFrameLength);
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
    public final void abortClaim() { appendLock.unlock(); }

    /** Seals the active segment (complete and durable) and starts the next one. Under appendLock. */
    final void roll() throws IOException {
        seal(active);
        active = createSegment(nextSequence);
        segments.addLast(active);
    }

    // ---- durability -----------------------------------------------------------------------------------

    @Override
    public final long sync() { return commit.sync(persister); }

    @Override
    public final int truncateBelow(long key) {
        sync();
        commit.lockAll();
        try {
            return directory.dropBelow(segments, key);
        } finally {
            commit.unlockAll();
        }
    }

    // ---- inspection and shutdown ----------------------------------------------------------------------

    @Override public final long nextSequence() { return commit.nextSequence(); }

    @Override public final RecoveryReport recovery() { return recovery; }

    @Override public final LogStats stats() { return commit.stats(); }

    @Override public final int segmentCount() {
        appendLock.lock();
        try { return segments.size(); } finally { appendLock.unlock(); }
    }

    public final Path directory() { return directory.dir(); }

    /** Makes every committed record durable, then releases the medium and the directory lock. */
    @Override
    public final void close() {
        commit.lockAll();
        try {
            if (closed) return;
            closed = true;
            try {
                closeMedium();
            } finally {
                directory.close();
            }
        } finally {
            commit.unlockAll();
        }
    }
}
