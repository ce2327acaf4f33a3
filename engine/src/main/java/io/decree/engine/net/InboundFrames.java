package io.decree.engine.net;

import io.decree.engine.wire.DecodedMessage;
import io.decree.engine.net.tls.NodeName;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.util.function.LongConsumer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes the frames of an authenticated connection on its I/O thread and hands each message on. The
 * sender is the node the connection authenticated as (certificate + HELLO), never a field of the payload.
 * A malformed frame (oversized length, bad CRC, any field the codec rejects) is logged naming the peer
 * and the problem, counted, and closes this connection only; nothing of it reaches the protocol.
 */
final class InboundFrames extends ChannelInboundHandlerAdapter {

    /** What the decoded messages are for. */
    interface Target {
        /**
         * A decoded message, in an object the decoder reuses for the next frame: read it now, keep only
         * its reference. False if it was refused (the handler then closes the connection).
         */
        boolean onMessage(DecodedMessage message);

        void onClosed();
    }

    private final NodeName self;
    private final NodeName peer;
    private final FrameCodec codec;
    private final NetStats stats;
    private final LongConsumer receiveClock;
    private final Target target;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private boolean failed;

    InboundFrames(NodeName self, NodeName peer, FrameCodec codec, NetStats stats, LongConsumer receiveClock, Target target) {
        this.self = self;
        this.peer = peer;
        this.codec = codec;
        this.stats = stats;
        this.receiveClock = receiveClock;
        this.target = target;
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        DecodedMessage message;
        long clock;
        try {
            if (failed) return; // frames already cut from the same read after a malformed one
            Buffers.wrap(view, frame, frame.readerIndex(), frame.readableBytes());
            message = codec.decodeFlat(view, 0, frame.readableBytes());
            clock = codec.clockOf(view, 0);
        } catch (RuntimeException e) {
            malformed(ctx, e);
            return;
        } finally {
            frame.release();
        }
        // The clock first, so the receive event is ordered after the send before the protocol sees the message.
        receiveClock.accept(clock);
        stats.framesReceived.increment();
        if (!target.onMessage(message)) {
            failed = true;
            ctx.close();
        }
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) { // TooLongFrameException, or a TLS record error
            malformed(ctx, cause);
            return;
        }
        if (cause instanceof IOException) NetLog.info("connection-error", "self", self, "peer", peer, "detail", cause.getMessage());
        else NetLog.warn("connection-error", "self", self, "peer", peer, "detail", Handshake.describe(cause));
        ctx.close();
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stats.connectionsClosed.increment();
        NetLog.info("disconnected", "self", self, "peer", peer, "remote", ctx.channel().remoteAddress());
        target.onClosed();
        super.channelInactive(ctx);
    }

    private void malformed(ChannelHandlerContext ctx, Throwable problem) {
        if (failed) return;
        failed = true;
        stats.malformedFrames.increment();
        NetLog.warn("malformed-frame", "self", self, "peer", peer, "remote", ctx.channel().remoteAddress(), "detail", Handshake.describe(problem));
        ctx.close();
    }
}
