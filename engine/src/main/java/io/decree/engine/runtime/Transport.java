package io.decree.engine.runtime;

import io.decree.engine.message.Message;

/**
 * Carries messages between replicas. Called from a replica's protocol thread (in {@code Replica.flush()}),
 * so it must not block: a transport that cannot take a message drops it, which the protocol tolerates
 * (every message may be lost; leaders retransmit).
 */
public interface Transport {
    void send(int from, int to, Message message);

    /**
     * Sends a message given as a {@link io.decree.engine.message.Flat} kind and fields; the default builds
     * its record. A wire transport overrides it to encode the fields straight into its buffers.
     */
    default void send(int from, int to, int kind, long a, long b, long c, Object ref) {
        send(from, to, io.decree.engine.message.Flat.toMessage(kind, a, b, c, ref));
    }
}
