package io.decree.engine.ring;

import io.decree.engine.wire.WireCodec;
import io.decree.engine.wire.WireFormatException;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The receiver's half of the ring protocol over one {@link RegisteredRegion}: reads the published tail
 * (acquire), walks the records between its head and that tail, checks each frame with the wire codec (magic,
 * version, length, CRC32C, every field), hands each valid one to a {@link FrameHandler} in place, and then
 * writes its new head back once per poll, which is the writer's credit. Nothing is allocated per frame (the
 * handler decides whether to decode).
 *
 * <p>Because only bytes below a published tail are read, a frame being written (torn, partial) is never
 * seen by a correct writer's receiver. A frame that is invalid anyway (a writer bug, or the mutant that
 * publishes first) is counted and skipped, never delivered: the CRC is what catches it. A record header
 * that cannot be right (a length outside the published bytes) makes the receiver skip to the tail, dropping
 * what was published, because nothing in between can be trusted.
 *
 * <p>One thread (the receiver's poller) owns an instance.
 */
public final class RingReceiver {
    /** Takes a validated frame. The bytes are valid only during the call: the head moves past them after it. */
    @FunctionalInterface
    public interface FrameHandler {
        void onFrame(int writer, DirectBuffer buffer, int offset, int length);
    }

    /**
     * Told of every invalid record, with what was wrong (the codec's words: which check failed, at which
     * offset), so a transport can count and log it. Called on the receiver's thread; invalid records are
     * rare, so building the description allocates only then.
     */
    @FunctionalInterface
    public interface ProblemHandler {
        ProblemHandler IGNORE = (writer, position, problem) -> { };

        void onInvalid(int writer, long position, String problem);
    }

    private final RegisteredRegion region;
    private final WireCodec codec;
    private final ProblemHandler problems;
    private final UnsafeBuffer data;
    private final int capacity;
    private final int mask;
    private long head;
    private long delivered;
    private long malformed;
    private long resyncs;

    public RingReceiver(RegisteredRegion region, WireCodec codec) { this(region, codec, ProblemHandler.IGNORE); }

    public RingReceiver(RegisteredRegion region, WireCodec codec, ProblemHandler problems) {
        this.region = region;
        this.codec = codec;
        this.problems = problems;
        this.capacity = region.capacity();
        RingRecord.checkCapacity(capacity);
        this.mask = capacity - 1;
        this.data = RingRecord.view(region.data());
        this.head = region.tail();
        region.writeHead(head);
    }

    /**
     * Delivers up to {@code limit} published frames to {@code handler}, then writes the head back if it
     * moved. Returns how many frames were delivered (padding and invalid records do not count).
     */
    public int poll(FrameHandler handler, int limit) { return poll(handler, limit, Long.MAX_VALUE); }

    /**
     * As {@link #poll(FrameHandler, int)}, reading no further than {@code maxTail}, which must be a tail this
     * receiver saw published (a record boundary): how a held (delayed) link releases what it has seen.
     */
    public int poll(FrameHandler handler, int limit, long maxTail) {
        long tail = Math.min(region.tail(), maxTail);
        long start = head;
        int count = 0;
        while (head < tail && count < limit) {
            int index = (int) (head & mask);
            int length = data.getInt(index, ByteOrder.LITTLE_ENDIAN);
            long available = tail - head;
            if (length < 0) {
                if (-length != capacity - index || -length > available) {
                    resync(tail, "padding header of " + -length + " bytes at ring index " + index + " does not reach the end of the "
                            + capacity + "-byte ring within the " + available + " published bytes");
                    break;
                }
                head += -length;
                continue;
            }
            int record = length >= RingRecord.MIN_FRAME_LENGTH && length <= RingRecord.maxFrameLength(capacity)
                    ? RingRecord.recordLength(length) : -1;
            if (record < 0 || record > available || record > capacity - index) {
                resync(tail, "record header claims a " + length + "-byte frame at ring index " + index + ", outside the "
                        + available + " published bytes or the ring's bounds");
                break;
            }
            int frameAt = index + RingRecord.HEADER_LENGTH;
            WireFormatException invalid = null;
            try {
                codec.validate(data, frameAt, length);
            } catch (WireFormatException e) {
                invalid = e;
            }
            if (invalid == null) {
                handler.onFrame(region.writer(), data, frameAt, length);
                count++;
                delivered++;
            } else {
                malformed++;
                problems.onInvalid(region.writer(), head, "frame of " + length + " bytes skipped: " + invalid.getMessage());
            }
            head += record;
        }
        if (head != start) region.writeHead(head);
        return count;
    }

    private void resync(long tail, String why) {
        malformed++;
        resyncs++;
        problems.onInvalid(region.writer(), head, why + "; skipped " + (tail - head) + " bytes to the tail " + tail);
        head = tail;
    }

    /** Gives the writer a new epoch (after a revocation) and drops what was published and not consumed. */
    public void regrant() {
        region.regrant();
        head = region.tail();
        region.writeHead(head);
    }

    /** Revokes the writer; frames published before the fence can still be polled. Returns the fence. */
    public long revoke() { return region.revoke(); }

    public long head() { return head; }

    public long delivered() { return delivered; }

    /** Invalid records seen (failed the codec's checks, or a header that cannot be right). */
    public long malformed() { return malformed; }

    /** Times a corrupt header made the receiver drop everything up to the tail. */
    public long resyncs() { return resyncs; }

    public RegisteredRegion region() { return region; }
}
