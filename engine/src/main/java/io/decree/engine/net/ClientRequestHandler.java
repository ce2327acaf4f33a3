package io.decree.engine.net;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;

/**
 * Serves the requests of authenticated client connections. Called on the connection's I/O thread, so it
 * must not block. The default, {@link #viaProtocol}, hands each request to the replica as a message from
 * the connection's address, exactly as the simulator's clients talk to replicas: the replica answers with
 * a {@link ClientReply} sent to that address, which the transport writes back on the connection.
 */
@FunctionalInterface
public interface ClientRequestHandler {

    void onRequest(ClientRequest request, ReplySink reply);

    /** The connection a request came on. */
    interface ReplySink {
        /** The connection's address in the replica's message space (above every replica id). */
        int address();

        /** The authenticated client id (from its certificate and HELLO). */
        long clientId();

        /** Queues the reply on the connection; false if it was dropped (connection gone or over its bound). */
        boolean reply(ClientReply reply);
    }

    /** Requests go to {@code replica} as messages from the connection's address; its replies come back by {@code Transport.send}. */
    static ClientRequestHandler viaProtocol(MessageSink replica) {
        return (request, reply) -> replica.deliver(reply.address(), request);
    }
}
