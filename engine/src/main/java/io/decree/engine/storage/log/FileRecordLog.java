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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * A {@link RecordLog} in segment files ({@code <base>.log}) made durable with {@link FileChannel#force}.
 *
 * <p>Records are framed in an off-heap staging buffer and written to the active segment in large writes;
 * {@link #sync()} is a leader/follower group commit: the first caller writes out the staging buffer and
 * forces the file while later callers wait on the sync lock and, when they get it, usually find their
 * records already durable. Appenders keep filling the staging buffer while a force is under way.
 *
 * <p>Invariant that recovery relies on: every segment but the last is complete and durable, because a
 * segment is forced before the next one is created. So damage in a sealed segment is always corruption,
 * and only the last segment may end in a torn record.
 *
 * <p>Locks: {@code syncLock} (one persist at a time, held by {@link GroupCommit}) is taken before
 * {@code appendLock} (the staging buffer, the active segment and the segment list), never after.
 */
public final class FileRecordLog implements RecordLog, RecordClaim.Owner {
    static final String SUFFIX = ".log";
    private static final int MIN_STAGING_BYTES = 1 << 20;

    /** A segment file and what the log knows about its records. */
    private static final class Segment implements SegmentDirectory.Droppable {
        final Path path;
        final long base;
        long end;                       // sequence number after its last record
        long maxKey = NO_KEY;           // largest key of its keyed records
        long bytes;                     // bytes in the file (written out of the staging buffer)
        volatile long durableBytes;     // leading bytes of the file that were forced (persisted)
        FileChannel channel;            // open while it is the active segment

        Segment(Path path, long base) { this.path = path; this.base = base; this.end = base; }

        @Override public Path path() { return path; }
        @Override public long maxKey() { return maxKey; }
        @Override public void release() { }   // its channel was retired when it was sealed
    }

    private final SegmentDirectory directory;
    private final LogOptions options;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment staging;
    private final ByteBuffer stagingCrcView;
    private final ByteBuffer stagingWriteView;
    private final CRC32C crc = new CRC32C();
    private final RecordClaim claim = new RecordClaim(this);
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final List<FileChannel> retired = new ArrayList<>();
    private final RecoveryReport recovery;
    private final GroupCommit commit;
    private final GroupCommit.Persister persister = new Forcer();

    // Guarded by appendLock.
    private Segment active;
    private int stagingUsed;
    private long nextSequence;
    private long claimFrame;
    private long claimFrameLength;
    private long claimKey;
    private boolean closed;

    // Guarded by the sync lock: what the sync leader captured under appendLock and persists outside it.
    private Segment syncSegment;
    private FileChannel syncChannel;
    private long syncBytes;
    private List<FileChannel> syncToClose = List.of();

    private FileRecordLog(SegmentDirectory directory, LogOptions options, RecordVisitor visitor) {
        this.directory = directory;
        this.options = options;
        long stagingBytes = Math.max(MIN_STAGING_BYTES, RecordFrame.frameLength(options.maxPayloadBytes()));
        this.staging = arena.allocate(stagingBytes, 4096);
        this.stagingCrcView = staging.asByteBuffer();
        this.stagingWriteView = staging.asByteBuffer();
        try {
            this.recovery = recover(visitor);
        } catch (RuntimeException | Error e) {
            for (Segment s : segments) closeQuietly(s.channel);
            arena.close();
            throw e;
        }
        this.commit = new GroupCommit(appendLock, nextSequence);
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
        SegmentDirectory directory = new SegmentDirectory(dir, SUFFIX, clientFiles);
        try {
            return new FileRecordLog(directory, options, visitor);
        } catch (RuntimeException | Error e) {
            directory.close();
            throw e;
        }
    }

    public static FileRecordLog open(Path dir, RecordVisitor visitor) { return open(dir, LogOptions.DEFAULT, visitor); }

    // ---- recovery -------------------------------------------------------------------------------------

    private RecoveryReport recover(RecordVisitor visitor) {
        List<Path> paths = directory.listSegments();
        RecoveryReport.TornTail torn = null;
        long recovered = 0;
        long first = -1;
        try {
            for (int i = 0; i < paths.size(); i++) {
                Path path = paths.get(i);
                Segment segment = new Segment(path, directory.baseOf(path));
                boolean last = i == paths.size() - 1;
                torn = scan(segment, i == 0 ? -1 : nextSequence, last, visitor);
                if (first < 0) first = segment.base;
                recovered += segment.end - segment.base;
                nextSequence = segment.end;
                segments.addLast(segment);
            }
            if (segments.isEmpty()) {
                active = createSegment(0);
                segments.addLast(active);
                first = 0;
            } else {
                active = segments.peekLast();
                active.channel = FileChannel.open(active.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                if (torn != null) active.channel.truncate(torn.offset());
                // What recovery read may have been in the page cache only: make it durable before the
                // replica acts on it, so a later power failure cannot take back what it has seen.
                active.channel.force(true);
                active.durableBytes = active.bytes;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover log in " + directory.dir(), e);
        }
        return new RecoveryReport(paths.size(), recovered, first, Optional.ofNullable(torn));
    }

    /** Reads one segment; returns the torn tail it ends with, if it is the last segment and has one. */
    private RecoveryReport.TornTail scan(Segment segment, long expectedBase, boolean last, RecordVisitor visitor) throws IOException {
        try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ);
             Arena mapping = Arena.ofConfined()) {
            long size = channel.size();
            MemorySegment map = size == 0 ? MemorySegment.ofArray(new byte[0]) : channel.map(FileChannel.MapMode.READ_ONLY, 0, size, mapping);
            SegmentHeader.verify(segment.path, map, size, SegmentHeader.KIND_FILE, segment.base);
            if (expectedBase >= 0 && segment.base != expectedBase) {
                throw new StorageCorruptionException(segment.path, 0, "segment starts at record " + segment.base
                        + " but the previous segment ends before record " + expectedBase + ": records are missing");
            }
            long capacity = SegmentHeader.capacity(map);
            if (size > capacity) {
                throw new StorageCorruptionException(segment.path, capacity,
                        "segment file has " + size + " bytes, more than its capacity of " + capacity);
            }
            int maxPayload = (int) Math.min(Integer.MAX_VALUE, capacity - SegmentHeader.BYTES - RecordFrame.HEADER_BYTES);
            ByteBuffer view = map.asByteBuffer();
            long offset = SegmentHeader.BYTES;
            long sequence = segment.base;
            while (offset < size) {
                String problem = RecordFrame.check(map, view, crc, offset, size, sequence, maxPayload);
                if (problem != null) {
                    if (!last) {
                        throw new StorageCorruptionException(segment.path, offset, problem
                                + " in a sealed segment (sealed segments are complete by construction)");
                    }
                    long intact = RecordFrame.findIntactAfter(map, view, crc, offset + RecordFrame.ALIGNMENT, size, sequence, maxPayload);
                    if (intact >= 0) {
                        throw new StorageCorruptionException(segment.path, offset, problem + "; an intact record follows at offset "
                                + intact + ", so this is damage inside the log, not a torn write");
                    }
                    segment.bytes = offset;
                    segment.end = sequence;
                    return new RecoveryReport.TornTail(segment.path, offset, size - offset, problem);
                }
                int length = RecordFrame.length(map, offset);
                long key = RecordFrame.key(map, offset);
                visitor.onRecord(sequence, RecordFrame.type(map, offset), key,
                        map.asSlice(offset + RecordFrame.HEADER_BYTES, length).asReadOnly(), segment.path, offset);
                if (key != NO_KEY) segment.maxKey = Math.max(segment.maxKey, key);
                offset += RecordFrame.frameLength(length);
                sequence++;
            }
            segment.bytes = size;
            segment.end = sequence;
            return null;
        }
    }

    /** Creates a segment whose first record will be {@code base}: prepared under a temporary name, then published. */
    private Segment createSegment(long base) throws IOException {
        Path temp = directory.tempPath(base);
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
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

    @Override
    public RecordClaim claim(int type, long key, int payloadLength) {
        options.checkPayload(payloadLength);
        if (type <= 0) throw new IllegalArgumentException("record type must be positive: " + type);
        appendLock.lock();
        try {
            if (closed) throw new IllegalStateException("log " + directory.dir() + " is closed");
            claim.checkNotOpen();
            long frameLength = RecordFrame.frameLength(payloadLength);
            if (active.bytes + stagingUsed + frameLength > options.segmentBytes()) roll();
            if (stagingUsed + frameLength > staging.byteSize()) writeStaging();
            long frame = stagingUsed;
            RecordFrame.writeHeader(staging, frame, payloadLength, nextSequence, key, type);
            claimFrame = frame;
            claimFrameLength = frameLength;
            claimKey = key;
            claim.wrap(staging, frame + RecordFrame.HEADER_BYTES, payloadLength);
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
            RecordFrame.sealCrc(staging, crc, stagingCrcView, claimFrame, claimFrameLength);
            stagingUsed += (int) claimFrameLength;
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

    /** Seals the active segment (complete and forced) and starts the next one. Under appendLock. */
    private void roll() throws IOException {
        writeStaging();
        active.channel.force(false);
        active.durableBytes = active.bytes;
        retired.add(active.channel);
        active.channel = null;
        active = createSegment(nextSequence);
        segments.addLast(active);
    }

    // ---- durability -----------------------------------------------------------------------------------

    @Override
    public long sync() { return commit.sync(persister); }

    /** The file log's persist: write out the staging buffer under appendLock, force outside it. */
    private final class Forcer implements GroupCommit.Persister {
        @Override
        public long capture() {
            if (closed) throw new IllegalStateException("log " + directory.dir() + " is closed");
            try {
                writeStaging();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sync log in " + directory.dir(), e);
            }
            syncSegment = active;
            syncChannel = active.channel;
            syncBytes = active.bytes;
            syncToClose = retired.isEmpty() ? List.of() : new ArrayList<>(retired);
            retired.clear();
            return nextSequence;
        }

        @Override
        public void persist() {
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

    public Path directory() { return directory.dir(); }

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

    /** Makes every committed record durable, then releases the files and the directory lock. */
    @Override
    public void close() {
        commit.lockAll();
        try {
            if (closed) return;
            closed = true;
            try {
                writeStaging();
                active.channel.force(false);
                active.channel.close();
                for (FileChannel c : retired) c.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close log in " + directory.dir(), e);
            } finally {
                arena.close();
                directory.close();
            }
        } finally {
            commit.unlockAll();
        }
    }
}
