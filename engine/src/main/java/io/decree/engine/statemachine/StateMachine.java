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
     * A frozen view of the current state, for a checkpoint serialized off the protocol thread: the state
     * machine goes on applying commands, and {@link StateCapture#serialize()}, called once on any thread,
     * returns exactly the bytes {@link #snapshot()} would have returned at the moment of the capture. Returns
     * null if no capture can be taken right now (the previous one is still being serialized, say): the replica
     * tries again later. The default serializes at once, on the calling thread; a state machine whose
     * snapshot of a large state must not pause the replica keeps its state copy-on-write instead
     * ({@link KvStateMachine}).
     */
    default StateCapture capture() {
        byte[] bytes = snapshot();
        return () -> bytes;
    }

    /** A state captured by {@link #capture()}: serialize it once, from any thread. */
    @FunctionalInterface
    interface StateCapture {
        /**
         * The captured state's bytes, as {@link #snapshot()} would have given them at the capture. Called
         * exactly once; when it returns (or throws) the state machine may reuse what the capture held.
         */
        byte[] serialize();
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
