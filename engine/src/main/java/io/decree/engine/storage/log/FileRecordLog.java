package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RecordLog} in segment files ({@code <base>.log}) made durable with {@link FileChannel#force}.
 *
 * <p>Records are framed in an off-heap staging buffer and written to the active segment in large writes;
 * {@link #sync()} is a leader/follower group commit: the first caller writes out the staging buffer and
 * forces the file while later callers wait on the sync lock and, when they get it, usually find their
 * records already durable. Appenders keep filling the staging buffer while a force is under way.
 *
 * <p>Invariants that recovery relies on: every segment but the last is complete and durable, because a
 * segment is forced before the next one is created, so damage in a sealed segment is always corruption
 * and only the last segment may end in a torn record. And every sync (and every seal and close) writes a
 * commit marker ({@link RecordFrame#COMMIT_TYPE}) right after the last record it makes durable, in the
 * same write and force, so an acknowledged record is never the last frame of its segment: damage to it
 * has an intact marker after it and is refused, never cut off as a torn tail.
 *
 * <p>What is shared with the pmem log (claim/commit, group commit, truncation, the recovery walk) is in
 * {@link SegmentedRecordLog}; this class is the file medium: staging buffer, positional writes, force.
 */
public final class FileRecordLog extends SegmentedRecordLog<FileRecordLog.Segment> {
    static final String SUFFIX = ".log";
    private static final int MIN_STAGING_BYTES = 1 << 20;

    /** A segment file and what the log knows about its records. */
    static final class Segment extends LogSegment {
        long bytes;                     // bytes in the file (written out of the staging buffer)
        volatile long durableBytes;     // leading bytes of the file that were forced (persisted)
        FileChannel channel;            // open while it is the active segment
        Arena scan;                     // recovery only: the read-only mapping being scanned
        MemorySegment scanMap;

        Segment(Path path, long base) { super(path, base); }

        @Override public void release() { }   // its channel was retired when it was sealed

        void endScan() {
            if (scan != null) scan.close();
            scan = null;
            scanMap = null;
        }
    }

    /**
     * Opens the channels the log writes and forces: the last segment's, for appending at recovery, and each
     * new segment's. Production opens the file ({@link ChannelOpener#FILES}); a test gives a channel whose
     * write, truncate or force fails (the only way to reach the cleanup of an open that fails after that
     * channel exists), or one that records what was forced.
     */
    private final ChannelOpener channels;
    private final Arena arena;
    private final MemorySegment staging;
    private final ByteBuffer stagingCrcView;
    private final ByteBuffer stagingWriteView;
    private final List<FileChannel> retired = new ArrayList<>();

    // Guarded by appendLock.
    private int stagingUsed;
    private boolean unmarked;               // the active segment has records after its last commit marker
    private int lastRecordCrc;              // the last record appended: what the next marker names
    private long lastRecordFrameLength;

    // Guarded by the sync lock: what the sync leader captured under appendLock and persists outside it.
    private Segment syncSegment;
    private FileChannel syncChannel;
    private long syncBytes;
    private List<FileChannel> syncToClose = List.of();

    private FileRecordLog(SegmentDirectory directory, LogOptions options, RecordVisitor visitor, ChannelOpener channels) {
        super(directory, options);
        this.channels = channels;
        this.arena = channels.stagingArena();
        long stagingBytes = Math.max(MIN_STAGING_BYTES, RecordFrame.frameLength(options.maxPayloadBytes()) + RecordFrame.COMMIT_FRAME_BYTES);
        this.staging = arena.allocate(stagingBytes, 4096);
        this.stagingCrcView = staging.asByteBuffer();
        this.stagingWriteView = staging.asByteBuffer();
        recoverAndStart(visitor);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing: the first error is the one to report
        }
    }

    /** Opens (creating if needed) the log in {@code dir}, handing every recovered record to {@code visitor}. */
    public static FileRecordLog open(Path dir, LogOptions options, RecordVisitor visitor) {
        return open(dir, options, java.util.Set.of(), visitor);
    }

    /** As {@link #open(Path, LogOptions, RecordVisitor)}, leaving alone the client's files {@code clientFiles} in {@code dir}. */
    public static FileRecordLog open(Path dir, LogOptions options, java.util.Set<String> clientFiles, RecordVisitor visitor) {
        return open(dir, options, clientFiles, visitor, ChannelOpener.FILES);
    }

    /**
     * As {@link #open(Path, LogOptions, java.util.Set, RecordVisitor)}, opening with {@code channels} the
     * channels the log writes and forces (segments, and the directory for its fsyncs).
     */
    static FileRecordLog open(Path dir, LogOptions options, java.util.Set<String> clientFiles, RecordVisitor visitor, ChannelOpener channels) {
        SegmentDirectory directory = new SegmentDirectory(dir, SUFFIX, clientFiles, channels);
        try {
            return new FileRecordLog(directory, options, visitor, channels);
        } catch (RuntimeException | Error e) {
            directory.close();
            throw e;
        }
    }

    public static FileRecordLog open(Path dir, RecordVisitor visitor) { return open(dir, LogOptions.DEFAULT, visitor); }

    // ---- recovery -------------------------------------------------------------------------------------

    @Override
    Segment openSegment(Path path, long base) throws IOException {
        Segment segment = new Segment(path, base);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            segment.bytes = size;
            segment.scan = Arena.ofConfined();
            segment.scanMap = size == 0 ? MemorySegment.ofArray(new byte[0]) : channel.map(FileChannel.MapMode.READ_ONLY, 0, size, segment.scan);
            SegmentHeader.verify(path, segment.scanMap, size, SegmentHeader.KIND_FILE, base);
            return segment;
        } catch (IOException | RuntimeException | Error e) {
            segment.endScan();
            throw e;
        }
    }

    /** Reads one segment; returns the torn tail it ends with, if it is the last segment and has one. */
    @Override
    RecoveryReport.TornTail scanSegment(Segment segment, boolean last, RecordVisitor visitor) {
        try {
            MemorySegment map = segment.scanMap;
            long size = segment.bytes;
            long capacity = SegmentHeader.capacity(map);
            if (size > capacity) {
                throw new StorageCorruptionException(segment.path, capacity,
                        "segment file has " + size + " bytes, more than its capacity of " + capacity);
            }
            int maxPayload = (int) Math.min(Integer.MAX_VALUE, capacity - SegmentHeader.BYTES - RecordFrame.HEADER_BYTES);
            ByteBuffer view = map.asByteBuffer();
            Walk walk = walk(segment, map, view, SegmentHeader.BYTES, size, maxPayload, true, visitor);
            if (last) {
                unmarked = walk.unmarked();
                lastRecordCrc = walk.lastCrc();
                lastRecordFrameLength = walk.lastFrameLength();
            }
            if (walk.problem() == null) return null;
            long offset = walk.offset();
            if (!last) {
                throw new StorageCorruptionException(segment.path, offset, walk.problem()
                        + " in a sealed segment (sealed segments are complete by construction)");
            }
            long intact = RecordFrame.findIntactAfter(map, view, crc, offset + RecordFrame.ALIGNMENT, size, segment.end, maxPayload);
            if (intact >= 0) {
                throw new StorageCorruptionException(segment.path, offset, walk.problem() + "; an intact record follows at offset "
                        + intact + ", so this is damage inside the log, not a torn write");
            }
            // Nothing intact after the damage, so no commit marker covers it: a write that was never
            // acknowledged (torn), or the last marker itself, whose records were all read intact.
            segment.bytes = offset;
            String what = size - offset >= RecordFrame.HEADER_BYTES && RecordFrame.isCommit(map, offset)
                    ? " (a commit marker: the records it covers were read intact)" : "";
            return new RecoveryReport.TornTail(segment.path, offset, size - offset, walk.problem() + what);
        } finally {
            segment.endScan();
        }
    }

    @Override
    void startAppending(Segment last, RecoveryReport.TornTail torn) throws IOException {
        last.channel = channels.open(last.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (torn != null) last.channel.truncate(torn.offset());
        // Records read intact after the last marker (written out but never synced, or whose marker was
        // cut as a torn tail) are now the replica's state: mark them like a sync would.
        if (unmarked) {
            appendMarker();
            writeStaging();
        }
        // What recovery read may have been in the page cache only: make it durable before the
        // replica acts on it, so a later power failure cannot take back what it has seen.
        last.channel.force(true);
        last.durableBytes = last.bytes;
    }

    @Override
    void releaseAfterFailedOpen() {
        for (Segment s : segments) {
            s.endScan();
            closeQuietly(s.channel);
        }
        arena.close();
    }

    /** Creates a segment whose first record will be {@code base}: prepared under a temporary name, then published. */
    @Override
    Segment createSegment(long base) throws IOException {
        Path temp = directory.tempPath(base);
        FileChannel channel = channels.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(SegmentHeader.BYTES);
            SegmentHeader.write(MemorySegment.ofBuffer(header), SegmentHeader.KIND_FILE, base, options.segmentBytes());
            while (header.hasRemaining()) channel.write(header, header.position());
            channel.force(true);
            Segment segment = new Segment(directory.publish(base), base);
            segment.bytes = SegmentHeader.BYTES;
            segment.durableBytes = SegmentHeader.BYTES;
            segment.channel = channel;
            return segment;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    // ---- appending ------------------------------------------------------------------------------------

    /** Room for the frame and for the commit marker that will follow it, in the segment and in staging. */
    @Override
    long reserve(long frameLength) throws IOException {
        long withMarker = frameLength + RecordFrame.COMMIT_FRAME_BYTES;
        if (active.bytes + stagingUsed + withMarker > options.segmentBytes()) roll();
        if (stagingUsed + withMarker > staging.byteSize()) writeStaging();
        return stagingUsed;
    }

    @Override MemorySegment frameMemory() { return staging; }

    @Override ByteBuffer frameCrcView() { return stagingCrcView; }

    @Override
    void appended(long frameLength) {
        lastRecordCrc = RecordFrame.crc(staging, stagingUsed);
        lastRecordFrameLength = frameLength;
        unmarked = true;
        stagingUsed += (int) frameLength;
    }

    /**
     * Stages a commit marker naming the last record appended. Under appendLock, with records after the last
     * marker; the room is there because every reserve left room for one after its frame.
     */
    private void appendMarker() {
        assert unmarked && stagingUsed + RecordFrame.COMMIT_FRAME_BYTES <= staging.byteSize()
                && active.bytes + stagingUsed + RecordFrame.COMMIT_FRAME_BYTES <= options.segmentBytes();
        RecordFrame.writeCommit(staging, crc, stagingCrcView, stagingUsed, nextSequence, lastRecordCrc, (int) lastRecordFrameLength);
        stagingUsed += RecordFrame.COMMIT_FRAME_BYTES;
        unmarked = false;
    }

    /** Writes the staging buffer to the active segment (no force). Under appendLock. */
    private void writeStaging() throws IOException {
        if (stagingUsed == 0) return;
        stagingWriteView.limit(stagingUsed).position(0);
        while (stagingWriteView.hasRemaining()) {
            active.bytes += active.channel.write(stagingWriteView, active.bytes);
        }
        stagingWriteView.clear();
        stagingUsed = 0;
    }

    /** Writes out and forces the active segment, and retires its channel (closed by the next sync or close). */
    @Override
    void seal(Segment segment) throws IOException {
        if (unmarked) appendMarker();   // not needed for safety (a sealed segment is complete), but every segment ends marked
        writeStaging();
        segment.channel.force(false);
        segment.durableBytes = segment.bytes;
        retired.add(segment.channel);
        segment.channel = null;
    }

    // ---- durability: write out the staging buffer under appendLock, force outside it -------------------

    @Override
    void captureSync() {
        try {
            if (unmarked) appendMarker();
            writeStaging();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync log in " + directory.dir(), e);
        }
        syncSegment = active;
        syncChannel = active.channel;
        syncBytes = active.bytes;
        syncToClose = retired.isEmpty() ? List.of() : new ArrayList<>(retired);
        retired.clear();
    }

    @Override
    void persistSync() {
        Segment segment = syncSegment;
        List<FileChannel> toClose = syncToClose;
        syncSegment = null;
        syncToClose = List.of();
        FileChannel channel = syncChannel;
        syncChannel = null;
        try {
            channel.force(false);
            if (syncBytes > segment.durableBytes) segment.durableBytes = syncBytes;   // a roll racing this only seals the segment further
            for (FileChannel c : toClose) c.close();   // forced when they were sealed
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync log in " + directory.dir(), e);
        }
    }

    // ---- inspection and shutdown ----------------------------------------------------------------------

    /**
     * Where the durable part of the log ends: the active (last) segment and how many of its leading bytes
     * have been forced. Every earlier segment was forced in full when it was sealed. A power failure now
     * leaves at least these bytes; whatever was written after them (records not yet synced) may be lost,
     * or survive in part as a torn tail. For fault injection (the simulator cuts files back to it at a
     * simulated crash); the engine itself never needs it.
     */
    public DurableEnd durableEnd() {
        appendLock.lock();
        try { return new DurableEnd(active.path, active.durableBytes); } finally { appendLock.unlock(); }
    }

    /** The active segment {@code file} and the number of its leading bytes that are durable. */
    public record DurableEnd(Path file, long bytes) {}

    @Override
    void closeMedium() {
        try {
            if (unmarked) appendMarker();
            writeStaging();
            active.channel.force(false);
            active.channel.close();
            for (FileChannel c : retired) c.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close log in " + directory.dir(), e);
        } finally {
            arena.close();
        }
    }
}
