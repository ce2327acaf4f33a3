package io.decree.engine.wire;

import io.decree.engine.message.Flat;
import io.decree.engine.message.Message;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.EnumSet;
import java.util.Set;

import static io.decree.engine.wire.FrameLayout.*;
import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Encodes {@link Message}s and {@link Hello}s into wire frames and decodes them back ({@link FrameLayout}
 * draws the frame, {@code docs/wire.md} has every payload and the error catalogue).
 *
 * <p>Encoding writes straight into the caller's buffer: no intermediate array, no allocation (a decree
 * goes out as its cached {@link io.decree.engine.protocol.Decree#encoded()} bytes). Decoding checks the
 * frame in place through a {@link FrameFlyweight} and a payload cursor: {@link #validate} walks every field
 * and allocates nothing, which is what routing and refusing a frame cost. {@link #decode} then materialises
 * the {@link Message} record, and that is the only allocation, proportional to the frame: the protocol
 * consumes records today (reading fields off the buffer on the protocol's hot path is issue 13's work).
 *
 * <p>On any input, decoding either returns a message or throws {@link WireFormatException} naming the field,
 * the byte offset and the value; every count is checked against the bytes present before anything is
 * sized by it, so no frame allocates more than a small multiple of its own length.
 *
 * <p>Not thread-safe: a codec owns the flyweights and checksum state it reuses. Use one per thread (one per
 * I/O thread or channel); they are cheap.
 */
public final class WireCodec {
    /** Bytes a HELLO frame takes. */
    public static final int HELLO_FRAME_LENGTH = OVERHEAD + Hello.PAYLOAD_LENGTH;
    /** Field name of a {@link WireFormatException} that wraps a decoder fault; the fuzz target treats it as a bug. */
    public static final String INTERNAL_FIELD = "internal";

    private final int maxPayload;
    private final FrameFlyweight frame;
    private final PayloadCursor cursor = new PayloadCursor();
    private final FrameChecksum checksum = new FrameChecksum();
    private final DecodedMessage decoded = new DecodedMessage();

    /** A codec with the default payload bound, {@link FrameLayout#DEFAULT_MAX_PAYLOAD} (16 MiB). */
    public WireCodec() { this(DEFAULT_MAX_PAYLOAD); }

    /** A codec that refuses, both ways, payloads above {@code maxPayload} bytes. */
    public WireCodec(int maxPayload) { this(maxPayload, EnumSet.noneOf(WireMutant.class)); }

    private WireCodec(int maxPayload, Set<WireMutant> mutants) {
        if (maxPayload < Hello.PAYLOAD_LENGTH || maxPayload > LIMIT_MAX_PAYLOAD)
            throw new IllegalArgumentException("max payload " + maxPayload + " outside [" + Hello.PAYLOAD_LENGTH + ", " + LIMIT_MAX_PAYLOAD + "]");
        WireMutant.checkAllowed(mutants);
        this.maxPayload = maxPayload;
        this.frame = new FrameFlyweight(!mutants.contains(WireMutant.SKIPS_CRC));
    }

    /** A deliberately broken codec for tests; refuses unless the JVM runs with {@code -Ddecree.mutants=allowed}. */
    public static WireCodec withMutants(int maxPayload, Set<WireMutant> mutants) { return new WireCodec(maxPayload, mutants); }

    public int maxPayload() { return maxPayload; }

    /** Bytes the frame of {@code message} takes: header, payload and trailer. */
    public static int encodedLength(Message message) { return OVERHEAD + Payloads.length(message); }

    /**
     * Writes the frame of {@code message}, stamped with the sender's Lamport {@code clock}, at
     * {@code offset}; returns the frame's length. Throws IllegalArgumentException, writing nothing, if the
     * payload exceeds this codec's maximum or the buffer (unless expandable) cannot hold the frame.
     */
    public int encode(Message message, long clock, MutableDirectBuffer buffer, int offset) {
        int payloadLength = Payloads.length(message);
        checkRoom(payloadLength, buffer, offset);
        int end = Payloads.encode(message, buffer, writeHeader(MessageType.of(message), payloadLength, clock, buffer, offset));
        assert end == offset + HEADER_LENGTH + payloadLength : "payload of " + message + " took " + (end - offset - HEADER_LENGTH) + " bytes, length() said " + payloadLength;
        return writeTrailer(buffer, offset, payloadLength);
    }

    /** Bytes the frame of a flat message takes (see {@link io.decree.engine.message.Flat}). */
    public static int encodedLength(int kind, Object ref) {
        return OVERHEAD + (kind == Flat.RECORD ? Payloads.length((Message) ref) : FlatPayloads.length(kind, ref));
    }

    /**
     * Writes the frame of a message given as a {@link io.decree.engine.message.Flat} kind and fields: the
     * same bytes as {@link #encode(Message, long, MutableDirectBuffer, int)} writes for its record, without
     * the record. Returns the frame's length; throws as that method does.
     */
    public int encode(int kind, long a, long b, long c, Object ref, long clock, MutableDirectBuffer buffer, int offset) {
        if (kind == Flat.RECORD) return encode((Message) ref, clock, buffer, offset);
        int payloadLength = FlatPayloads.length(kind, ref);
        checkRoom(payloadLength, buffer, offset);
        int end = FlatPayloads.encode(kind, a, b, c, ref, buffer, writeHeader(FlatPayloads.type(kind), payloadLength, clock, buffer, offset));
        assert end == offset + HEADER_LENGTH + payloadLength : "payload of kind " + kind + " took " + (end - offset - HEADER_LENGTH) + " bytes, length() said " + payloadLength;
        return writeTrailer(buffer, offset, payloadLength);
    }

    /** Writes a HELLO frame at {@code offset}; returns its length, {@link #HELLO_FRAME_LENGTH}. */
    public int encodeHello(Hello hello, long clock, MutableDirectBuffer buffer, int offset) {
        checkRoom(Hello.PAYLOAD_LENGTH, buffer, offset);
        int at = writeHeader(MessageType.HELLO, Hello.PAYLOAD_LENGTH, clock, buffer, offset);
        buffer.putByte(at, (byte) hello.role().code());
        buffer.putLong(at + 1, hello.nodeId(), BIG_ENDIAN);
        return writeTrailer(buffer, offset, Hello.PAYLOAD_LENGTH);
    }

    /**
     * Checks the whole frame of {@code length} bytes at {@code offset}, header, checksum and every payload
     * field, without allocating; returns its type. A frame that passes decodes without error.
     */
    public MessageType validate(DirectBuffer buffer, int offset, int length) {
        try {
            MessageType type = frame.wrap(buffer, offset, length).validate(maxPayload);
            if (type == MessageType.HELLO) readHello();
            else readPayload(type, false);
            return type;
        } catch (WireFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw internal(e);
        }
    }

    /** Decodes the message frame of {@code length} bytes at {@code offset}; a HELLO frame is refused. */
    public Message decode(DirectBuffer buffer, int offset, int length) {
        try {
            MessageType type = frame.wrap(buffer, offset, length).validate(maxPayload);
            return readPayload(type, true);
        } catch (WireFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw internal(e);
        }
    }

    /**
     * Decodes the message frame of {@code length} bytes at {@code offset} into this codec's reused
     * {@link DecodedMessage}, checking exactly what {@link #decode} checks. The primitive kinds of
     * {@link io.decree.engine.message.Flat} allocate nothing; a 2a builds its decree (with the frame's bytes
     * as its cached encoding, so the receiver does not encode it again) and a client request its command;
     * every other type is its record, kind {@code RECORD}. The result is overwritten by the next decode.
     */
    public DecodedMessage decodeFlat(DirectBuffer buffer, int offset, int length) {
        try {
            MessageType type = frame.wrap(buffer, offset, length).validate(maxPayload);
            PayloadCursor c = cursor.wrap(frame.buffer(), frame.offset(), frame.payloadOffset(), frame.payloadOffset() + (int) frame.payloadLength());
            DecodedMessage m = FlatPayloads.read(type, c, decoded);
            if (m == null) m = decoded.set(Flat.RECORD, 0, 0, 0, Payloads.read(type, c, true));
            c.expectEnd(type.name());
            return m;
        } catch (WireFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw internal(e);
        }
    }

    /** Decodes a HELLO frame; any other type is refused. */
    public Hello decodeHello(DirectBuffer buffer, int offset, int length) {
        try {
            MessageType type = frame.wrap(buffer, offset, length).validate(maxPayload);
            if (type != MessageType.HELLO)
                throw new WireFormatException("type", TYPE_OFFSET, type + " where HELLO was expected: a connection's first frame is its HELLO");
            return readHello();
        } catch (WireFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw internal(e);
        }
    }

    /** The sender's Lamport clock in the frame at {@code offset}; reads the header only, checks nothing. */
    public static long clockOf(DirectBuffer buffer, int offset) { return buffer.getLong(offset + CLOCK_OFFSET, BIG_ENDIAN); }

    /**
     * The flyweight this codec last wrapped: after {@link #validate} or {@link #decode}, the header of that
     * frame (type, clock, payload bounds) without reading it again.
     */
    public FrameFlyweight frame() { return frame; }

    private Message readPayload(MessageType type, boolean build) {
        PayloadCursor c = cursor.wrap(frame.buffer(), frame.offset(), frame.payloadOffset(), frame.payloadOffset() + (int) frame.payloadLength());
        Message m = Payloads.read(type, c, build);
        c.expectEnd(type.name());
        return m;
    }

    private Hello readHello() {
        PayloadCursor c = cursor.wrap(frame.buffer(), frame.offset(), frame.payloadOffset(), frame.payloadOffset() + (int) frame.payloadLength());
        int roleAt = c.where();
        int code = c.u8("role");
        Hello.Role role = Hello.Role.ofCode(code);
        if (role == null) throw new WireFormatException("role", roleAt, code + " is no role (1 replica, 2 client)");
        long nodeId = c.i64("nodeId");
        c.expectEnd("HELLO");
        return new Hello(role, nodeId);
    }

    private void checkRoom(int payloadLength, MutableDirectBuffer buffer, int offset) {
        if (payloadLength > maxPayload)
            throw new IllegalArgumentException("a payload of " + payloadLength + " bytes exceeds the configured maximum of " + maxPayload);
        long end = (long) offset + OVERHEAD + payloadLength;
        if (offset < 0 || (!buffer.isExpandable() && end > buffer.capacity()))
            throw new IllegalArgumentException("a frame of " + (OVERHEAD + payloadLength) + " bytes at offset " + offset
                    + " does not fit a buffer of " + buffer.capacity() + " bytes");
    }

    private static int writeHeader(MessageType type, int payloadLength, long clock, MutableDirectBuffer buffer, int offset) {
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, BIG_ENDIAN);
        buffer.putByte(offset + VERSION_OFFSET, (byte) VERSION);
        buffer.putByte(offset + TYPE_OFFSET, (byte) type.code());
        buffer.putShort(offset + FLAGS_OFFSET, (short) 0, BIG_ENDIAN);
        buffer.putInt(offset + LENGTH_OFFSET, payloadLength, BIG_ENDIAN);
        buffer.putLong(offset + CLOCK_OFFSET, clock, BIG_ENDIAN);
        return offset + HEADER_LENGTH;
    }

    private int writeTrailer(MutableDirectBuffer buffer, int offset, int payloadLength) {
        int crcAt = offset + HEADER_LENGTH + payloadLength;
        buffer.putInt(crcAt, checksum.compute(buffer, offset, HEADER_LENGTH + payloadLength), BIG_ENDIAN);
        return OVERHEAD + payloadLength;
    }

    /** A decoder bug, not a format error: still refused as one so a peer cannot crash the reader, but named. */
    private static WireFormatException internal(RuntimeException e) {
        WireFormatException w = new WireFormatException(INTERNAL_FIELD, 0, "decoder fault " + e);
        w.initCause(e);
        return w;
    }
}
