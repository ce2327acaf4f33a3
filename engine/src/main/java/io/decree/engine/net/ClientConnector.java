package io.decree.engine.net;

import io.decree.engine.net.tls.NodeName;
import io.decree.engine.net.tls.TlsConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of the network: one event-loop group and a client certificate ({@code client-<id>}),
 * from which any number of {@link ClientConnection}s to replicas are opened. Each connection does TLS with
 * the client certificate, sends HELLO(client, id), and accepts only a CA-signed replica on the other end.
 */
public final class ClientConnector implements AutoCloseable {
    private final NodeName self;
    private final SslContext tls;
    private final NetOptions options;
    private final FrameCodec codec;
    private final NetStats stats = new NetStats();
    private final EventLoopGroup group;

    public ClientConnector(TlsConfig tls, NetOptions options) {
        this(tls, options, WireFrameCodec.create(options.maxPayloadBytes()));
    }

    ClientConnector(TlsConfig tls, NetOptions options, FrameCodec codec) {
        if (tls.node().isReplica()) throw new IllegalArgumentException("a client connector needs a client certificate, got " + tls.node());
        this.self = tls.node();
        this.tls = tls.clientContext();
        this.options = options;
        this.codec = codec;
        this.group = EventLoops.group(options.ioThreads(), "decree-client-" + self.id());
    }

    /** The client id of the certificate. */
    public long clientId() { return self.id(); }

    /** Connects to whichever replica listens at {@code address}. */
    public CompletableFuture<ClientConnection> connect(InetSocketAddress address) { return connect(address, 0); }

    /**
     * Connects to the replica at {@code address}; with {@code expectedReplica} > 0 the listener must be that
     * replica. The future completes once TLS and HELLO are done, or fails with the connect error or a
     * {@link ConnectionLostException} saying why the handshake was refused.
     */
    public CompletableFuture<ClientConnection> connect(InetSocketAddress address, int expectedReplica) {
        CompletableFuture<ClientConnection> result = new CompletableFuture<>();
        Handshake.Policy policy = new Handshake.Policy() {
            @Override public Refusal check(NodeName peer) {
                if (!peer.isReplica()) return Refusal.WRONG_ROLE;
                return expectedReplica > 0 && peer.id() != expectedReplica ? Refusal.WRONG_PEER : null;
            }

            @Override public ChannelHandler authenticated(ChannelHandlerContext ctx, NodeName peer) {
                Channel ch = ctx.channel();
                Outbound out = new Outbound(codec, stats, options.queueFrames(), options.queueBytes(), ch.eventLoop());
                out.attach(ch);
                ClientConnection connection = new ClientConnection(peer, ch, out);
                InboundFrames frames = new InboundFrames(self, peer, codec, stats, clock -> { }, new InboundFrames.Target() {
                    @Override public boolean onMessage(io.decree.engine.wire.DecodedMessage message) { return connection.onMessage(message.toMessage()); }

                    @Override public void onClosed() {
                        out.detach(ch);
                        out.discard();
                        connection.failPending();
                    }
                });
                result.complete(connection);
                return frames;
            }
        };
        Bootstrap b = new Bootstrap().group(group).channel(EventLoops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(options.writeLowBytes(), options.writeHighBytes()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()))
                                .addLast("framing", Framing.decoder(codec.maxPayload()))
                                .addLast("hello", new Handshake(self, codec, policy, stats, options.helloTimeoutMillis(), true));
                    }
                });
        stats.connectAttempts.increment();
        ChannelFuture f = b.connect(address);
        f.addListener((ChannelFuture done) -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(done.cause());
                return;
            }
            done.channel().closeFuture().addListener(c -> {
                String why = done.channel().attr(Handshake.REFUSAL).get();
                result.completeExceptionally(new ConnectionLostException("connection to " + address + " closed during the TLS/HELLO handshake: "
                        + (why != null ? why : "closed by the replica (it refused this client, or stopped)")));
            });
        });
        return result;
    }

    public NetStats.Report stats() { return stats.report(); }

    /** Closes every connection and stops the I/O threads. */
    @Override public void close() { EventLoops.shutdown(group); }
}
