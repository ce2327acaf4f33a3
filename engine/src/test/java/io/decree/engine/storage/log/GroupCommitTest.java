package io.decree.engine.storage.log;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import static io.decree.engine.testing.Joins.joinWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GroupCommit} over an in-memory log, without files: sharing, coverage, failures, which lock is held when. */
class GroupCommitTest {

    /**
     * A log in memory: appends count under the append lock; a persist copies the count captured under the
     * append lock into {@code stored}, the stand-in for what the media holds. Checks that capture runs with the
     * append lock held and persist without it.
     */
    static final class MemoryLog implements GroupCommit.Persister {
        final ReentrantLock appendLock = new ReentrantLock();
        final GroupCommit commit;
        long appended;                      // guarded by appendLock
        private long captured;              // guarded by the sync lock
        volatile long stored;               // every record below this is "on the media"
        volatile String lockViolation;
        volatile CountDownLatch persistEntered;
        volatile CountDownLatch persistMayFinish;
        volatile RuntimeException failNextPersist;

        MemoryLog(long recovered) {
            appended = recovered;
            stored = recovered;
            commit = new GroupCommit(appendLock, recovered);
        }

        long append() {
            appendLock.lock();
            try {
                long sequence = appended++;
                commit.committed(appended);
                return sequence;
            } finally {
                appendLock.unlock();
            }
        }

        long sync() { return commit.sync(this); }

        @Override public long capture() {
            if (!appendLock.isHeldByCurrentThread()) lockViolation = "capture ran without the append lock";
            captured = appended;
            return captured;
        }

