package io.decree.engine.runtime;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * A bounded multi-producer, single-consumer queue over a ring of {@code capacity} slots (a power of two),
 * in the style of Agrona's {@code ManyToOneConcurrentArrayQueue}: producers claim a position by a CAS on
 * {@code tail}, then publish the element into its slot with a release store; the one consumer reads the
 * slot at {@code head}, clears it and advances {@code head}. No allocation per element, no locks.
 *
 * <p><b>Linearizable, not merely "relaxed".</b> Agrona's queue returns {@code null} from {@code poll} when
 * the head slot is claimed but not yet published, even if a later producer's {@code offer} has already
 * returned: a consumer could then see "empty" although an element completed its insertion before the poll
 * began. This queue instead waits for the publication when {@code tail} shows the head slot is claimed (the
 * producer is between its CAS and its store, a few instructions), so every operation has a linearization
 * point: a successful {@code offer} at its CAS, a refused one at its read of {@code head}; a {@code poll}
 * that returns an element at its store to {@code head}, an empty one at its read of {@code tail}.
 * {@code MpscQueueLincheckTest} (module linearizability) checks exactly this against a sequential bounded
 * queue, and shows that the relaxed variant is rejected.
 *
 * <p>Why not {@code java.util.concurrent}: {@code ArrayBlockingQueue} takes a lock per operation (every
 * protocol message would contend on it), {@code ConcurrentLinkedQueue} allocates a node per element and is
 * unbounded (no back-pressure). This class is small enough to be checked exhaustively by the model checker.
 *
 * <p>Not padded against false sharing between {@code head} and {@code tail}: they live in two separate
 * {@code AtomicLong} objects, which the allocator usually places apart; measured figures belong in perf.
 */
public final class MpscQueue<E> {
    private final AtomicReferenceArray<E> slots;
    private final int mask;
    /** Next position a producer claims. Only grows; {@code tail - head} is the number of claimed elements. */
    private final AtomicLong tail = new AtomicLong();
    /** Next position the consumer takes. Written only by the consumer, read by producers to detect "full". */
    private final AtomicLong head = new AtomicLong();

    public MpscQueue(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1)
            throw new IllegalArgumentException("queue capacity must be a positive power of two, got " + capacity);
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    public int capacity() { return mask + 1; }

    /** Adds {@code element} at the tail; false if the queue is full. Any thread. */
    public boolean offer(E element) {
        Objects.requireNonNull(element, "queue element");
        long position;
        do {
            position = tail.get();
            if (position - head.get() > mask) return false; // capacity elements claimed and not yet taken
        } while (!tail.compareAndSet(position, position + 1));
        slots.setRelease((int) position & mask, element);
        return true;
    }

    /** Takes the element at the head, or null if the queue is empty. The consumer thread only. */
    public E poll() {
        long position = head.get();
        int index = (int) position & mask;
        E element = slots.getAcquire(index);
        if (element == null) {
            if (tail.get() == position) return null; // nothing claimed: empty
            // Claimed by a producer that has not stored it yet: it is between its CAS and its store.
            do {
                Thread.onSpinWait();
                element = slots.getAcquire(index);
            } while (element == null);
        }
        // Clear before advancing head: a producer that sees the new head may reuse this slot at once.
        slots.setRelease(index, null);
        head.set(position + 1);
        return element;
    }

    /** Passes up to {@code limit} elements, in order, to {@code handler}; returns how many. The consumer only. */
    public int drain(Consumer<? super E> handler, int limit) {
        int taken = 0;
        while (taken < limit) {
            E element = poll();
            if (element == null) break;
            taken++;
            handler.accept(element);
        }
        return taken;
    }

    /** Whether nothing is claimed: exact for the consumer, a hint for anyone else. */
    public boolean isEmpty() { return tail.get() == head.get(); }

    /** Claimed elements not yet taken: exact for the consumer, a hint for anyone else. */
    public int size() { return (int) Math.max(0, Math.min(tail.get() - head.get(), mask + 1)); }
}
