package io.decree.engine.storage.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file log frees its off-heap staging buffer (a megabyte by default) when it closes and when its open fails:
 * a replica that reopens its log after each failed attempt must not leak one per attempt. The memory is outside
 * the heap and in no file, so the test keeps the buffer's arena ({@link ChannelOpener#stagingArena}) and checks
 * that it was closed.
 */
class StagingReleaseTest {
    @TempDir Path dir;

    /** Opens files as production does (or fails the segments' fsync), and keeps the staging arena it made. */
    private static final class KeepingOpener implements ChannelOpener {
        final boolean failSegmentForce;
        Arena arena;

        KeepingOpener(boolean failSegmentForce) { this.failSegmentForce = failSegmentForce; }

        @Override public FileChannel open(Path path, OpenOption... options) throws IOException {
            FileChannel channel = FILES.open(path, options);
            return failSegmentForce && path.getFileName().toString().endsWith(".log") ? new FailingForceChannel(channel) : channel;
        }

        @Override public Arena stagingArena() { return arena = ChannelOpener.super.stagingArena(); }
    }

    private static void assertFreed(Arena arena, String when) {
        assertThrows(IllegalStateException.class, () -> arena.allocate(1), "the staging buffer's arena is still open " + when);
    }

    @Test
    void closeFreesTheStagingBuffer() {
        KeepingOpener opener = new KeepingOpener(false);
        try (RecordLog log = FileRecordLog.open(dir, RecordLogTest.SMALL, Set.of(), RecordVisitor.IGNORE, opener)) {
            TestRecords.append(log, 0, RecordLogTest.EXTRA);
            log.sync();
            opener.arena.allocate(1); // open while the log is
        }
        assertFreed(opener.arena, "after close");
    }

    @Test
    void aFailedOpenFreesTheStagingBuffer() {
        try (RecordLog log = FileRecordLog.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE)) {
            TestRecords.append(log, 0, RecordLogTest.EXTRA);
            log.sync();
        }
        KeepingOpener failing = new KeepingOpener(true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> FileRecordLog.open(dir, RecordLogTest.SMALL, Set.of(), RecordVisitor.IGNORE, failing));
        assertEquals(FailingForceChannel.MESSAGE, e.getCause().getMessage());
        assertFreed(failing.arena, "after a failed open");
    }
}
