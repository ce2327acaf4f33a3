package io.decree.engine.ring;

import io.decree.engine.message.Message;
import io.decree.engine.wire.FrameLayout;
import io.decree.engine.wire.WireCodec;
import java.nio.ByteOrder;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The writer's half of the ring protocol over one {@link RemoteRegion}: encodes a message with the wire codec
 * into the region's local {@linkplain RemoteRegion#source() source} memory, writes the record into the
 * receiver's ring one-sided, then publishes it by advancing the tail (the release that makes the bytes
 * visible). Nothing is allocated per message.
 *
 * <p>Flow control: the writer may use positions up to {@code head + capacity}, the head being what the
 * receiver wrote back. It keeps the last head it read and reads the region's head again only when that
 * cached one says the ring is full, so a ring with room costs no read of the receiver's word. A full ring
 * refuses the message ({@link Result#FULL}) at once: {@link #offer} never waits, because it runs on the
 * protocol thread and the protocol tolerates a lost message.
 *
 * <p>One thread (the sender's) owns an instance. After {@link Result#REVOKED} the instance is dead; the
 * transport connects a new one once the receiver re-grants.
 */
public final class RingSender {
    /** What became of one offered message. */
    public enum Result { SENT, FULL, TOO_LARGE, REVOKED }

    private final RemoteRegion region;
    private final WireCodec codec;
    private final UnsafeBuffer source;
    private final int capacity;
    private final int mask;
    private final int maxFrame;
    private final int paddingSource;
    private final boolean publishBeforePayload;
    private long tail;
    private long head;
    private long sent;
    private long full;

    public RingSender(RemoteRegion region, WireCodec codec) { this(region, codec, Set.of()); }

    /** With test-only {@link RingMutant}s (checked by {@link RingMutant#enable}). */
    public RingSender(RemoteRegion region, WireCodec codec, Set<RingMutant> mutants) {
        this.publishBeforePayload = RingMutant.enable(mutants).contains(RingMutant.PUBLISH_BEFORE_PAYLOAD);
        this.region = region;
        this.codec = codec;
        this.capacity = region.capacity();
        RingRecord.checkCapacity(capacity);
        this.mask = capacity - 1;
        this.maxFrame = Math.min(RingRecord.maxFrameLength(capacity), codec.maxPayload() + FrameLayout.OVERHEAD);
        this.source = RingRecord.view(region.source());
        this.paddingSource = capacity - RingRecord.HEADER_LENGTH;
        if (source.capacity() < capacity) throw new IllegalArgumentException("source memory smaller than the ring");
        this.tail = region.tail();
        this.head = region.head();
        assert head <= tail && tail - head <= capacity : "connected at head " + head + ", tail " + tail;
    }

    /**
     * Writes and publishes one message with Lamport clock {@code clock}. Never blocks: a ring without room
     * returns {@link Result#FULL}, a message whose frame exceeds half the ring {@link Result#TOO_LARGE}, a
     * revoked writer {@link Result#REVOKED}; in each case nothing was published.
     */
    public Result offer(Message message, long clock) {
        if (region.revoked()) return Result.REVOKED;
        int frameLength = WireCodec.encodedLength(message);
        if (frameLength > maxFrame) return Result.TOO_LARGE;
        int recordLength = RingRecord.recordLength(frameLength);
        int index = (int) (tail & mask);
        int toEnd = capacity - index;
        int padding = recordLength > toEnd ? toEnd : 0;
        long needed = (long) padding + recordLength;
        if (tail + needed - head > capacity) {
            head = region.head();
            assert head <= tail : "head " + head + " past tail " + tail;
            if (tail + needed - head > capacity) {
                full++;
                return Result.FULL;
            }
        }
        long newTail = tail + needed;
        if (publishBeforePayload && !region.publish(newTail)) return Result.REVOKED;
        if (padding > 0) {
            // The padding header is staged in the source's last 8 bytes, which no record reaches (a record is at
            // most half the ring), so the frame's staging below cannot overwrite it while a fabric still reads it.
            source.putInt(paddingSource, -padding, ByteOrder.LITTLE_ENDIAN);
            source.putInt(paddingSource + 4, 0, ByteOrder.LITTLE_ENDIAN);
            region.write(index, paddingSource, RingRecord.HEADER_LENGTH);
            index = 0;
        }
        source.putInt(0, frameLength, ByteOrder.LITTLE_ENDIAN);
        source.putInt(4, 0, ByteOrder.LITTLE_ENDIAN);
        int written = codec.encode(message, clock, source, RingRecord.HEADER_LENGTH);
        assert written == frameLength : "encoded " + written + " bytes, expected " + frameLength;
        region.write(index, 0, recordLength);
        if (!publishBeforePayload && !region.publish(newTail)) return Result.REVOKED;
        tail = newTail;
        sent++;
        return Result.SENT;
    }

    /** Bytes between the head last read and the tail: published and not yet known to be consumed. */
    public long inFlightBytes() { return tail - head; }

    public long sent() { return sent; }

    /** Messages refused because the ring was full (back-pressure). */
    public long refusedFull() { return full; }

    public RemoteRegion region() { return region; }
}
