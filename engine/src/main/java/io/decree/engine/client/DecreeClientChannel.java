package io.decree.engine.client;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.net.ClientConnection;
import io.decree.engine.net.ClientConnector;
import io.decree.engine.net.NetOptions;
import io.decree.engine.net.tls.TlsConfig;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ClientChannel} over TCP with mutual TLS: one {@link ClientConnection} per replica, opened on first
 * use and opened again on the next request after it failed or closed (a restarted replica, a new leader).
 * Non-blocking throughout: connecting and sending are chained futures on the connector's I/O thread.
 */
public final class DecreeClientChannel implements ClientChannel {
    private final ClientConnector connector;
    private final Map<Integer, InetSocketAddress> members;
    private final ConcurrentHashMap<Integer, CompletableFuture<ClientConnection>> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param members every replica's id and listener address */
    public DecreeClientChannel(TlsConfig tls, Map<Integer, InetSocketAddress> members, NetOptions options) {
        this.members = Map.copyOf(members);
        this.connector = new ClientConnector(tls, options);
    }

    @Override public CompletableFuture<ClientReply> send(int replica, ClientRequest request) {
        if (closed) return CompletableFuture.failedFuture(new IllegalStateException("client channel is closed"));
        InetSocketAddress address = members.get(replica);
        if (address == null) return CompletableFuture.failedFuture(new IllegalArgumentException("replica " + replica + " is not a member: " + members.keySet()));
        CompletableFuture<ClientConnection> connection = connections.compute(replica, (id, current) ->
                current == null || usable(current) == Boolean.FALSE ? connector.connect(address, replica) : current);
        return connection.thenCompose(c -> c.request(request)).whenComplete((reply, error) -> {
            // A refused or lost connection is dropped, so the next request to this replica dials again.
            if (error != null) connections.remove(replica, connection);
        }).exceptionallyCompose(error -> CompletableFuture.failedFuture(describe(replica, address, error)));
    }

    /** False for a connection that failed or closed, null while it is being opened, true if open. */
    private static Boolean usable(CompletableFuture<ClientConnection> connection) {
        if (!connection.isDone()) return null;
        if (connection.isCompletedExceptionally()) return false;
        return connection.join().isOpen();
    }

    private static Throwable describe(int replica, InetSocketAddress address, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ConnectException) return new ConnectException("replica " + replica + " at " + address + ": connection refused (is it running?)");
        return cause;
    }

    @Override public void close() {
        closed = true;
        for (CompletableFuture<ClientConnection> c : connections.values())
            if (Boolean.TRUE.equals(usable(c))) c.join().close();
        connector.close();
    }
}
