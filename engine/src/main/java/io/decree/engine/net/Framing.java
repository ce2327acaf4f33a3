package io.decree.engine.net;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Cuts the byte stream into frames by the header's length field (docs/wire.md): u32 payload length at
 * offset 8, whole frame = 20-byte header + payload + 4-byte CRC. A length above the configured maximum
 * fails at once with {@code TooLongFrameException} (fail-fast), before any byte of the frame is buffered,
 * so a hostile peer cannot make a replica allocate what it announces. The codec then validates everything
 * else (magic, version, type, flags, CRC, fields).
 */
final class Framing {
    static final int LENGTH_OFFSET = 8;
    static final int LENGTH_BYTES = 4;
    static final int HEADER_BYTES = 20;
    static final int TRAILER_BYTES = 4;
    /** Bytes of a frame around its payload. */
    static final int OVERHEAD = HEADER_BYTES + TRAILER_BYTES;

    private Framing() {}

    static LengthFieldBasedFrameDecoder decoder(int maxPayload) {
        // lengthAdjustment 12: after the length field (ending at 12) come the clock (8) + payload + CRC (4).
        return new LengthFieldBasedFrameDecoder(maxPayload + OVERHEAD, LENGTH_OFFSET, LENGTH_BYTES,
                HEADER_BYTES - LENGTH_OFFSET - LENGTH_BYTES + TRAILER_BYTES, 0);
    }
}
