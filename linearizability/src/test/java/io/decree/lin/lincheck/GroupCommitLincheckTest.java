package io.decree.lin.lincheck;

import io.decree.engine.storage.log.GroupCommit;
import io.decree.engine.storage.log.LogStats;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * The record logs' group commit ({@link GroupCommit}, the coordination {@code FileRecordLog.sync} and
 * {@code PmemRecordLog.sync} delegate to) over an in-memory persister, model-checked: the file and pmem logs
 * themselves can only be stress-tested, because the model checker cannot replay their I/O (docs/runtime.md).
 *
 * <p>The persister is a log in memory: {@code append} counts under the append lock, as the real logs commit;
 * {@code capture} (under the append lock) reads the count, {@code persist} (outside it) copies it to
 * {@code stored}, the stand-in for what the media holds. Checked against {@link RecordLogSpec}'s counter and
 * watermark (a sync returns the count at a point between its invocation and its return, so at least every
 * append completed before it, never going back), and besides: a sync never returns more than is
 * {@code stored} when it returns (else the operation's result is {@code -1 - watermark}, which the
 * specification never produces); after each invocation, a last sync stores everything and the persists were
 * no more than the counted syncs.
 */
public class GroupCommitLincheckTest {
    private final ReentrantLock appendLock = new ReentrantLock();
    private final GroupCommit commit = new GroupCommit(appendLock, 0);
    private long appended;          // guarded by appendLock
    private long captured;          // guarded by the sync lock
    private volatile long stored;

    private final GroupCommit.Persister persister = new GroupCommit.Persister() {
        @Override public long capture() {
            captured = appended;
            return captured;
        }

        @Override public void persist() { stored = captured; }
    };

    @Operation
    public long append() {
        appendLock.lock();
        try {
            long sequence = appended++;
            commit.committed(appended);
            return sequence;
        } finally {
            appendLock.unlock();
        }
    }

    @Operation
    public long sync() {
        long watermark = commit.sync(persister);
        return stored >= watermark ? watermark : -1 - watermark;
    }

    @Operation
    public long nextSequence() { return commit.nextSequence(); }

    @Validate
    public void lastSyncStoresEverythingAndPersistsAreShared() {
        long all = commit.nextSequence();
        if (commit.sync(persister) != all || stored != all) {
            throw new AssertionError("a final sync left " + stored + " of " + all + " records stored");
        }
        LogStats stats = commit.stats();
        if (stats.records() != all || stats.persists() > stats.syncs()) throw new AssertionError("counters: " + stats);
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().sequentialSpecification(Spec.class)
                .threads(3).actorsPerThread(3)
                .iterations(Tier.pick(10, 200)).invocationsPerIteration(Tier.pick(500, 10_000))
                .check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().sequentialSpecification(Spec.class)
                .threads(3).actorsPerThread(3)
                .iterations(Tier.pick(10, 100)).invocationsPerIteration(Tier.pick(1_000, 20_000))
                .check(getClass());
    }

    /** {@link RecordLogSpec}'s counter and watermark, with the operations this test has. */
    public static final class Spec {
        private final RecordLogSpec log = new RecordLogSpec();

        public long append() { return log.append(0); }

        public long sync() { return log.sync(); }

        public long nextSequence() { return log.nextSequence(); }
    }
}
