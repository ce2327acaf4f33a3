package io.decree.engine.wire;

import io.decree.engine.message.Flat;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Decree;
import org.agrona.MutableDirectBuffer;

import static io.decree.engine.wire.Payloads.putLong;

/**
 * Reads the payloads that have a {@link Flat} kind straight into a {@link DecodedMessage}, field by field in
 * {@link Payloads}' order (the round-trip tests compare both readers): no record, and for the kinds with
 * primitive fields only, no allocation at all. Returns null for the other types, which {@link Payloads}
 * reads into their records.
 */
final class FlatPayloads {
    private FlatPayloads() {}

    /** The frame type of a flat kind other than {@code RECORD}. */
    static MessageType type(int kind) {
        return switch (kind) {
            case Flat.PHASE_1A -> MessageType.PHASE_1A;
            case Flat.PHASE_2A -> MessageType.PHASE_2A;
            case Flat.PHASE_2B -> MessageType.PHASE_2B;
            case Flat.PREEMPTED -> MessageType.PREEMPTED;
            case Flat.COMMIT -> MessageType.COMMIT;
            case Flat.HEARTBEAT -> MessageType.HEARTBEAT;
            case Flat.LEASE_GRANT -> MessageType.LEASE_GRANT;
            case Flat.CLIENT_REQUEST -> MessageType.CLIENT_REQUEST;
            case Flat.CLIENT_REPLY_OK -> MessageType.CLIENT_REPLY;
            default -> throw new IllegalArgumentException("no wire type for message kind " + kind);
        };
    }

    /** Payload bytes of a flat message (not {@code RECORD}): what {@link Payloads#length} says of its record. */
    static int length(int kind, Object ref) {
        return switch (kind) {
            case Flat.PHASE_1A, Flat.PHASE_2B, Flat.PREEMPTED, Flat.COMMIT -> 16;
            case Flat.PHASE_2A -> 16 + DecreeWire.encodedLength((Decree) ref);
            case Flat.HEARTBEAT, Flat.LEASE_GRANT -> 24;
            case Flat.CLIENT_REQUEST -> 8 + 8 + 1 + 4 + ((Command) ref).payload().length;
            case Flat.CLIENT_REPLY_OK -> 8 + 8 + 1 + 4 + 4 + (ref == null ? 0 : ((byte[]) ref).length) + 4;
            default -> throw new IllegalArgumentException("no wire type for message kind " + kind);
        };
    }

    /** Writes the payload of a flat message at {@code i}, in its record's layout; returns the index after it. */
    static int encode(int kind, long a, long b, long c, Object ref, MutableDirectBuffer buf, int i) {
        return switch (kind) {
            case Flat.PHASE_1A, Flat.PHASE_2B, Flat.PREEMPTED, Flat.COMMIT -> putLong(buf, putLong(buf, i, a), b);
            case Flat.PHASE_2A -> DecreeWire.encode((Decree) ref, buf, putLong(buf, putLong(buf, i, a), b));
            case Flat.HEARTBEAT, Flat.LEASE_GRANT -> putLong(buf, putLong(buf, putLong(buf, i, a), b), c);
            case Flat.CLIENT_REQUEST -> ClientPayloads.encodeRequest((Command) ref, a != 0, buf, i);
            case Flat.CLIENT_REPLY_OK -> ClientPayloads.encodeOk(a, b, (byte[]) ref, buf, i);
            default -> throw new IllegalArgumentException("no wire type for message kind " + kind);
        };
    }

    static DecodedMessage read(MessageType type, PayloadCursor c, DecodedMessage into) {
        return switch (type) {
            case PHASE_1A -> into.set(Flat.PHASE_1A, c.i64("ballot"), c.i64("fromSlot"), 0, null);
            case PHASE_2A -> {
                long ballot = c.i64("ballot"), slot = c.i64("slot");
                yield into.set(Flat.PHASE_2A, ballot, slot, 0, DecreeWire.readKeepingEncoding(c));
            }
            case PHASE_2B -> into.set(Flat.PHASE_2B, c.i64("ballot"), c.i64("slot"), 0, null);
            case PREEMPTED -> into.set(Flat.PREEMPTED, c.i64("rejected"), c.i64("promised"), 0, null);
            case COMMIT -> into.set(Flat.COMMIT, c.i64("ballot"), c.i64("slot"), 0, null);
            case HEARTBEAT -> into.set(Flat.HEARTBEAT, c.i64("ballot"), c.i64("firstUnchosen"), c.i64("leaseRound"), null);
            case LEASE_GRANT -> into.set(Flat.LEASE_GRANT, c.i64("ballot"), c.i64("leaseRound"), c.i64("firstUnchosen"), null);
            case CLIENT_REQUEST -> {
                long clientId = c.i64("clientId"), sequence = c.i64("sequence");
                boolean read = c.bool("read");
                int length = c.length("command.length", false);
                yield into.set(Flat.CLIENT_REQUEST, read ? 1 : 0, 0, 0, new Command(clientId, sequence, c.bytes("command.payload", length)));
            }
            default -> null;
        };
    }
}
