package io.decree.engine.storage.log;

/**
 * An append-only log of checksummed records, kept in segments in one directory. Generic: a record is a
 * client-chosen type, a key (for truncation) and opaque payload bytes; the acceptor encoding lives above it.
 *
 * <p>Appending is two steps so that nothing is copied or allocated per record: {@link #claim} reserves a
 * record and returns a flyweight over its payload, the caller fills it and calls {@link RecordClaim#commit()}.
 * Records become durable with {@link #sync()}, a group commit: one persist covers every record committed
 * (by any thread) before it, and threads that call sync while a persist is under way share the next one.
 *
 * <p>Opening a log recovers it: records are handed to a {@link RecordVisitor} in order, a torn tail (an
 * incomplete last record after a crash) is cut off and reported in {@link #recovery()}, and any other
 * damage throws {@link io.decree.engine.storage.StorageCorruptionException} naming the file and offset.
 *
 * <p>Thread-safe: any number of threads may claim and sync concurrently.
 */
public interface RecordLog extends AutoCloseable {

    /** Key of a record that does not hold truncation back (see {@link #truncateBelow}). */
    long NO_KEY = Long.MIN_VALUE;

    /**
     * Reserves a record and returns the log's flyweight over its payload. The caller's thread holds the
     * log's append lock until it calls {@link RecordClaim#commit()} or {@link RecordClaim#abort()}.
     *
     * @param type a positive client-defined type
     * @param key  the record's key, or {@link #NO_KEY}
     * @throws IllegalArgumentException if the payload is larger than {@link LogOptions#maxPayloadBytes()}
     */
    RecordClaim claim(int type, long key, int payloadLength);

    /** Appends a record whose payload is {@code payload}; returns its sequence number. */
    default long append(int type, long key, byte[] payload) {
        return claim(type, key, payload.length).putBytes(0, payload, 0, payload.length).commit();
    }

    /**
     * Makes every record committed before this call durable, and returns only once it is. Returns the
     * sequence number below which every record is durable.
     */
    long sync();

    /**
     * Drops whole sealed segments, oldest first, while every keyed record in them has a key below
     * {@code key}; the segment being appended to is never dropped. Syncs first, so a client that re-appends
     * records it still needs (unkeyed ones are dropped with their segment) can rely on them surviving.
     * Returns the number of segments dropped.
     */
    int truncateBelow(long key);

    /** Sequence number the next record will get. */
    long nextSequence();

    /** What recovery found when the log was opened. */
    RecoveryReport recovery();

    /** Counters for tests and benchmarks (how many records, syncs and persists). */
    LogStats stats();

    /** Number of segment files the log has now. */
    int segmentCount();

    @Override
    void close();
}
