package io.decree.engine.wire;

/**
 * Byte layout of a wire frame, version 1. Big-endian throughout.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     magic 0x44435245 "DCRE"                   |  0
 *  +---------------+---------------+-------------------------------+
 *  |  version (1)  |     type      |        flags (0 in v1)        |  4
 *  +---------------+---------------+-------------------------------+
 *  |                   length: payload bytes (u32)                 |  8
 *  +---------------------------------------------------------------+
 *  |                                                               | 12
 *  +              sender's Lamport clock (u64, 0 if off)           +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    payload: length bytes ...                  | 20
 *  +---------------------------------------------------------------+
 *  |           crc32c over bytes [0, 20 + length)                  | 20 + length
 *  +---------------------------------------------------------------+
 * </pre>
 * A frame is {@code 24 + length} bytes. The length field sits at offset 8 so that a stream framer
 * (Netty's {@code LengthFieldBasedFrameDecoder(max, 8, 4, 12, 0)}) cuts whole frames without knowing
 * anything else; a later version must keep magic, version and length where they are (see docs/wire.md).
 */
public final class FrameLayout {
    public static final int MAGIC = 0x44435245;
    public static final int VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int TYPE_OFFSET = 5;
    public static final int FLAGS_OFFSET = 6;
    public static final int LENGTH_OFFSET = 8;
    public static final int CLOCK_OFFSET = 12;
    public static final int HEADER_LENGTH = 20;
    public static final int TRAILER_LENGTH = 4;
    /** Header plus trailer: the size of a frame with an empty payload. */
    public static final int OVERHEAD = HEADER_LENGTH + TRAILER_LENGTH;

    /** Default bound on a payload: large enough for a snapshot chunk or a big batch, small enough to allocate. */
    public static final int DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;
    /** The largest bound a codec accepts: a whole frame must still fit an int. */
    public static final int LIMIT_MAX_PAYLOAD = Integer.MAX_VALUE - OVERHEAD;

    private FrameLayout() {}
}
