package io.decree.engine.wire;

import org.agrona.DirectBuffer;

import static io.decree.engine.wire.FrameLayout.*;

/**
 * A view of one frame in a buffer, reading header fields in place: {@link #wrap} it over a frame and ask
 * for the type, clock or payload bounds, then {@link #validate} it before trusting any of them. One
 * flyweight serves every frame of a connection, so routing a frame allocates nothing (Agrona's
 * {@code UnsafeBuffer.wrap} in the same spirit). Not thread-safe.
 */
public final class FrameFlyweight {
    private final FrameChecksum checksum = new FrameChecksum();
    private final boolean checkCrc;
    private DirectBuffer buffer;
    private int offset;
    private int length;

    public FrameFlyweight() { this(true); }

    /** {@code checkCrc} false only for the {@link WireMutant#SKIPS_CRC} mutant. */
    FrameFlyweight(boolean checkCrc) { this.checkCrc = checkCrc; }

    /**
     * Views the {@code length} bytes at {@code offset} as a frame. Checks only that they lie inside the
     * buffer (so the accessors cannot read past it); {@link #validate} checks the rest.
     */
    public FrameFlyweight wrap(DirectBuffer buffer, int offset, int length) {
        if (buffer == null) throw new WireFormatException("frame", 0, "no buffer");
        if (offset < 0 || length < 0 || (long) offset + length > buffer.capacity())
            throw new WireFormatException("frame", 0, "bytes [" + offset + ", " + ((long) offset + length)
                    + ") lie outside the buffer of capacity " + buffer.capacity());
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Checks the header and the checksum: magic, version, flags, a payload length within
     * {@code maxPayload} that matches the frame's size, the CRC32C, and a known type. Returns the type.
     * Allocates nothing unless it throws.
     */
    public MessageType validate(int maxPayload) {
        if (length < OVERHEAD)
            throw new WireFormatException("frame", 0, length + " bytes, shorter than the " + OVERHEAD + "-byte header and trailer");
        int magic = magic();
        if (magic != MAGIC)
            throw new WireFormatException("magic", MAGIC_OFFSET, "0x" + Integer.toHexString(magic) + ", expected 0x44435245 (DCRE)");
        if (version() != VERSION)
            throw new WireFormatException("version", VERSION_OFFSET, version() + ", this build reads version " + VERSION + " only");
        if (flags() != 0)
            throw new WireFormatException("flags", FLAGS_OFFSET, "0x" + Integer.toHexString(flags()) + ", must be 0 in version 1");
        long payloadLength = payloadLength();
        if (payloadLength > maxPayload)
            throw new WireFormatException("length", LENGTH_OFFSET, payloadLength + " payload bytes, above the configured maximum of " + maxPayload);
        if (payloadLength + OVERHEAD != length)
            throw new WireFormatException("length", LENGTH_OFFSET, payloadLength + " payload bytes make a frame of "
                    + (payloadLength + OVERHEAD) + " bytes, but the frame given has " + length
                    + (payloadLength + OVERHEAD > length ? " (length past the buffer)" : " (trailing bytes)"));
        int crcOffset = HEADER_LENGTH + (int) payloadLength;
        int expected = checksum.compute(buffer, offset, crcOffset);
        int found = crc();
        if (checkCrc && found != expected)
            throw new WireFormatException("crc32c", crcOffset, "0x" + Integer.toHexString(found) + ", but the bytes before it sum to 0x" + Integer.toHexString(expected));
        MessageType type = MessageType.ofCode(typeCode());
        if (type == null) throw new WireFormatException("type", TYPE_OFFSET, typeCode() + " is no known message type");
        return type;
    }

    public int magic() { return buffer.getInt(offset + MAGIC_OFFSET, java.nio.ByteOrder.BIG_ENDIAN); }

    public int version() { return buffer.getByte(offset + VERSION_OFFSET) & 0xff; }

    public int typeCode() { return buffer.getByte(offset + TYPE_OFFSET) & 0xff; }

    /** The type, or null if the code is unknown; meaningful after {@link #validate}. */
    public MessageType type() { return MessageType.ofCode(typeCode()); }

    public int flags() { return buffer.getShort(offset + FLAGS_OFFSET, java.nio.ByteOrder.BIG_ENDIAN) & 0xffff; }

    /** The length field, unsigned. */
    public long payloadLength() { return buffer.getInt(offset + LENGTH_OFFSET, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFFFFFFL; }

    public long clock() { return buffer.getLong(offset + CLOCK_OFFSET, java.nio.ByteOrder.BIG_ENDIAN); }

    /** The CRC32C stored in the trailer. */
    public int crc() { return buffer.getInt(offset + length - TRAILER_LENGTH, java.nio.ByteOrder.BIG_ENDIAN); }

    public DirectBuffer buffer() { return buffer; }

    /** Index in {@link #buffer()} of the frame's first byte. */
    public int offset() { return offset; }

    /** The frame's size in bytes, as wrapped. */
    public int length() { return length; }

    /** Index in {@link #buffer()} of the payload's first byte. */
    public int payloadOffset() { return offset + HEADER_LENGTH; }
}
