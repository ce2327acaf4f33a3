package io.decree.engine.net;

import io.decree.engine.message.Flat;
import io.decree.engine.message.Message;
import io.decree.engine.runtime.MpscQueue;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The outbound side of one destination (a peer replica or a client connection). The sending thread (the
 * replica's protocol thread) encodes a frame into a pooled direct buffer and queues it here; the channel's
 * event loop drains everything queued since its last turn, writes it, and flushes once: one flush, one TLS
 * record batch and one syscall for a whole protocol batch, and one task hand-off per batch rather than per
 * message.
 *
 * <p>Never blocks: with no authenticated channel, an unwritable channel (over its high watermark: the peer
 * is slow or not reading) or a full queue (frames or bytes), the message is dropped and counted, which the
 * protocol tolerates like any network loss. The checks come before encoding, so a slow peer costs the
 * protocol thread nothing but the check.
 */
final class Outbound {
    private final FrameCodec codec;
    private final NetStats stats;
    private final long queueBytesBound;
    private final MpscQueue<ByteBuf> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    /** The one thread that drains (the queue has a single consumer), whichever loop the channel is on. */
    private final Executor drainer;
    /** The encoder's view, one per sending thread: no allocation per message, and safe from any thread. */
    private static final ThreadLocal<UnsafeBuffer> VIEW = ThreadLocal.withInitial(() -> new UnsafeBuffer(0, 0));

    /** The authenticated connection, or null; set and cleared by I/O threads, read by the sender. */
    private volatile Channel channel;

    Outbound(FrameCodec codec, NetStats stats, int queueFrames, long queueBytesBound, Executor drainer) {
        this.codec = codec;
        this.drainer = drainer;
        this.stats = stats;
        this.queue = new MpscQueue<>(queueFrames);
        this.queueBytesBound = queueBytesBound;
    }

    Channel channel() { return channel; }

    /** Makes {@code ch} the connection; returns the one it replaces (null if none). */
    Channel attach(Channel ch) {
        Channel old = channel;
        channel = ch;
        return old;
    }

    /** Clears the connection if it is still {@code ch}; true if it was. */
    boolean detach(Channel ch) {
        if (channel != ch) return false;
        channel = null;
        return true;
    }

    /** Queues {@code message} for the connection (any thread), or drops and counts it; never blocks. */
    boolean send(Message message, LongSupplier clock) { return send(Flat.RECORD, 0, 0, 0, message, clock); }

    /**
     * Queues a message given as a {@link Flat} kind and fields, encoded straight into the frame's pooled
     * buffer without a record (any thread), or drops and counts it; never blocks.
     */
    boolean send(int kind, long a, long b, long c, Object ref, LongSupplier clock) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            stats.droppedNoConnection.increment();
            return false;
        }
        if (!ch.isWritable() || queuedBytes.get() >= queueBytesBound) {
            stats.droppedBackPressure.increment();
            return false;
        }
        int length;
        try {
            length = codec.frameLength(kind, ref);
        } catch (RuntimeException e) {
            unencodable(kind, ref, e);
            return false;
        }
        if (length - Framing.OVERHEAD > codec.maxPayload()) {
            unencodable(kind, ref, new IllegalArgumentException("payload of " + (length - Framing.OVERHEAD) + " bytes exceeds the maximum " + codec.maxPayload()));
            return false;
        }
        ByteBuf frame = ch.alloc().directBuffer(length, length);
        try {
            UnsafeBuffer view = VIEW.get();
            Buffers.wrap(view, frame, 0, length);
            frame.writerIndex(codec.encode(kind, a, b, c, ref, clock.getAsLong(), view, 0));
        } catch (RuntimeException e) {
            frame.release();
            unencodable(kind, ref, e);
            return false;
        }
        if (!queue.offer(frame)) {
            frame.release();
            stats.droppedBackPressure.increment();
            return false;
        }
        queuedBytes.addAndGet(length);
        // Offer before the flag: a drain that already cleared it will see this frame, or we schedule another.
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                drainer.execute(drain);
            } catch (RejectedExecutionException e) { // the transport is closing: its event loops are gone
                stats.droppedNoConnection.increment();
                return false;
            }
        }
        return true;
    }

    /** Frames in the queue now (for tests and reports). */
    int queued() { return queue.size(); }

    /** Releases everything still queued (the destination is gone); on the drainer, so the queue keeps one consumer. */
    void discard() {
        try {
            drainer.execute(this::discardNow);
        } catch (RejectedExecutionException e) {
            discardNow(); // the loop is gone, so nobody else consumes any more
        }
    }

    private void discardNow() {
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            queuedBytes.addAndGet(-b.readableBytes());
            b.release();
            stats.droppedNoConnection.increment();
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Channel ch = channel;
        int written = 0;
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            queuedBytes.addAndGet(-b.readableBytes());
            if (ch != null && ch.isActive()) {
                ch.write(b, ch.voidPromise());
                written++;
            } else {
                b.release();
                stats.droppedNoConnection.increment();
            }
        }
        if (written > 0) {
            ch.flush();
            stats.framesSent.add(written);
        }
    }

    private void unencodable(int kind, Object ref, RuntimeException e) {
        stats.droppedUnencodable.increment();
        NetLog.warn("unencodable", "message", kind == Flat.RECORD ? ref.getClass().getSimpleName() : "kind " + kind, "detail", e.getMessage());
    }
}
