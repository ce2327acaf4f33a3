package io.decree.engine.net;

import io.decree.engine.net.tls.NodeName;
import io.decree.engine.net.tls.TlsConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The first handler of every connection, in both directions: waits for the TLS handshake (the certificate
 * chain is already verified against the cluster CA by then), reads the peer's name from its certificate,
 * lets {@link Policy} accept or refuse that name, and exchanges HELLOs: the dialing side speaks first, the
 * listening side checks the dialer's HELLO (it must name the same node as the certificate) and only then
 * answers with its own, so a dialer that receives the listener's HELLO knows it was accepted. Only then does it replace itself with the handler {@link Policy#authenticated}
 * returns; until then no frame reaches the protocol, so a refused connection changes no state. Every
 * refusal is logged with its reason and counted once, and closes the connection.
 */
final class Handshake extends ChannelInboundHandlerAdapter {

    /** What a side accepts, and what it does with an accepted connection. */
    interface Policy {
        /** Null if a peer with this certificate may proceed, else why not. Called on the I/O thread. */
        Refusal check(NodeName peer);

        /** The handler for the authenticated connection's frames, or null if the peer left the membership meanwhile. */
        ChannelHandler authenticated(ChannelHandlerContext ctx, NodeName peer);
    }

    /** Why a connection was refused, on its channel, for a dialer that wants to say why (ClientConnector). */
    static final AttributeKey<String> REFUSAL = AttributeKey.valueOf("decree.refusal");

    private final NodeName self;
    private final FrameCodec codec;
    private final Policy policy;
    private final NetStats stats;
    private final long timeoutMillis;
    /** The dialing side sends its HELLO at once; the listening side answers only an accepted HELLO. */
    private final boolean speaksFirst;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private NodeName certified;
    private boolean done;
    private ScheduledFuture<?> timeout;

    Handshake(NodeName self, FrameCodec codec, Policy policy, NetStats stats, long timeoutMillis, boolean speaksFirst) {
        this.self = self;
        this.speaksFirst = speaksFirst;
        this.codec = codec;
        this.policy = policy;
        this.stats = stats;
        this.timeoutMillis = timeoutMillis;
    }

    @Override public void handlerAdded(ChannelHandlerContext ctx) {
        // Armed at registration, which for a dialer precedes the TCP connect; a connect that fails closes
        // the channel without it ever becoming active, so the close (not channelInactive) disarms it.
        timeout = ctx.executor().schedule(() -> refuse(ctx, Refusal.HELLO_TIMEOUT, certified, "no TLS handshake and HELLO within " + timeoutMillis + " ms"),
                timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(f -> timeout.cancel(false));
    }

    @Override public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof SslHandshakeCompletionEvent completion)) {
            super.userEventTriggered(ctx, event);
            return;
        }
        if (!completion.isSuccess()) {
            refuse(ctx, Refusal.TLS, null, describe(completion.cause()));
            return;
        }
        NodeName peer;
        try {
            peer = TlsConfig.peerOf(ctx.pipeline().get(SslHandler.class).engine().getSession());
        } catch (SSLException | IllegalArgumentException e) {
            refuse(ctx, Refusal.BAD_NAME, null, e.getMessage());
            return;
        }
        Refusal refusal = policy.check(peer);
        if (refusal != null) {
            refuse(ctx, refusal, peer, "certificate not accepted here");
            return;
        }
        certified = peer;
        if (speaksFirst) sendHello(ctx);
    }

    private void sendHello(ChannelHandlerContext ctx) {
        ByteBuf hello = ctx.alloc().directBuffer(codec.helloLength());
        Buffers.wrap(view, hello, 0, hello.capacity());
        hello.writerIndex(codec.encodeHello(self, 0, view, 0));
        ctx.writeAndFlush(hello, ctx.voidPromise());
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (done) return;
            if (certified == null) { // TLS delivers no application data before the handshake: cannot happen, refuse anyway
                refuse(ctx, Refusal.BAD_HELLO, null, "frame before the TLS handshake completed");
                return;
            }
            NodeName said;
            try {
                Buffers.wrap(view, frame, frame.readerIndex(), frame.readableBytes());
                said = codec.decodeHello(view, 0, frame.readableBytes());
            } catch (RuntimeException e) {
                refuse(ctx, Refusal.BAD_HELLO, certified, e.getMessage());
                return;
            }
            if (said.role() != certified.role()) {
                refuse(ctx, Refusal.WRONG_ROLE, certified, "HELLO claims " + said + " with a " + certified.role().prefix + " certificate");
                return;
            }
            if (!said.equals(certified)) {
                refuse(ctx, Refusal.HELLO_MISMATCH, certified, "HELLO names " + said);
                return;
            }
            ChannelHandler next = policy.authenticated(ctx, certified);
            if (next == null) {
                refuse(ctx, Refusal.NOT_MEMBER, certified, "removed from the membership during the handshake");
                return;
            }
            finish(ctx);
            if (!speaksFirst) sendHello(ctx); // before any frame the new handler's side may send
            stats.connectionsAuthenticated.increment();
            ctx.pipeline().replace(this, "frames-in", next);
        } finally {
            frame.release();
        }
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (done) return;
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof SSLException) refuse(ctx, Refusal.TLS, null, describe(root));
        else if (root instanceof TooLongFrameException) refuse(ctx, Refusal.BAD_HELLO, certified, describe(root));
        else refuse(ctx, certified == null ? Refusal.TLS : Refusal.BAD_HELLO, certified, describe(root));
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!done) { // the peer hung up mid-handshake; nothing was accepted, but say so
            finish(ctx);
            NetLog.debug("handshake-abandoned", "self", self, "remote", ctx.channel().remoteAddress());
        }
        super.channelInactive(ctx);
    }

    private void refuse(ChannelHandlerContext ctx, Refusal reason, NodeName peer, String detail) {
        if (done) return;
        finish(ctx);
        stats.refused(reason);
        ctx.channel().attr(REFUSAL).set(reason + ": " + detail);
        NetLog.warn("refused", "reason", reason, "self", self, "remote", ctx.channel().remoteAddress(),
                "peer", peer == null ? "unknown" : peer, "detail", detail);
        ctx.close();
    }

    private void finish(ChannelHandlerContext ctx) {
        done = true;
        if (timeout != null) timeout.cancel(false);
    }

    static String describe(Throwable t) {
        if (t == null) return "unknown";
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == t ? t.getClass().getSimpleName() + ": " + t.getMessage()
                : t.getClass().getSimpleName() + ": " + t.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
