package io.decree.engine.metrics;

/**
 * When each recent slot passed each phase at the leader, in a ring of primitive arrays indexed by
 * {@code slot & mask}: proposed (2a sent), chosen (a quorum of 2b counted), executed (applied to the state
 * machine). A slot's entry is tagged with the slot, so an entry overwritten by a slot {@code capacity}
 * later, or never proposed here (a follower), is simply not measured. No allocation after construction.
 */
final class SlotPhases {
    private final long mask;
    private final long[] tag;
    private final long[] proposedAt;
    private final long[] chosenAt;
    private final long[] executedAt;

    SlotPhases(int capacity) {
        if (Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("slot ring capacity must be a power of two, got " + capacity);
        mask = capacity - 1;
        tag = new long[capacity];
        proposedAt = new long[capacity];
        chosenAt = new long[capacity];
        executedAt = new long[capacity];
        java.util.Arrays.fill(tag, -1);
    }

    void proposed(long slot, long now) {
        int i = (int) (slot & mask);
        tag[i] = slot;
        proposedAt[i] = now;
        chosenAt[i] = 0;
        executedAt[i] = 0;
    }

    /** Nanoseconds from 2a to quorum, or -1 if the slot was not proposed here or was counted already. */
    long chosen(long slot, long now) {
        int i = (int) (slot & mask);
        if (tag[i] != slot || chosenAt[i] != 0) return -1;
        chosenAt[i] = now;
        return now - proposedAt[i];
    }

    /** Nanoseconds from quorum to execution, or -1 if not measured. */
    long executed(long slot, long now) {
        int i = (int) (slot & mask);
        if (tag[i] != slot || chosenAt[i] == 0) return -1;
        executedAt[i] = now;
        return now - chosenAt[i];
    }

    /** Nanoseconds from execution to the reply leaving, or -1 if not measured. */
    long replied(long slot, long now) {
        int i = (int) (slot & mask);
        if (tag[i] != slot || executedAt[i] == 0) return -1;
        return now - executedAt[i];
    }

    /** Nanoseconds from the 2a to the reply leaving, or -1 if not measured; call after {@link #replied}. */
    long endToEnd(long slot, long now) {
        int i = (int) (slot & mask);
        if (tag[i] != slot || executedAt[i] == 0) return -1;
        tag[i] = -1; // measured once
        return now - proposedAt[i];
    }
}
