package io.decree.engine.metrics;

/**
 * Arrival times of the commands in the leader's proposal queue, in the same FIFO order: a ring of longs.
 * When it is full the newer commands are only counted (their wait is not measured) until the ring drains,
 * so a burst deeper than the ring never allocates. Cleared when the queue is dropped (a step-down).
 */
final class ArrivalQueue {
    private final long[] at;
    private final int mask;
    private long head;
    private long tail;
    /** Commands queued behind the ring, not timed. */
    private long untracked;

    ArrivalQueue(int capacity) {
        if (Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("arrival ring capacity must be a power of two, got " + capacity);
        at = new long[capacity];
        mask = capacity - 1;
    }

    void add(long now) {
        if (untracked > 0 || tail - head == at.length) untracked++;
        else at[(int) (tail++ & mask)] = now;
    }

    /** Removes the oldest arrival and returns its time, or -1 for a command that was not timed (or none). */
    long remove() {
        if (head < tail) return at[(int) (head++ & mask)];
        if (untracked > 0) untracked--;
        return -1;
    }

    void clear() {
        head = tail;
        untracked = 0;
    }

    long size() { return tail - head + untracked; }
}
