package io.decree.lin.lincheck;

import java.util.ArrayDeque;

/** The sequential specification of a bounded FIFO queue that the MPSC queue must be linearizable to. */
public final class BoundedQueueSpec {
    private final ArrayDeque<Integer> elements = new ArrayDeque<>();

    public boolean offer(int value) {
        if (elements.size() == MpscQueueLincheckTest.CAPACITY) return false;
        elements.addLast(value);
        return true;
    }

    public Integer poll() { return elements.pollFirst(); }
}
