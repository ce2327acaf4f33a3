package io.decree.engine.storage.log;

/**
 * Counters of a log since it was opened.
 *
 * @param records  records committed
 * @param syncs    calls to sync that had something to make durable
 * @param persists persists performed (fsyncs, or pmem flush-and-publish rounds); fewer than syncs when
 *                 group commit let several callers share one
 */
public record LogStats(long records, long syncs, long persists) {}
