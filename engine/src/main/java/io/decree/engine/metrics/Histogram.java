package io.decree.engine.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-bucket histogram with one writer: bucket {@code i} counts values {@code v} with
 * {@code 2^(i-1) < v <= 2^i} (bucket 0 holds {@code v <= 1}), so 64 buckets cover every long and recording
 * is a leading-zero count and two opaque stores: no allocation, no lock. Powers of two are coarse (a
 * quantile read from it is right within a factor of two), which is what a dashboard and a "where the time
 * goes" breakdown need; HdrHistogram would give finer buckets at the price of a dependency in the engine.
 *
 * <p>The count of a bucket and the sum are written separately, so a reader may see one update before the
 * other: fine for monitoring, which reads many updates at once.
 */
public final class Histogram {
    /** Bucket i's upper bound is 2^i; 63 buckets reach 2^62, the last takes everything above. */
    public static final int BUCKETS = 64;
    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
    private final Counter count = new Counter();
    private final Counter sum = new Counter();

    /** Records {@code value} (negative values count as 0). Only the owning thread may call it. */
    public void record(long value) {
        long v = Math.max(0, value);
        int i = bucketOf(v);
        buckets.setOpaque(i, buckets.getPlain(i) + 1);
        count.increment();
        sum.add(v);
    }

    static int bucketOf(long v) {
        if (v <= 1) return 0;
        int i = 64 - Long.numberOfLeadingZeros(v - 1); // smallest i with 2^i >= v
        return Math.min(i, BUCKETS - 1);
    }

    /** The inclusive upper bound of bucket {@code i} ({@link Long#MAX_VALUE} for the last). */
    public static long upperBound(int i) { return i >= BUCKETS - 1 ? Long.MAX_VALUE : 1L << i; }

    public long bucket(int i) { return buckets.getOpaque(i); }

    public long count() { return count.get(); }

    public long sum() { return sum.get(); }

    /**
     * The upper bound of the bucket holding quantile {@code q} (0 &lt; q &lt;= 1) of the values recorded, or 0
     * if none: an over-estimate by at most a factor of two.
     */
    public long quantileUpperBound(double q) {
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) total += snapshot[i] = bucket(i);
        if (total == 0) return 0;
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) return upperBound(i);
        }
        return upperBound(BUCKETS - 1);
    }
}
