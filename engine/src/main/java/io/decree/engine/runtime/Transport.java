package io.decree.engine.runtime;

import io.decree.engine.message.Message;

/**
 * Carries messages between replicas. Called from a replica's protocol thread (in {@code Replica.flush()}),
 * so it must not block: a transport that cannot take a message drops it, which the protocol tolerates
 * (every message may be lost; leaders retransmit).
 */
public interface Transport {
    void send(int from, int to, Message message);
}
