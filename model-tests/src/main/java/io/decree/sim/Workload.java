package io.decree.sim;

import io.decree.engine.statemachine.StateMachine;
import io.decree.lin.CheckResult;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the simulated cluster replicates and what its clients ask of it: the state machine each replica runs,
 * the commands clients draw, and how their history is checked. {@link KvWorkload} (the key-value store) is the
 * default and the one every seed-replay test runs; a user brings their own state machine through
 * {@link UserWorkload} (the test kit and {@code decree verify --state-machine} do).
 *
 * <p>Every choice must come from the {@code random} handed to {@link #next}, so a run stays a pure function of
 * its seed.
 *
 * @param <C> a command as the workload sees it
 * @param <R> a result as the workload sees it
 */
public interface Workload<C, R> {
    /** A fresh state machine for a replica (at start and at every restart), in its initial state. */
    StateMachine newStateMachine();

    /** The next command of the client at {@code address} for its request {@code sequence}. */
    C next(SplittableRandom random, int address, long sequence);

    byte[] encode(C command);

    /** Whether the command only reads: with lease reads on, such a command is sent as a lease read. */
    boolean readOnly(C command);

    /** A reply's result bytes as this workload's result. */
    R result(byte[] reply);

    /** The clients' history (requests never answered have a null result and returnedAt -1) against the model. */
    CheckResult<?, ?> check(List<ClientOp<C, R>> history);

    /**
     * A property of a replica's state that must hold after every step, or null when it holds (else what is
     * wrong: the run fails with an {@code Invariant} violation). None by default.
     */
    default String invariant(StateMachine machine) {
        return null;
    }

    /** Whether {@link #invariant} is worth calling (skipped per step when false). */
    default boolean hasInvariant() {
        return false;
    }

    /**
     * Whether the simulator compares the replicas' state machine digests ({@link StateMachine#digest()}) at every
     * applied slot count: a replica that installed a snapshot must then hold the state of one that applied the log.
     * The engine's own applied-prefix digest chains the decrees, not the state, so without this a snapshot that
     * restores a different state would go unnoticed until a client read it. Off for the key-value default (its
     * recorded seeds replay unchanged); on for a user's state machine.
     */
    default boolean comparesStateDigests() {
        return false;
    }

    /** A command for messages. */
    default String describe(C command) {
        return String.valueOf(command);
    }

    /** A result for messages. */
    default String describeResult(R result) {
        return String.valueOf(result);
    }
}
