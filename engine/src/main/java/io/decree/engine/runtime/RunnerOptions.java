package io.decree.engine.runtime;

/**
 * Tuning of a {@link ReplicaRunner}.
 *
 * @param queueCapacity      inbound events the queue holds (a power of two); beyond it messages are dropped
 *                           and submissions refused with {@link OverloadedException}
 * @param maxBatch           events handled between two flushes at most (the group-commit batch)
 * @param seed               seed of the replica's random generator (election time-outs)
 * @param separateCompletion complete client futures on a per-replica completion thread (true) or on the
 *                           protocol thread right after the flush (false: lower latency, but a slow client
 *                           callback stalls the replica)
 */
public record RunnerOptions(int queueCapacity, int maxBatch, long seed, boolean separateCompletion) {

    public RunnerOptions {
        if (queueCapacity < 1 || Integer.bitCount(queueCapacity) != 1)
            throw new IllegalArgumentException("queueCapacity must be a positive power of two, got " + queueCapacity);
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
    }

    public static RunnerOptions defaults(long seed) { return new RunnerOptions(1 << 14, 1024, seed, true); }

    public RunnerOptions withSeed(long s) { return new RunnerOptions(queueCapacity, maxBatch, s, separateCompletion); }

    public RunnerOptions withSeparateCompletion(boolean separate) { return new RunnerOptions(queueCapacity, maxBatch, seed, separate); }
}
