package io.decree.engine.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One client command: the client's session id, its sequence number in that session (for exactly-once
 * execution) and the opaque payload the state machine interprets. Immutable; the payload is not copied,
 * so callers must not change it after submitting.
 */
public final class Command {
    /** Client id of commands submitted without a session: never deduplicated. */
    public static final long NO_SESSION = 0L;

    private final long clientId;
    private final long sequence;
    private final byte[] payload;

    public Command(long clientId, long sequence, byte[] payload) {
        if (payload == null) throw new IllegalArgumentException("command payload is null");
        this.clientId = clientId;
        this.sequence = sequence;
        this.payload = payload;
    }

    public long clientId() { return clientId; }

    public long sequence() { return sequence; }

    public byte[] payload() { return payload; }

    /** Bytes this command takes in an encoded decree. */
    public int encodedSize() { return 8 + 8 + 4 + payload.length; }

    @Override public boolean equals(Object o) {
        return o instanceof Command c && clientId == c.clientId && sequence == c.sequence && Arrays.equals(payload, c.payload);
    }

    @Override public int hashCode() { return (Long.hashCode(clientId) * 31 + Long.hashCode(sequence)) * 31 + Arrays.hashCode(payload); }

    @Override public String toString() {
        String p = payload.length <= 16 ? HexFormat.of().formatHex(payload) : HexFormat.of().formatHex(payload, 0, 16) + "..";
        return "c" + clientId + "#" + sequence + ":" + p;
    }
}
