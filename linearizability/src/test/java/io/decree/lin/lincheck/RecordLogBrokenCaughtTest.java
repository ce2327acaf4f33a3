package io.decree.lin.lincheck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The record-log suite can fail: the same operations, specification and settings as
 * {@link RecordLogLincheckTest}, over a file log whose sync is deliberately broken ({@link RecordLogMutant}),
 * must be rejected. Lincheck stops at the first failing scenario (not minimized: minimizing re-runs hundreds of
 * invocations of real file I/O per candidate scenario, about 30 s each).
 */
class RecordLogBrokenCaughtTest {

    @BeforeEach
    void createRoot() { RecordLogDirs.createRoot(); }

    @AfterEach
    void cleanUp() { RecordLogLincheckTest.releaseAll(); }

    /** Caught only by the copy-and-recover reader: the watermarks themselves are plausible. */
    @Test
    void rejectsASyncThatPersistsNothing() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> RecordLogLincheckTest.stress().minimizeFailedScenario(false).check(RecordLogMutant.SyncWithoutPersist.class));
        assertTrue(e.getMessage().contains("Invalid execution results") && e.getMessage().contains("but a sync had returned watermark"), e.getMessage());
        System.out.println("[lincheck] SYNC_WITHOUT_PERSIST rejected, as it must be:\n" + e.getMessage());
    }

    /** Caught by the sync specification: a watermark below the caller's own appends. */
    @Test
    void rejectsAFollowerThatReturnsAStaleWatermark() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> RecordLogLincheckTest.stress().minimizeFailedScenario(false).check(RecordLogMutant.StaleFollower.class));
        assertTrue(e.getMessage().contains("Invalid execution results"), e.getMessage());
        System.out.println("[lincheck] FOLLOWER_RETURNS_STALE_WATERMARK rejected, as it must be:\n" + e.getMessage());
    }
}
