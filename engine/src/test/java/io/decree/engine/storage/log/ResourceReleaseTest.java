package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A log gives back everything it holds in its directory: after close, after truncation and after an open that
 * failed on damage, no file descriptor of this process and no mapping points into the directory (read from
 * Linux's /proc/self/fd and /proc/self/maps, so the check sees exactly this directory's files). A replica that
 * restarts its storage, or an operator's tool that opens a damaged log, would otherwise leak descriptors and
 * memory, and a leaked channel keeps the directory lock.
 */
class ResourceReleaseTest {
    @TempDir Path dir;

    @BeforeEach
    void linuxProc() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")) && Files.isReadable(Path.of("/proc/self/maps")), "needs Linux /proc");
    }

    /** Open descriptors and mappings of this process that point into {@code dir}. */
    private List<String> held() {
        List<String> held = new ArrayList<>();
        String prefix = dir.toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix)) held.add("fd " + target);
                } catch (IOException gone) {
                    // the descriptor of the listing itself, closed meanwhile
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains(prefix)) held.add("map " + line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return held;
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void closeReleasesEveryDescriptorAndMapping(LogKind kind) {
        try (RecordLog log = kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE)) {
            for (long id = 0; id < 200; id++) {
                TestRecords.append(log, id, RecordLogTest.EXTRA);
                if (id % 10 == 0) log.sync();
            }
            assertTrue(log.segmentCount() > 3);
            assertFalse(held().isEmpty(), "an open log holds its directory");
        }
        assertEquals(List.of(), held());
        try (RecordLog log = kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE)) {
            TestRecords.append(log, 200, RecordLogTest.EXTRA);
        }
        assertEquals(List.of(), held(), "after a recovery too");
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void truncationReleasesTheDroppedSegments(LogKind kind) {
        try (RecordLog log = kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE)) {
            for (long id = 0; id < 200; id++) TestRecords.append(log, id, RecordLogTest.EXTRA);
            assertTrue(log.truncateBelow(Long.MAX_VALUE) > 2);
            List<String> deleted = held().stream().filter(h -> h.contains("(deleted)")).toList();
            assertEquals(List.of(), deleted, "nothing is held of a dropped segment");
        }
        assertEquals(List.of(), held());
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void anOpenThatFailsOnDamageReleasesEverything(LogKind kind) throws IOException {
        try (RecordLog log = kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE)) {
            for (long id = 0; id < 200; id++) TestRecords.append(log, id, RecordLogTest.EXTRA);
        }
        List<Path> segments = StoredRecords.segments(dir, kind);
        assertTrue(segments.size() > 3);
        FileLogDamageTest.rewriteHeader(segments.get(2), SegmentHeader.VERSION_OFFSET, 9);   // the third segment: two are open by then
        assertThrows(StorageCorruptionException.class, () -> kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE));
        assertEquals(List.of(), held());
        FileLogDamageTest.rewriteHeader(segments.get(2), SegmentHeader.VERSION_OFFSET, SegmentHeader.versionOf(
                kind == LogKind.FILE ? SegmentHeader.KIND_FILE : SegmentHeader.KIND_PMEM));
        kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE).close();   // the lock was released too
        assertEquals(List.of(), held());
    }

    @Test
    void aDirectoryInUseIsRefusedWithoutLeakingTheLockFile() {
        try (SegmentDirectory first = new SegmentDirectory(dir, ".log")) {
            int before = held().size();
            assertThrows(IllegalStateException.class, () -> new SegmentDirectory(dir, ".log"));
            assertEquals(before, held().size());
        }
        assertEquals(List.of(), held());
    }
    /** A missing segment is found after the next one was opened for reading: that one is released too. */
    @ParameterizedTest @EnumSource(LogKind.class)
    void anOpenThatFindsASegmentMissingReleasesTheOneAfterIt(LogKind kind) throws IOException {
        try (RecordLog log = kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE)) {
            for (long id = 0; id < 200; id++) TestRecords.append(log, id, RecordLogTest.EXTRA);
        }
        Files.delete(StoredRecords.segments(dir, kind).get(1));
        assertThrows(StorageCorruptionException.class, () -> kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE));
        assertEquals(List.of(), held());
    }
}
