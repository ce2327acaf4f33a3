package io.decree.engine.wire;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Reads a payload field by field, in place, refusing any read past the payload's end: every read names its
 * field, so a truncated or lying frame gets a {@link WireFormatException} saying which field and where
 * (offsets are from the frame's start), never an index error. Counts are checked against the bytes left
 * before the caller allocates anything for them. Reused across frames; not thread-safe.
 */
final class PayloadCursor {
    private DirectBuffer buffer;
    private int frameOffset;
    private int position;
    private int end;

    PayloadCursor wrap(DirectBuffer buffer, int frameOffset, int from, int to) {
        this.buffer = buffer;
        this.frameOffset = frameOffset;
        this.position = from;
        this.end = to;
        return this;
    }

    DirectBuffer buffer() { return buffer; }

    int position() { return position; }

    int remaining() { return end - position; }

    /** Offset of the next field from the frame's start, for error messages. */
    int where() { return position - frameOffset; }

    long i64(String field) {
        need(field, 8);
        long v = buffer.getLong(position, BIG_ENDIAN);
        position += 8;
        return v;
    }

    int i32(String field) {
        need(field, 4);
        int v = buffer.getInt(position, BIG_ENDIAN);
        position += 4;
        return v;
    }

    int u8(String field) {
        need(field, 1);
        return buffer.getByte(position++) & 0xff;
    }

    boolean bool(String field) {
        int at = where();
        int v = u8(field);
        if (v > 1) throw new WireFormatException(field, at, v + ", a boolean must be 0 or 1");
        return v == 1;
    }

    /**
     * A count of elements that take at least {@code minElementBytes} each: refused if negative or if the
     * bytes left cannot hold that many, so no array is ever sized by a hostile count.
     */
    int count(String field, int minElementBytes) {
        int at = where();
        int n = i32(field);
        if (n < 0 || (long) n * minElementBytes > remaining())
            throw new WireFormatException(field, at, n + " elements of at least " + minElementBytes
                    + " bytes cannot fit the " + remaining() + " bytes left");
        return n;
    }

    /** A byte-string length, -1 meaning absent when {@code nullable}; refused if the bytes left cannot hold it. */
    int length(String field, boolean nullable) {
        int at = where();
        int n = i32(field);
        if (n == -1 && nullable) return -1;
        if (n < 0 || n > remaining())
            throw new WireFormatException(field, at, n + (n < 0 ? " is not a length" : " bytes claimed, " + remaining() + " left"));
        return n;
    }

    void skip(String field, int n) {
        need(field, n);
        position += n;
    }

    byte[] bytes(String field, int n) {
        need(field, n);
        byte[] out = new byte[n];
        buffer.getBytes(position, out);
        position += n;
        return out;
    }

    /** Moves back to {@code position} (an index this cursor returned from {@link #position()}). */
    void rewind(int position) {
        if (position < 0 || position > this.position) throw new IllegalArgumentException("rewind to " + position + " from " + this.position);
        this.position = position;
    }

    /** A copy of the bytes already read between the buffer indexes {@code from} and {@code to}. */
    byte[] copy(int from, int to) {
        if (from < 0 || to > position || from > to) throw new IllegalArgumentException("copy of [" + from + ", " + to + ") with the cursor at " + position);
        byte[] out = new byte[to - from];
        buffer.getBytes(from, out);
        return out;
    }

    /** Refuses bytes left over after the last field: a frame has exactly one reading. */
    void expectEnd(String what) {
        if (position != end)
            throw new WireFormatException(what, where(), (end - position) + " trailing bytes after the last field");
    }

    private void need(String field, int n) {
        if (end - position < n)
            throw new WireFormatException(field, where(), "truncated: needs " + n + " bytes, " + (end - position) + " left");
    }
}
