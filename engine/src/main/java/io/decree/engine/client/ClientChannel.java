package io.decree.engine.client;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import java.util.concurrent.CompletableFuture;

/**
 * How a {@link DecreeClient} reaches the replicas: one request, one reply. Over the network this is a TLS
 * connection per replica ({@link DecreeClient#connect}); tests may route requests in process.
 *
 * <p>Contract: {@link #send} never blocks; its future completes with the replica's reply to that request,
 * or fails if the request could not be delivered or the connection was lost before the reply (the request
 * may then still have reached the replica: the client retries it with the same sequence number). It may
 * never complete if the replica stays silent; the client applies its own time-out.
 */
public interface ClientChannel extends AutoCloseable {

    CompletableFuture<ClientReply> send(int replica, ClientRequest request);

    /** Closes every connection; outstanding futures fail. */
    @Override void close();
}
