package io.decree.engine.statemachine;

/**
 * The deterministic service a Decree cluster replicates. Every replica applies the same chosen commands in
 * the same order, so every replica's state machine passes through the same states: {@link #apply} must
 * depend only on the state and the command (no clocks, randomness or I/O).
 */
public interface StateMachine {

    /**
     * Checks a command before it is proposed, so a malformed command is refused to its client instead of
     * being chosen. Throws {@link MalformedCommandException} naming what is wrong.
     */
    void validate(byte[] command);

    /** Applies a command that was chosen and returns its result. */
    byte[] apply(byte[] command);

    /**
     * Answers a read-only query from the current state without changing it: what a leader holding a valid
     * lease serves without going through the log. Throws {@link MalformedCommandException} for a command
     * that is not a read-only query.
     */
    default byte[] query(byte[] command) {
        throw new MalformedCommandException("this state machine answers no read-only queries");
    }

    /**
     * The whole state as bytes, for a snapshot: restoring them on another replica must give a state machine
     * that behaves identically from here on. Deterministic: equal states give equal bytes.
     */
    default byte[] snapshot() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes no snapshots");
    }

    /**
     * Replaces the whole state with a snapshot's. Atomic: if the bytes are malformed it throws
     * {@link MalformedCommandException} naming what is wrong and the state is unchanged.
     */
    default void restore(byte[] snapshot) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " restores no snapshots");
    }

    /** A digest of the whole state: replicas that applied the same prefix have equal digests. */
    long digest();
}
