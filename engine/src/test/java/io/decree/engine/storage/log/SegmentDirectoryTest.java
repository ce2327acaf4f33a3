package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log directory on its own: segment names, which files it deletes, leaves alone or refuses, the lock
 * that keeps a second log out, and truncation of whole segments by their largest key.
 */
class SegmentDirectoryTest {
    @TempDir Path dir;

    private String collision(String clientFile) {
        return assertThrows(IllegalArgumentException.class, () -> new SegmentDirectory(dir.resolve("unused"), ".log", Set.of(clientFile)))
                .getMessage();
    }

    @Test
    void clientFilesMayNotLookLikeTheLogsOwn() {
        assertEquals("client file name .lock collides with the log's own names", collision(".lock"));
        assertEquals("client file name notes.log collides with the log's own names", collision("notes.log"));
        assertEquals("client file name 00000000000000000007.pmem.tmp collides with the log's own names",
                collision("00000000000000000007.pmem.tmp"));
        // Only a temporary name that starts like a segment's is the log's; these are the client's.
        try (SegmentDirectory d = new SegmentDirectory(dir, ".log", Set.of("snapshot.tmp", "00000000000000000007.keep"))) {
            assertEquals(List.of(), d.listSegments());
        }
        assertFalse(Files.exists(dir.resolve("unused")), "a refused name is refused before anything is created");
    }

    @Test
    void segmentsAreNamedByTheirBaseInTwentyDigits() {
        try (SegmentDirectory d = new SegmentDirectory(dir, ".log")) {
            assertEquals(dir.resolve("00000000000000000042.log"), d.segmentPath(42));
            assertEquals(dir.resolve("00000000000000000042.log.tmp"), d.tempPath(42));
            assertEquals(42, d.baseOf(d.segmentPath(42)));
            assertEquals(Long.MAX_VALUE, d.baseOf(d.segmentPath(Long.MAX_VALUE)));
            assertEquals(dir, d.dir());
        }
    }

    @Test
    void listingSortsByBaseDeletesLeftoverTempsAndLeavesTheClientsFilesAlone() throws IOException {
        try (SegmentDirectory d = new SegmentDirectory(dir, ".log", Set.of("snapshot"))) {
            for (long base : new long[] {7, 300, 20, 1000, 0}) Files.write(d.segmentPath(base), new byte[1]);
            Files.write(d.tempPath(5), new byte[1]);
            Files.write(dir.resolve("snapshot"), new byte[1]);
            Files.createDirectory(dir.resolve("sub"));
            List<Path> listed = d.listSegments();
            List<Long> bases = new ArrayList<>();
            for (Path p : listed) bases.add(d.baseOf(p));
            assertEquals(List.of(0L, 7L, 20L, 300L, 1000L), bases);
            assertFalse(Files.exists(d.tempPath(5)), "a segment that was never published is deleted");
            assertTrue(Files.exists(dir.resolve("snapshot")));
            assertTrue(Files.exists(dir.resolve("sub")));
        }
    }

    @Test
    void anyOtherFileIsForeign() throws IOException {
        try (SegmentDirectory d = new SegmentDirectory(dir, ".log")) {
            Path stray = dir.resolve("backup.tmp");   // a temporary name, but not of a segment
            Files.write(stray, new byte[1]);
            StorageCorruptionException e = assertThrows(StorageCorruptionException.class, d::listSegments);
            assertEquals(stray, e.file());
            assertEquals(0, e.offset());
            assertTrue(e.getMessage().contains("unexpected file in the log directory: not a segment of this log"
                    + " (expected names like 00000000000000000000.log)"), e.getMessage());
            assertTrue(Files.exists(stray), "a foreign file is never deleted");
            Files.delete(stray);
            Path shortName = dir.resolve("0000000000000000001.log");   // 19 digits
            Files.write(shortName, new byte[1]);
            assertEquals(shortName, assertThrows(StorageCorruptionException.class, d::listSegments).file());
        }
    }

    @Test
    void oneLogAtATimeAndTheLockIsReleasedOnClose() {
        SegmentDirectory first = new SegmentDirectory(dir, ".log");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SegmentDirectory(dir, ".pmem"));
        assertEquals("log directory " + dir + " is in use by another process or log instance", e.getMessage());
        first.close();
        new SegmentDirectory(dir, ".log").close();
    }

    @Test
    void publishingRenamesThePreparedSegmentIntoPlace() throws IOException {
        try (SegmentDirectory d = new SegmentDirectory(dir, ".log")) {
            Files.write(d.tempPath(9), new byte[] {1, 2, 3});
            assertEquals(d.segmentPath(9), d.publish(9));
            assertFalse(Files.exists(d.tempPath(9)));
            assertEquals(3, Files.size(d.segmentPath(9)));
            UncheckedIOException missing = assertThrows(UncheckedIOException.class, () -> d.publish(10));
            assertEquals("cannot publish segment " + d.segmentPath(10), missing.getMessage());
            UncheckedIOException gone = assertThrows(UncheckedIOException.class, () -> d.delete(d.segmentPath(10)));
            assertEquals("cannot delete segment " + d.segmentPath(10), gone.getMessage());
        }
    }

    /** A segment as truncation sees it, recording its release. */
    private static final class Fake implements SegmentDirectory.Droppable {
        final Path path;
        final long maxKey;
        boolean released;

        Fake(Path path, long maxKey) {
            this.path = path;
            this.maxKey = maxKey;
        }

        @Override public Path path() { return path; }
        @Override public long maxKey() { return maxKey; }
        @Override public void release() { released = true; }
    }

    @Test
    void truncationDropsOldestSegmentsWhoseKeysAreAllBelowTheKeyButNeverTheLast() throws IOException {
        try (SegmentDirectory d = new SegmentDirectory(dir, ".log")) {
            ArrayDeque<Fake> segments = new ArrayDeque<>();
            long[] maxKeys = {4, RecordLog.NO_KEY, 10, 3, 20};   // the 3 after the 10 is held back by it: whole segments, oldest first
            for (int i = 0; i < maxKeys.length; i++) {
                Path p = d.segmentPath(i * 100L);
                Files.write(p, new byte[1]);
                segments.addLast(new Fake(p, maxKeys[i]));
            }
            List<Fake> all = List.copyOf(segments);
            assertEquals(0, d.dropBelow(segments, 4), "the oldest holds key 4: not below 4");
            assertEquals(2, d.dropBelow(segments, 5));
            assertEquals(10, segments.peekFirst().maxKey);
            assertTrue(all.get(0).released && all.get(1).released && !all.get(2).released);
            assertFalse(Files.exists(all.get(0).path));
            assertFalse(Files.exists(all.get(1).path));
            assertTrue(Files.exists(all.get(2).path));
            assertEquals(2, d.dropBelow(segments, Long.MAX_VALUE), "all but the last");
            assertEquals(1, segments.size());
            assertEquals(0, d.dropBelow(segments, Long.MAX_VALUE));
            assertFalse(all.get(4).released);
            assertTrue(Files.exists(all.get(4).path));
            assertEquals(List.of(all.get(4).path), d.listSegments());
        }
    }
}
