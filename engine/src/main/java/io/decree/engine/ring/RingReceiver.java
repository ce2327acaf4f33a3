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

    private final RegisteredRegion region;
    private final WireCodec codec;
    private final UnsafeBuffer data;
    private final int capacity;
    private final int mask;
    private long head;
    private long delivered;
    private long malformed;
    private long resyncs;

    public RingReceiver(RegisteredRegion region, WireCodec codec) {
        this.region = region;
        this.codec = codec;
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
    public int poll(FrameHandler handler, int limit) {
        long tail = region.tail();
        long start = head;
        int count = 0;
        while (head < tail && count < limit) {
            int index = (int) (head & mask);
            int length = data.getInt(index, ByteOrder.LITTLE_ENDIAN);
            long available = tail - head;
            if (length < 0) {
                if (-length != capacity - index || -length > available) { resync(tail); break; }
                head += -length;
                continue;
            }
            int record = length >= RingRecord.MIN_FRAME_LENGTH && length <= RingRecord.maxFrameLength(capacity)
                    ? RingRecord.recordLength(length) : -1;
            if (record < 0 || record > available || record > capacity - index) { resync(tail); break; }
            int frameAt = index + RingRecord.HEADER_LENGTH;
            boolean valid;
            try {
                codec.validate(data, frameAt, length);
                valid = true;
            } catch (WireFormatException e) {
                valid = false;
            }
            if (valid) {
                handler.onFrame(region.writer(), data, frameAt, length);
                count++;
                delivered++;
            } else {
                malformed++;
            }
            head += record;
        }
        if (head != start) region.writeHead(head);
        return count;
    }

    private void resync(long tail) {
        malformed++;
        resyncs++;
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
