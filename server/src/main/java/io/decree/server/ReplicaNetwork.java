package io.decree.server;

import io.decree.engine.message.Message;
import io.decree.engine.net.MessageSink;
import io.decree.engine.runtime.ReplicaRunner;
import io.decree.engine.runtime.Transport;

/**
 * A replica's network as the server sees it: the {@link Transport} its protocol thread sends through
 * (replies to clients included), and a listener that hands every authenticated inbound message to a sink.
 * The server owns its life: {@link #start} once the replica can take messages, {@link #close} first on
 * shutdown (stop accepting before the replica stops).
 */
public interface ReplicaNetwork extends Transport, AutoCloseable {

    /**
     * Where inbound messages go: a replica's queue. Returns false if it dropped the message (full). A
     * {@link MessageSink}, so a wire transport can queue the steady state's messages flat, without a record
     * ({@link #of}).
     */
    @FunctionalInterface
    interface Sink extends MessageSink {
        @Override boolean deliver(int from, Message message);

        /** The sink that queues for {@code runner}, flat messages without allocating. */
        static Sink of(ReplicaRunner runner) {
            return new Sink() {
                @Override public boolean deliver(int from, Message message) { return runner.deliver(from, message); }

                @Override public boolean deliver(int from, int kind, long a, long b, long c, Object ref) { return runner.deliver(from, kind, a, b, c, ref); }
            };
        }
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
