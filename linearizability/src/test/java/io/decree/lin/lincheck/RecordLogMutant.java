package io.decree.lin.lincheck;

import io.decree.engine.storage.log.FileRecordLog;
import io.decree.engine.storage.log.LogStats;
import io.decree.engine.storage.log.RecordClaim;
import io.decree.engine.storage.log.RecordLog;
import io.decree.engine.storage.log.RecordVisitor;
import io.decree.engine.storage.log.RecoveryReport;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Test-only mutants of a record log's group commit: a real {@link RecordLog} whose {@link #sync()} has one
 * deliberate bug, which the suite must reject (see {@link RecordLogBrokenCaughtTest}). Never used outside tests.
 */
final class RecordLogMutant implements RecordLog {

    enum Bug {
        /**
         * {@code sync} reports {@code nextSequence()} as durable without persisting anything. Every watermark
         * it returns is a count the log really passed through, so the sync results alone stay linearizable:
         * only a reader of the files can tell that the records it vouched for are not there.
         */
        SYNC_WITHOUT_PERSIST,
        /**
         * A caller that finds a persist under way returns the watermark of the last completed one instead of
         * waiting for the next (a "lazy follower"): its own records, appended before it called, are not covered.
         */
        FOLLOWER_RETURNS_STALE_WATERMARK
    }

    static final long SLOW_PERSIST_NANOS = 200_000;

    private final RecordLog log;
    private final Bug bug;
    private final AtomicBoolean persisting = new AtomicBoolean();
    private volatile long lastWatermark;

    RecordLogMutant(RecordLog log, Bug bug) {
        this.log = log;
        this.bug = bug;
        this.lastWatermark = log.nextSequence();
    }

    @Override public long sync() {
        switch (bug) {
            case SYNC_WITHOUT_PERSIST -> { return log.nextSequence(); }   // BUG: nothing was made durable
            case FOLLOWER_RETURNS_STALE_WATERMARK -> {
                if (!persisting.compareAndSet(false, true)) return lastWatermark;   // BUG: must wait for the next persist
                try {
                    long watermark = log.sync();
                    // An fsync on a real disk takes ~0.1-10 ms; on /dev/shm microseconds, a window stress mode
                    // rarely hits. Hold the persist open as a disk would, so followers do arrive during it.
                    LockSupport.parkNanos(SLOW_PERSIST_NANOS);
                    lastWatermark = watermark;
                    return watermark;
                } finally {
                    persisting.set(false);
                }
            }
            default -> throw new AssertionError(bug);
        }
    }

    @Override public RecordClaim claim(int type, long key, int payloadLength) { return log.claim(type, key, payloadLength); }

    @Override public int truncateBelow(long key) { return log.truncateBelow(key); }

    @Override public long nextSequence() { return log.nextSequence(); }

    @Override public RecoveryReport recovery() { return log.recovery(); }

    @Override public LogStats stats() { return log.stats(); }

    @Override public int segmentCount() { return log.segmentCount(); }

    @Override public void close() { log.close(); }

    /** The file log with {@link Bug#SYNC_WITHOUT_PERSIST}. */
    public static class SyncWithoutPersist extends RecordLogOperations {
        @Override protected RecordLog open(Path dir, RecordVisitor visitor) { return FileRecordLog.open(dir, OPTIONS, visitor); }

        @Override protected RecordLog wrap(RecordLog log) { return new RecordLogMutant(log, Bug.SYNC_WITHOUT_PERSIST); }
    }

    /** The file log with {@link Bug#FOLLOWER_RETURNS_STALE_WATERMARK}. */
    public static class StaleFollower extends RecordLogOperations {
        @Override protected RecordLog open(Path dir, RecordVisitor visitor) { return FileRecordLog.open(dir, OPTIONS, visitor); }

        @Override protected RecordLog wrap(RecordLog log) { return new RecordLogMutant(log, Bug.FOLLOWER_RETURNS_STALE_WATERMARK); }
    }
}
