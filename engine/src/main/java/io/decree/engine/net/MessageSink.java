package io.decree.engine.net;

import io.decree.engine.message.Flat;
import io.decree.engine.message.Message;
import io.decree.engine.runtime.ReplicaRunner;

/**
 * Where a transport hands what it decoded: a {@link ReplicaRunner} in a replica process ({@link #of}).
 * Called on an I/O thread, so it must not block; false means the message was dropped (a full or stopped
 * queue), which the transport counts.
 */
@FunctionalInterface
public interface MessageSink {
    boolean deliver(int from, Message message);

    /**
     * A message as a {@link Flat} kind and fields, which the wire decoder produces without a record. The
     * default builds the record; {@link #of} queues the fields as they are, allocating nothing.
     */
    default boolean deliver(int from, int kind, long a, long b, long c, Object ref) {
        return deliver(from, Flat.toMessage(kind, a, b, c, ref));
    }

    /** The sink that queues for {@code runner}, flat messages without allocating. */
    static MessageSink of(ReplicaRunner runner) {
        return new MessageSink() {
            @Override public boolean deliver(int from, Message message) { return runner.deliver(from, message); }

            @Override public boolean deliver(int from, int kind, long a, long b, long c, Object ref) { return runner.deliver(from, kind, a, b, c, ref); }
        };
    }
}