        @Override public void persist() {
            if (appendLock.isHeldByCurrentThread()) lockViolation = "persist ran holding the append lock";
            RuntimeException failure = failNextPersist;
            if (failure != null) {
                failNextPersist = null;
                throw failure;
            }
            CountDownLatch entered = persistEntered;
            if (entered != null) {
                persistEntered = null;
                entered.countDown();
                await(persistMayFinish);
            }
            stored = captured;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "latch timed out");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code thread} is parked (on a lock, in these tests). */
    private static void awaitBlocked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, thread + " never blocked: " + thread.getState());
            Thread.onSpinWait();
        }
    }

    @Test
    void nothingCommittedMeansNoPersistAndNoCountedSync() {
        MemoryLog log = new MemoryLog(7);
        assertEquals(7, log.sync(), "recovered records are durable already");
        assertEquals(new LogStats(0, 0, 0), log.commit.stats());
        assertEquals(7, log.commit.nextSequence());
    }

    @Test
    void syncsThatWaitForARunningPersistShareTheNextOne() throws Exception {
        MemoryLog log = new MemoryLog(0);
        // The test keeps its own reference: persist() clears the field before counting down, so reading
        // log.persistEntered after the leader entered would race (it found null once, in CI).
        CountDownLatch entered = new CountDownLatch(1);
        log.persistEntered = entered;
        log.persistMayFinish = new CountDownLatch(1);
        log.append();
        AtomicReference<Long> leaderResult = new AtomicReference<>();
        Thread leader = Thread.ofPlatform().start(() -> leaderResult.set(log.sync()));
        await(entered);   // the leader captured record 0 and is persisting, append lock released

        long[] results = new long[2];
        long[] sequences = new long[2];
        List<Thread> followers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int index = i;
            sequences[i] = log.append();   // appending is not blocked by the running persist
            followers.add(Thread.ofPlatform().start(() -> results[index] = log.sync()));
        }
        for (Thread f : followers) awaitBlocked(f);   // on the sync lock: the leader holds it
        log.persistMayFinish.countDown();
        joinWithin(leader);
        for (Thread f : followers) joinWithin(f);

        assertEquals(1L, leaderResult.get(), "the leader's persist covered what it captured: record 0");
        for (int i = 0; i < 2; i++) {
            assertTrue(results[i] > sequences[i], "sync returned " + results[i] + " before its own record " + sequences[i]);
            assertEquals(3, results[i]);
        }
        assertEquals(new LogStats(3, 3, 2), log.commit.stats(), "three syncs, two persists: the followers shared one");
        assertEquals(3, log.stored);
        assertNull(log.lockViolation);
    }

    @Test
    void aSyncReturnsAtLeastEveryRecordCommittedBeforeItAndOnlyWhatIsStored() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        MemoryLog log = new MemoryLog(0);
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicReference<String> problem = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = 42 + t;
            workers.add(Thread.ofPlatform().start(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                    start.await();
                    long last = 0;
                    for (int i = 0; i < perThread; i++) {
                        long sequence = log.append();
                        long committedBefore = log.commit.nextSequence();
                        if (random.nextInt(4) == 0) log.append();   // sometimes a record nobody waits for
                        long durable = log.sync();
                        long stored = log.stored;
                        String wrong = durable < committedBefore ? "sync returned " + durable + " below " + committedBefore + " committed before it"
                                : durable <= sequence ? "sync returned " + durable + " without its own record " + sequence
                                : stored < durable ? "sync returned " + durable + " but only " + stored + " are stored"
                                : durable < last ? "sync went back from " + last + " to " + durable
                                : null;
                        if (wrong != null) {
                            problem.compareAndSet(null, wrong);
                            return;
                        }
                        last = durable;
                    }
                } catch (Exception e) {
                    problem.compareAndSet(null, e.toString());
                }
            }));
        }
        for (Thread w : workers) joinWithin(w);
        assertNull(problem.get());
        assertNull(log.lockViolation);
        long appended = log.commit.nextSequence();
        assertEquals(appended, log.sync());
        assertEquals(appended, log.stored);
        LogStats stats = log.commit.stats();
        assertEquals(appended, stats.records());
        assertTrue(stats.persists() <= stats.syncs(), stats.toString());
    }

    @Test
    void aFailingPersistPropagatesAndReportsNothingDurable() {
        MemoryLog log = new MemoryLog(0);
        log.append();
        UncheckedIOException failure = new UncheckedIOException("disk on fire", new IOException("EIO"));
        log.failNextPersist = failure;
        assertSame(failure, assertThrows(UncheckedIOException.class, log::sync));
        assertEquals(0, log.stored);
        assertEquals(0, log.commit.stats().persists(), "a failed persist is not counted");

        // The sync lock was released and nothing was marked durable: the next sync persists again.
        log.append();
        assertEquals(2, log.sync());
        assertEquals(2, log.stored);
        assertEquals(new LogStats(2, 2, 1), log.commit.stats());
        assertNull(log.lockViolation);
    }

    @Test
    void aFailingCaptureReleasesTheLocks() throws Exception {
        MemoryLog log = new MemoryLog(0);
        log.append();
        GroupCommit.Persister closed = new GroupCommit.Persister() {
            @Override public long capture() { throw new IllegalStateException("log is closed"); }
            @Override public void persist() { throw new AssertionError("persist after a failed capture"); }
        };
        assertThrows(IllegalStateException.class, () -> log.commit.sync(closed));
        Thread other = Thread.ofPlatform().start(log::append);
        joinWithin(other);   // else the append lock is still held after a failed capture
        assertEquals(2, log.sync());
    }

    @Test
    void lockAllKeepsPersistsAndAppendsOut() throws Exception {
        MemoryLog log = new MemoryLog(0);
        log.append();
        log.commit.lockAll();
        Thread appender = Thread.ofPlatform().start(log::append);
        Thread syncer = Thread.ofPlatform().start(log::sync);
        try {
            awaitBlocked(appender);
            awaitBlocked(syncer);
            assertEquals(0, log.stored);
            assertEquals(1, log.appended);
        } finally {
            log.commit.unlockAll();
        }
        joinWithin(appender);
        joinWithin(syncer);
        assertEquals(2, log.sync());
    }

}
