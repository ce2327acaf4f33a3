package io.decree.engine.storage.log;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The group-commit coordination of a record log, apart from how the log persists: {@link #sync} returns once
 * every record committed before the call, by any thread, is durable, and lets callers that arrive while a
 * persist is under way share the next one.
 *
 * <p>Leader/follower: the first caller takes the sync lock, has the {@link Persister} capture the end of the
 * log while holding the append lock, releases it and persists outside it, so appenders keep appending while a
 * persist runs. Callers that arrive meanwhile wait on the sync lock and usually find, when they get it, that
 * the persist they waited for already covered them, so one persist serves many callers.
 *
 * <p>Locks: the sync lock (one persist at a time) is taken before the log's append lock, never after. The
 * append path only calls {@link #committed(long)}: a volatile store, nothing allocated.
 */
public final class GroupCommit {

    /** How a log persists; called by the sync leader, one call pair at a time (under the sync lock). */
    public interface Persister {
        /**
         * Called with the append lock held: records what the next {@link #persist()} must cover (the end of
         * the log) and returns the sequence number below which that persist makes every record durable.
         */
        long capture();

        /** Called without the append lock: makes what {@link #capture()} recorded durable, or throws. */
        void persist();
    }

    private final ReentrantLock appendLock;
    private final ReentrantLock syncLock = new ReentrantLock();
    private final LongAdder syncs = new LongAdder();

    // Guarded by the append lock.
    private long records;

    // Guarded by syncLock.
    private long persists;

    private volatile long committed;   // every record below this sequence number is committed
    private volatile long durable;     // every record below this sequence number is durable

    /**
     * @param appendLock the log's append lock (held by appenders while they commit)
     * @param next       sequence number of the next record: everything below it is already durable (recovered)
     */
    public GroupCommit(ReentrantLock appendLock, long next) {
        this.appendLock = appendLock;
        this.committed = next;
        this.durable = next;
    }

    /** One more record is committed, and every record below {@code next}. Called by an appender holding the append lock. */
    public void committed(long next) {
        records++;
        committed = next;
    }

    /** Sequence number the next record will get (read under the append lock, so after any commit in progress). */
    public long nextSequence() {
        appendLock.lock();
        try { return committed; } finally { appendLock.unlock(); }
    }

    /**
     * Makes every record committed before this call durable through {@code persister} (or finds that another
     * caller's persist already did), and returns the sequence number below which every record is durable.
     * If the persist throws, the exception propagates and nothing is reported durable.
     */
    public long sync(Persister persister) {
        long target = committed;
        if (durable >= target) return durable;
        syncs.increment();
        syncLock.lock();
        try {
            if (durable >= target) return durable;   // a persist led by another caller covered us
            long upTo;
            appendLock.lock();
            try {
                upTo = persister.capture();
            } finally {
                appendLock.unlock();
            }
            persister.persist();
            persists++;
            durable = upTo;
            return upTo;
        } finally {
            syncLock.unlock();
        }
    }

    /** Takes the sync lock, then the append lock: no persist runs and nothing is appended until {@link #unlockAll()}. */
    public void lockAll() {
        syncLock.lock();
        appendLock.lock();
    }

    /** Releases what {@link #lockAll()} took. */
    public void unlockAll() {
        appendLock.unlock();
        syncLock.unlock();
    }

    /** Counters since the log was opened: records committed, calls to sync that had something to make durable, persists. */
    public LogStats stats() {
        long r;
        appendLock.lock();
        try { r = records; } finally { appendLock.unlock(); }
        long p;
        syncLock.lock();
        try { p = persists; } finally { syncLock.unlock(); }
        return new LogStats(r, syncs.sum(), p);
    }
}
