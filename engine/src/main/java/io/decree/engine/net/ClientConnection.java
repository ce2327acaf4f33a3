package io.decree.engine.net;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.net.tls.NodeName;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's authenticated connection to one replica ({@link ClientConnector#connect}): sends
 * {@link ClientRequest}s and completes each request's future with the {@link ClientReply} of the same
 * client id and sequence. What to do with a reply (follow a NOT_LEADER hint, retry elsewhere) is the
 * caller's business ({@code DecreeClient}); this class only moves frames. Thread-safe.
 */
public final class ClientConnection implements AutoCloseable {
    private record Key(long clientId, long sequence) {}

    private final NodeName replica;
    private final Channel channel;
    private final Outbound out;
    private final ConcurrentHashMap<Key, CompletableFuture<ClientReply>> pending = new ConcurrentHashMap<>();

    ClientConnection(NodeName replica, Channel channel, Outbound out) {
        this.replica = replica;
        this.channel = channel;
        this.out = out;
    }

    /** The replica at the other end, as its certificate and HELLO name it. */
    public int replicaId() { return (int) replica.id(); }

    public InetSocketAddress remoteAddress() { return (InetSocketAddress) channel.remoteAddress(); }

    public boolean isOpen() { return channel.isActive(); }

    /** The channel, for tests that write raw bytes on an authenticated connection. */
    Channel channel() { return channel; }

    /**
     * Sends {@code request}; the future completes with its reply, or fails with
     * {@link ConnectionLostException} if the connection closes first or cannot take the request now. A
     * request resent while the first is pending shares the first one's future. No time-out here: callers
     * add their own ({@code orTimeout}).
     */
    public CompletableFuture<ClientReply> request(ClientRequest request) {
        Key key = new Key(request.command().clientId(), request.command().sequence());
        CompletableFuture<ClientReply> future = pending.computeIfAbsent(key, k -> new CompletableFuture<>());
        if (!out.send(request, () -> 0L)) {
            pending.remove(key, future);
            future.completeExceptionally(new ConnectionLostException(channel.isActive()
                    ? "connection to " + replica + " is over its outbound bound; request not sent"
                    : "connection to " + replica + " is closed; request not sent"));
        }
        if (!channel.isActive()) failPending(); // closed between the send and the registration: nobody else will fail it
        return future;
    }

    /** Requests sent and not yet answered. */
    public int pendingRequests() { return pending.size(); }

    @Override public void close() { channel.close().awaitUninterruptibly(); }

    boolean onMessage(Message message) {
        if (!(message instanceof ClientReply reply)) return false;
        CompletableFuture<ClientReply> future = pending.remove(new Key(reply.clientId(), reply.sequence()));
        if (future != null) future.complete(reply); // else: a late reply to an abandoned request
        return true;
    }

    void failPending() {
        for (Key key : pending.keySet()) {
            CompletableFuture<ClientReply> f = pending.remove(key);
            if (f != null) f.completeExceptionally(new ConnectionLostException("connection to " + replica + " closed before the reply to request " + key.sequence() + " of client " + key.clientId() + "; it may or may not have been executed"));
        }
    }

    @Override public String toString() { return "ClientConnection[" + replica + " at " + channel.remoteAddress() + "]"; }
}
