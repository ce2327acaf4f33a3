package io.decree.engine.net;

import io.decree.engine.message.Message;

/**
 * Where a transport hands what it decoded: {@code ReplicaRunner::deliver} in a replica process. Called on
 * an I/O thread, so it must not block; false means the message was dropped (a full or stopped queue), which
 * the transport counts.
 */
@FunctionalInterface
public interface MessageSink {
    boolean deliver(int from, Message message);
}
