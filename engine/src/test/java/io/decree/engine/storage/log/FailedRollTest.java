package io.decree.engine.storage.log;

import org.junit.jupiter.api.BeforeEach;
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
 * A roll to a new segment that the file system refuses gives back what it took. The refusal is real, not
 * simulated: a directory stands where the new segment's temporary file, or its final name, must go, so the
 * create (an IOException) or the publishing rename (rename(2) onto a non-empty directory) fails. The append
 * lock must be free afterwards (or every later append would hang), and the half-made segment must hold no
 * descriptor or mapping (read from /proc/self/fd and /proc/self/maps).
 */
class FailedRollTest {
    static final LogOptions OPTIONS = new LogOptions(16 << 10, 1 << 10);
    /** More segments than the appends below can reach, so the first roll is always blocked. */
    static final int BLOCKED_BASES = 64;

    @TempDir Path dir;

    @BeforeEach
    void linuxProc() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")) && Files.isReadable(Path.of("/proc/self/maps")), "needs Linux /proc");
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void aSegmentThatCannotBeCreatedGivesTheAppendLockBack(LogKind kind) throws IOException {
        RecordLog log = kind.open(dir, OPTIONS, RecordVisitor.IGNORE);
        for (long base = 1; base <= BLOCKED_BASES; base++) Files.createDirectory(dir.resolve(segmentName(kind, base) + SegmentDirectory.TEMP_SUFFIX));
        UncheckedIOException e = appendUntilItFails(log);
        assertTrue(e.getMessage().startsWith("cannot append to log in " + dir), e.getMessage());
        assertFalse(((SegmentedRecordLog<?>) log).appendLock.isLocked(), "a failed claim keeps no lock");
        assertEquals(List.of(), heldTemporaries(), "nothing of the segment that could not be created is held");
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void aSegmentThatCannotBePublishedIsClosedAndUnmapped(LogKind kind) throws IOException {
        RecordLog log = kind.open(dir, OPTIONS, RecordVisitor.IGNORE);
        for (long base = 1; base <= BLOCKED_BASES; base++) Files.createDirectories(dir.resolve(segmentName(kind, base)).resolve("occupied"));
        UncheckedIOException e = appendUntilItFails(log);
        assertTrue(e.getMessage().startsWith("cannot publish segment " + dir), e.getMessage());
        assertFalse(((SegmentedRecordLog<?>) log).appendLock.isLocked(), "a failed claim keeps no lock");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().endsWith(SegmentDirectory.TEMP_SUFFIX)).count(),
                    "the prepared segment is still there, unpublished");
        }
        assertEquals(List.of(), heldTemporaries(), "the prepared segment's channel or mapping was released");
    }

    /** The on-media name of the segment whose first record is {@code base}. */
    private static String segmentName(LogKind kind, long base) { return String.format("%020d%s", base, kind.suffix); }

    /** Appends records of the largest size until a roll fails; fails the test if none does within the blocked bases. */
    private static UncheckedIOException appendUntilItFails(RecordLog log) {
        byte[] payload = new byte[OPTIONS.maxPayloadBytes()];
        return assertThrows(UncheckedIOException.class, () -> {
            for (int i = 0; i < BLOCKED_BASES; i++) log.append(1, RecordLog.NO_KEY, payload);
        });
    }

    /** Descriptors and mappings of this process that point at a temporary (unpublished) segment in {@code dir}. */
    private List<String> heldTemporaries() throws IOException {
        List<String> held = new ArrayList<>();
        String prefix = dir.toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix) && target.contains(SegmentDirectory.TEMP_SUFFIX)) held.add("fd " + target);
                } catch (IOException gone) {
                    // the descriptor of the listing itself, closed meanwhile
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains(prefix) && line.contains(SegmentDirectory.TEMP_SUFFIX)) held.add("map " + line);
        }
        return held;
    }
}
