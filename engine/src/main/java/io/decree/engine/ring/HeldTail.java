package io.decree.engine.ring;

/**
 * A delayed view of a ring's published tail, for {@link LinkFaultHook}'s delay: each tail value is released
 * only once it has been seen for at least the delay, so every record reaches the receiver no earlier than
 * that long after the receiver first saw it published. Bounded: when its slots are full, a newer tail waits to
 * be recorded (it is seen again on a later poll), which can only delay more, never less. One thread (the
 * receiver's poller) owns an instance; nothing is allocated after construction.
 */
final class HeldTail {
    private static final int SLOTS = 256;
    private final long[] tails = new long[SLOTS];
    private final long[] seenAtNanos = new long[SLOTS];
    private int first, count;
    private long released;

    HeldTail(long tail) { this.released = tail; }

    /** Records {@code tail} as seen at {@code nowNanos}, then returns the highest tail held for {@code delayNanos}. */
    long release(long tail, long nowNanos, long delayNanos) {
        long newest = count == 0 ? released : tails[(first + count - 1) % SLOTS];
        if (tail > newest && count < SLOTS) {
            tails[(first + count) % SLOTS] = tail;
            seenAtNanos[(first + count) % SLOTS] = nowNanos;
            count++;
        }
        while (count > 0 && nowNanos - seenAtNanos[first] >= delayNanos) {
            released = tails[first];
            first = (first + 1) % SLOTS;
            count--;
        }
        return released;
    }

    /** Forgets what it held (the delay ended): everything published may be read. */
    void reset(long tail) {
        first = 0;
        count = 0;
        released = tail;
    }
}
