package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directory a log lives in: segment file names ({@code <base, 20 digits>.<suffix>}), the exclusive
 * lock that keeps a second process out, and directory fsyncs that make file creation and deletion durable.
 *
 * <p>A new segment is created under a temporary name, completed (header written and persisted) and then
 * renamed into place, so a file with a segment name always has a whole header: a truncated or foreign
 * header is damage, never a crash artefact. Leftover temporary files are deleted when the log opens.
 *
 * <p>The log's client may keep files of its own beside the segments (the acceptor storage keeps its
 * snapshot here, under the same directory lock); it names them when it opens the log, and listing leaves
 * exactly those names alone. Any other file is foreign.
 */
public final class SegmentDirectory implements AutoCloseable {
    static final String LOCK_FILE = ".lock";
    static final String TEMP_SUFFIX = ".tmp";

    private final Path dir;
    private final String suffix;
    private final Pattern segmentName;
    private final Set<String> clientFiles;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ChannelOpener channels;

    /** Opens (creating if needed) and locks {@code dir} for a log whose segments end in {@code suffix}. */
    public SegmentDirectory(Path dir, String suffix) { this(dir, suffix, Set.of()); }

    /**
     * As {@link #SegmentDirectory(Path, String)}, for a client that keeps files named {@code clientFiles}
     * in the directory too: the log neither reads nor deletes them.
     */
    public SegmentDirectory(Path dir, String suffix, Set<String> clientFiles) { this(dir, suffix, clientFiles, ChannelOpener.FILES); }

    /** As {@link #SegmentDirectory(Path, String, Set)}, opening the directory for its fsyncs with {@code channels}. */
    SegmentDirectory(Path dir, String suffix, Set<String> clientFiles, ChannelOpener channels) {
        this.dir = dir;
        this.channels = channels;
        this.suffix = suffix;
        this.clientFiles = Set.copyOf(clientFiles);
        for (String name : this.clientFiles) {
            if (name.equals(LOCK_FILE) || name.endsWith(suffix) || name.endsWith(TEMP_SUFFIX) && name.matches("\\d{20}.*")) {
                throw new IllegalArgumentException("client file name " + name + " collides with the log's own names");
            }
        }
        this.segmentName = Pattern.compile("\\d{20}" + Pattern.quote(suffix));
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock acquired;
            try {
                acquired = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                acquired = null;
            }
            if (acquired == null) {
                lockChannel.close();
                throw new IllegalStateException("log directory " + dir + " is in use by another process or log instance");
            }
            lock = acquired;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log directory " + dir, e);
        }
    }

    public Path dir() { return dir; }

    public Path segmentPath(long base) { return dir.resolve(String.format("%020d%s", base, suffix)); }

    public long baseOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - suffix.length()));
    }

    /**
     * Lists the segments in base order, deleting leftover temporary files. Any other regular file is
     * foreign: the log refuses to guess what it is.
     */
    public List<Path> listSegments() {
        List<Path> segments = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.equals(LOCK_FILE) || clientFiles.contains(name) || Files.isDirectory(entry)) continue;
                if (name.endsWith(TEMP_SUFFIX) && segmentName.matcher(name.substring(0, name.length() - TEMP_SUFFIX.length())).matches()) {
                    Files.delete(entry);
                    continue;
                }
                if (!segmentName.matcher(name).matches()) {
                    throw new StorageCorruptionException(entry, 0,
                            "unexpected file in the log directory: not a segment of this log (expected names like "
                                    + segmentPath(0).getFileName() + ")");
                }
                segments.add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list log directory " + dir, e);
        }
        segments.sort((a, b) -> Long.compare(baseOf(a), baseOf(b)));
        return segments;
    }

    /** The temporary name a segment is prepared under before {@link #publish}. */
    public Path tempPath(long base) { return dir.resolve(segmentPath(base).getFileName() + TEMP_SUFFIX); }

    /** Renames a prepared segment into place and makes the rename durable. */
    public Path publish(long base) {
        Path target = segmentPath(base);
        try {
            Files.move(tempPath(base), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish segment " + target, e);
        }
        syncDirectory();
        return target;
    }

    /** A segment as truncation sees it. */
    interface Droppable {
        Path path();

        /** Largest key of its keyed records ({@link RecordLog#NO_KEY} if none). */
        long maxKey();

        /** Releases what the log holds of the segment (a mapping) before its file is deleted. */
        void release();
    }

    /**
     * Deletes whole segments of {@code segments} (oldest first), removing them from it, while every keyed
     * record in them has a key below {@code key}; the last (active) segment is never dropped. Then syncs the
     * directory, so a crash in the middle leaves a valid suffix. Returns the number dropped.
     */
    int dropBelow(Deque<? extends Droppable> segments, long key) {
        int dropped = 0;
        while (segments.size() > 1 && segments.peekFirst().maxKey() < key) {
            Droppable segment = segments.pollFirst();
            segment.release();
            delete(segment.path());
            dropped++;
        }
        if (dropped > 0) syncDirectory();
        return dropped;
    }

    /** Deletes a segment; the caller syncs the directory after a batch of deletions. */
    public void delete(Path segment) {
        try {
            Files.delete(segment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete segment " + segment, e);
        }
    }

    /** fsync of the directory itself, so that created, renamed and deleted names survive a power failure. */
    public void syncDirectory() {
        try (FileChannel d = channels.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync log directory " + dir, e);
        }
    }

    @Override public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release log directory " + dir, e);
        }
    }
}
