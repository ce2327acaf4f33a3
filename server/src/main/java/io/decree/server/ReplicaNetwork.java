package io.decree.server;

import io.decree.engine.message.Message;
import io.decree.engine.runtime.Transport;

/**
 * A replica's network as the server sees it: the {@link Transport} its protocol thread sends through
 * (replies to clients included), and a listener that hands every authenticated inbound message to a sink.
 * The server owns its life: {@link #start} once the replica can take messages, {@link #close} first on
 * shutdown (stop accepting before the replica stops).
 */
public interface ReplicaNetwork extends Transport, AutoCloseable {

    /** Where inbound messages go: a replica's queue. Returns false if it dropped the message (full). */
    @FunctionalInterface
    interface Sink {
        boolean deliver(int from, Message message);
    }

    /**
     * Opens a replica's network from its configuration. With {@code clock} non-null (tracing on), every frame
     * sent carries {@code clock.tick()} and every frame received advances it ({@code receive}) before its
     * message is queued, so the replicas' trace events can be merged in an order consistent with causality.
     */
    @FunctionalInterface
    interface Factory {
        ReplicaNetwork open(ClusterConfig config, Member self, ServerLog log, io.decree.engine.trace.LamportClock clock);
    }

    /** Binds the listener and starts connecting to peers; inbound messages go to {@code sink}. */
    void start(Sink sink);

    /** Stops accepting, closes every connection and releases the event loops. */
    @Override void close();
}
