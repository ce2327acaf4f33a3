package io.decree.engine.wire;

import io.decree.engine.message.Flat;

/**
 * The result of {@link WireCodec#decodeFlat}: a message as a {@link Flat} kind, three longs and a reference,
 * in one object that the codec reuses for every frame (so read it before the next decode). For the kinds
 * with primitive fields only (2b, commit, heartbeat, ...) nothing is allocated; a 2a's decree and a client
 * request's command are data the replica keeps, so they are built; any other message is its record.
 */
public final class DecodedMessage {
    int kind;
    long a, b, c;
    Object ref;

    public int kind() { return kind; }

    public long a() { return a; }

    public long b() { return b; }

    public long c() { return c; }

    public Object ref() { return ref; }

    /** This message as a record (allocates; for tests and for receivers that take records). */
    public io.decree.engine.message.Message toMessage() { return Flat.toMessage(kind, a, b, c, ref); }

    /** A fresh holder for a decoded record (kind {@code RECORD}): for codecs that decode records only. */
    public static DecodedMessage of(io.decree.engine.message.Message message) { return new DecodedMessage().set(Flat.RECORD, 0, 0, 0, message); }

    DecodedMessage set(int kind, long a, long b, long c, Object ref) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.c = c;
        this.ref = ref;
        return this;
    }
}
