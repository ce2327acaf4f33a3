package io.decree.engine.runtime;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded multi-producer, single-consumer queue of messages kept flat in preallocated parallel arrays
 * (sender, {@link io.decree.engine.message.Flat} kind, three longs, one reference, the time it was queued),
 * so queueing a message allocates nothing: no envelope object per message, as {@link MpscQueue} needs.
 *
 * <p>Publication protocol (the slot of position p is {@code p & mask}):
 * <ol>
 *   <li>A producer claims p by a CAS of {@code tail} from p to p + 1, after checking p - head &lt;= mask
 *       (the slot's previous occupant, position p - capacity, was consumed: the consumer advances
 *       {@code head} past a slot only after reading it).</li>
 *   <li>It writes the slot's fields with plain stores, then publishes with a release store of p + 1 into
 *       {@code published[slot]}: every field store happens-before any read that sees that sequence.</li>
 *   <li>The consumer, at head h, reads {@code published[h & mask]} with acquire: equal to h + 1 means the
 *       slot holds position h, fully written. It reads the fields, clears the reference, and advances
 *       {@code head} with a release store, which hands the slot back to the producers.</li>
 * </ol>
 * Like {@link MpscQueue} (and unlike Agrona's relaxed queues), a consumer that finds the head slot claimed
 * (tail past it) but not yet published waits the few instructions until it is, rather than reporting
 * empty while a later producer's offer has already returned. Sequences, not null checks, mark a published
 * slot, since the fields are primitives; a sequence is never reused (positions only grow), so a stale
 * sequence from the previous lap is never mistaken for the current one.
 *
 * <p>Checked by {@code MessageRingTest}: producers on several threads, each message's fields derived from
 * its producer and sequence so a torn or stale read shows, every message taken exactly once, per-producer
 * order kept, a full ring refusing and recovering.
 */
public final class MessageRing {

    /** Takes one message off the ring (the consumer's thread). */
    @FunctionalInterface
    public interface Consumer {
        void accept(int from, int kind, long a, long b, long c, Object ref, long queuedAt);
    }

    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong head = new AtomicLong();
    /** Position + 1 of the message a slot holds once published; 0 for a slot never written. */
    private final AtomicLongArray published;
    private final int[] from;
    private final int[] kind;
    private final long[] a, b, c, queuedAt;
    private final Object[] ref;

    public MessageRing(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1)
            throw new IllegalArgumentException("ring capacity must be a positive power of two, got " + capacity);
        this.mask = capacity - 1;
        this.published = new AtomicLongArray(capacity);
        this.from = new int[capacity];
        this.kind = new int[capacity];
        this.a = new long[capacity];
        this.b = new long[capacity];
        this.c = new long[capacity];
        this.queuedAt = new long[capacity];
        this.ref = new Object[capacity];
    }

    public int capacity() { return mask + 1; }

    /** Queues a message; false if the ring is full. Any thread; never blocks, never allocates. */
    public boolean offer(int sender, int messageKind, long fieldA, long fieldB, long fieldC, Object reference, long queuedAtNanos) {
        long position;
        do {
            position = tail.get();
            if (position - head.get() > mask) return false; // capacity messages claimed and not yet taken
        } while (!tail.compareAndSet(position, position + 1));
        int slot = (int) position & mask;
        from[slot] = sender;
        kind[slot] = messageKind;
        a[slot] = fieldA;
        b[slot] = fieldB;
        c[slot] = fieldC;
        ref[slot] = reference;
        queuedAt[slot] = queuedAtNanos;
        published.setRelease(slot, position + 1);
        return true;
    }

    /** Passes up to {@code limit} messages, in order, to {@code consumer}; returns how many. The consumer only. */
    public int drain(Consumer consumer, int limit) {
        int taken = 0;
        while (taken < limit) {
            long position = head.get();
            int slot = (int) position & mask;
            if (published.getAcquire(slot) != position + 1) {
                if (tail.get() == position) break; // nothing claimed: empty
                // Claimed by a producer that has not published it yet: it is between its CAS and its store.
                do Thread.onSpinWait(); while (published.getAcquire(slot) != position + 1);
            }
            int sender = from[slot], messageKind = kind[slot];
            long fieldA = a[slot], fieldB = b[slot], fieldC = c[slot], at = queuedAt[slot];
            Object reference = ref[slot];
            ref[slot] = null; // no reference kept alive by a consumed slot
            // Release: the reads above happen-before a producer that sees the new head rewrites the slot.
            head.setRelease(position + 1);
            taken++;
            consumer.accept(sender, messageKind, fieldA, fieldB, fieldC, reference, at);
        }
        return taken;
    }

    /** Whether nothing is claimed: exact for the consumer, a hint for anyone else. */
    public boolean isEmpty() { return tail.get() == head.get(); }

    /** Claimed messages not yet taken: exact for the consumer, a hint for anyone else. */
    public int size() { return (int) Math.max(0, Math.min(tail.get() - head.get(), mask + 1)); }
}
