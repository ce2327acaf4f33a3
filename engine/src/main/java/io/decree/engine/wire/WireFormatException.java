package io.decree.engine.wire;

/**
 * A frame that does not follow the wire format ({@code docs/wire.md}). The message names the field, the
 * byte offset from the start of the frame, and the value found, e.g.
 * {@code "wire: magic at byte 0: 0x41424344, expected 0x44435245 (DCRE)"}. It is the only exception a
 * decoder lets escape on any input: a transport that catches it closes the connection that sent the frame,
 * since a peer that sent one malformed frame cannot be trusted to be in step for the next.
 */
public final class WireFormatException extends RuntimeException {
    private final String field;
    private final int offset;

    public WireFormatException(String field, int offset, String problem) {
        super("wire: " + field + " at byte " + offset + ": " + problem);
        this.field = field;
        this.offset = offset;
    }

    /** The field that was wrong ("magic", "crc32c", "votes.count", ...). */
    public String field() { return field; }

    /** Byte offset of that field from the start of the frame. */
    public int offset() { return offset; }
}
