package io.decree.lin.lincheck;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Test-only mutants of {@code io.decree.engine.runtime.MpscQueue}, each with one deliberate bug that the
 * Lincheck suite must reject (see {@link BrokenQueueCaughtTest}). Never used outside tests.
 */
final class BrokenMpscQueue {

    enum Bug {
        /**
         * {@code poll} returns null when the head slot is claimed but not yet published, as Agrona's relaxed
         * queue does: a consumer can see "empty" after a later producer's offer has returned. Only some
         * interleavings show it, which is what the model checker is for.
         */
        RELAXED_POLL,
        /** Producers claim a position by read-then-write instead of CAS: two can claim one slot, one element is lost. */
        RACY_CLAIM
    }

    private final Bug bug;
    private final AtomicReferenceArray<Integer> slots;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong head = new AtomicLong();

    BrokenMpscQueue(int capacity, Bug bug) {
        this.bug = bug;
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    boolean offer(int element) {
        long position;
        if (bug == Bug.RACY_CLAIM) {
            position = tail.get();
            if (position - head.get() > mask) return false;
            tail.set(position + 1); // BUG: another producer may have read the same position
        } else {
            do {
                position = tail.get();
                if (position - head.get() > mask) return false;
            } while (!tail.compareAndSet(position, position + 1));
        }
        slots.setRelease((int) position & mask, element);
        return true;
    }

    Integer poll() {
        long position = head.get();
        int index = (int) position & mask;
        Integer element = slots.getAcquire(index);
        if (element == null) {
            if (bug == Bug.RELAXED_POLL || tail.get() == position) return null; // BUG (relaxed): claimed is not empty
            do {
                Thread.onSpinWait();
                element = slots.getAcquire(index);
            } while (element == null);
        }
        slots.setRelease(index, null);
        head.set(position + 1);
        return element;
    }
}
