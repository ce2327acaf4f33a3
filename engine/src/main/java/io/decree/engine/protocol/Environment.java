package io.decree.engine.protocol;

import io.decree.engine.message.Message;
import java.util.random.RandomGenerator;

/**
 * Everything a replica needs from the world, injected so that the protocol itself is deterministic: in the
 * simulator a run is a pure function of its seed, and in production these are the wall clock, a seeded
 * generator and a real transport.
 */
public interface Environment {

    /**
     * A time before any {@link #now()} worth comparing with: "never sent". Unlike {@code Long.MIN_VALUE},
     * {@code now() - NEVER} cannot overflow (it did once, and catch-up requests were never sent).
     */
    long NEVER = Long.MIN_VALUE / 2;

    /** This replica's clock in milliseconds. Only differences matter; it may drift from other replicas' clocks. */
    long now();

    /** The only source of randomness the protocol uses (election time-outs, local request ids). */
    RandomGenerator random();

    /** Sends a message; it may be lost, duplicated, delayed or reordered. Addresses of replicas are their ids. */
    void send(int to, Message message);

    /**
     * Sends a message given as a {@link io.decree.engine.message.Flat} kind and fields (the replica's
     * steady-state messages: 2a, 2b, Commit, heartbeats, lease grants, replies). The default builds the
     * record and calls {@link #send(int, Message)}, so an environment that takes records (the simulator)
     * sees exactly the messages it saw before; a wire transport overrides this to encode the fields without
     * a record.
     */
    default void send(int to, int kind, long a, long b, long c, Object ref) {
        send(to, io.decree.engine.message.Flat.toMessage(kind, a, b, c, ref));
    }
}
