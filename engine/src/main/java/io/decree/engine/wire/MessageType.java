package io.decree.engine.wire;

import io.decree.engine.message.CatchUpReply;
import io.decree.engine.message.CatchUpRequest;
import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Commit;
import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.LeaseGrant;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Phase2b;
import io.decree.engine.message.Preempted;
import io.decree.engine.message.SnapshotChunk;
import io.decree.engine.message.SnapshotRequest;

/**
 * The type byte of a frame: one code per {@link Message} record, plus {@link #HELLO}. Codes are part of
 * the format and never reused: a retired type keeps its number. Peer-to-peer messages take 1..19, client
 * traffic 20..29, connection control 30 and up; 0 is never valid, so a zeroed buffer is refused.
 */
public enum MessageType {
    PHASE_1A(1, Phase1a.class),
    PHASE_1B(2, Phase1b.class),
    PHASE_2A(3, Phase2a.class),
    PHASE_2B(4, Phase2b.class),
    PREEMPTED(5, Preempted.class),
    COMMIT(6, Commit.class),
    HEARTBEAT(7, Heartbeat.class),
    LEASE_GRANT(8, LeaseGrant.class),
    CATCH_UP_REQUEST(9, CatchUpRequest.class),
    CATCH_UP_REPLY(10, CatchUpReply.class),
    SNAPSHOT_REQUEST(11, SnapshotRequest.class),
    SNAPSHOT_CHUNK(12, SnapshotChunk.class),
    CLIENT_REQUEST(20, ClientRequest.class),
    CLIENT_REPLY(21, ClientReply.class),
    /** First frame on every connection, both ways: who the sender says it is. Not a {@link Message}. */
    HELLO(30, null);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) {
            assert BY_CODE[t.code] == null : "two types share code " + t.code;
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final Class<? extends Message> messageClass;

    MessageType(int code, Class<? extends Message> messageClass) {
        this.code = code;
        this.messageClass = messageClass;
    }

    /** The byte on the wire. */
    public int code() { return code; }

    /** The record this type carries; null for {@link #HELLO}. */
    public Class<? extends Message> messageClass() { return messageClass; }

    /** The type of a code, or null if no type has it; allocation-free, for routing. */
    public static MessageType ofCode(int code) { return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null; }

    /** The type a message is sent as. The switch is exhaustive, so a new message fails to compile until it has a type. */
    public static MessageType of(Message message) {
        return switch (message) {
            case Phase1a m -> PHASE_1A;
            case Phase1b m -> PHASE_1B;
            case Phase2a m -> PHASE_2A;
            case Phase2b m -> PHASE_2B;
            case Preempted m -> PREEMPTED;
            case Commit m -> COMMIT;
            case Heartbeat m -> HEARTBEAT;
            case LeaseGrant m -> LEASE_GRANT;
            case CatchUpRequest m -> CATCH_UP_REQUEST;
            case CatchUpReply m -> CATCH_UP_REPLY;
            case SnapshotRequest m -> SNAPSHOT_REQUEST;
            case SnapshotChunk m -> SNAPSHOT_CHUNK;
            case ClientRequest m -> CLIENT_REQUEST;
            case ClientReply m -> CLIENT_REPLY;
        };
    }
}
