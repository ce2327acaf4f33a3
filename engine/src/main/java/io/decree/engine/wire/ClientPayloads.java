package io.decree.engine.wire;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.protocol.Command;
import org.agrona.MutableDirectBuffer;

import static io.decree.engine.wire.Payloads.putInt;
import static io.decree.engine.wire.Payloads.putLong;

/**
 * Payload layouts of client traffic, big-endian:
 * <pre>
 *   CLIENT_REQUEST: clientId i64 | sequence i64 | read u8 (0/1) | length i32 | command payload
 *   CLIENT_REPLY:   clientId i64 | sequence i64 | status u8 | leaderHint i32
 *                   | result length i32 (-1 = null) | result | error length i32 (-1 = null) | error UTF-8
 * </pre>
 * Status codes are fixed here, not taken from the enum's ordinals, so reordering the enum cannot change
 * the format.
 */
final class ClientPayloads {
    private ClientPayloads() {}

    static int requestLength(ClientRequest m) { return 8 + 8 + 1 + 4 + m.command().payload().length; }

    static int replyLength(ClientReply m) {
        return 8 + 8 + 1 + 4 + 4 + (m.result() == null ? 0 : m.result().length) + 4 + (m.error() == null ? 0 : Utf8.length(m.error()));
    }

    static int encodeRequest(ClientRequest m, MutableDirectBuffer b, int i) { return encodeRequest(m.command(), m.read(), b, i); }

    static int encodeRequest(Command c, boolean read, MutableDirectBuffer b, int i) {
        int at = putLong(b, putLong(b, i, c.clientId()), c.sequence());
        b.putByte(at++, (byte) (read ? 1 : 0));
        at = putInt(b, at, c.payload().length);
        b.putBytes(at, c.payload());
        return at + c.payload().length;
    }

    static int encodeReply(ClientReply m, MutableDirectBuffer b, int i) {
        int at = putLong(b, putLong(b, i, m.clientId()), m.sequence());
        b.putByte(at++, (byte) statusCode(m.status()));
        at = putInt(b, at, m.leaderHint());
        if (m.result() == null) at = putInt(b, at, -1);
        else {
            at = putInt(b, at, m.result().length);
            b.putBytes(at, m.result());
            at += m.result().length;
        }
        if (m.error() == null) return putInt(b, at, -1);
        int lengthAt = at;
        at = Utf8.encode(m.error(), b, at + 4);
        putInt(b, lengthAt, at - lengthAt - 4);
        return at;
    }

    /** An OK reply from its fields, in {@link #encodeReply}'s layout (leader hint 0, no error). */
    static int encodeOk(long clientId, long sequence, byte[] result, MutableDirectBuffer b, int i) {
        int at = putLong(b, putLong(b, i, clientId), sequence);
        b.putByte(at++, (byte) statusCode(ClientReply.Status.OK));
        at = putInt(b, at, 0);
        if (result == null) at = putInt(b, at, -1);
        else {
            at = putInt(b, at, result.length);
            b.putBytes(at, result);
            at += result.length;
        }
        return putInt(b, at, -1);
    }

    static ClientRequest readRequest(PayloadCursor c, boolean build) {
        long clientId = c.i64("clientId"), sequence = c.i64("sequence");
        boolean read = c.bool("read");
        int length = c.length("command.length", false);
        if (!build) {
            c.skip("command.payload", length);
            return null;
        }
        return new ClientRequest(new Command(clientId, sequence, c.bytes("command.payload", length)), read);
    }

    static ClientReply readReply(PayloadCursor c, boolean build) {
        long clientId = c.i64("clientId"), sequence = c.i64("sequence");
        int statusAt = c.where();
        ClientReply.Status status = statusOf(c.u8("status"), statusAt);
        int leaderHint = c.i32("leaderHint");
        int resultLength = c.length("result.length", true);
        byte[] result = null;
        if (resultLength >= 0) {
            if (build) result = c.bytes("result", resultLength);
            else c.skip("result", resultLength);
        }
        int errorLength = c.length("error.length", true);
        String error = null;
        if (errorLength >= 0) {
            int errorAt = c.where();
            int bad = Utf8.firstMalformed(c.buffer(), c.position(), errorLength);
            if (bad >= 0) throw new WireFormatException("error", errorAt + bad - c.position(), "not well-formed UTF-8");
            if (build) error = c.buffer().getStringWithoutLengthUtf8(c.position(), errorLength);
            c.skip("error", errorLength);
        }
        return build ? new ClientReply(clientId, sequence, status, result, leaderHint, error) : null;
    }

    static int statusCode(ClientReply.Status status) {
        return switch (status) {
            case OK -> 0;
            case NOT_LEADER -> 1;
            case MALFORMED -> 2;
            case TOO_LARGE -> 3;
        };
    }

    private static ClientReply.Status statusOf(int code, int at) {
        return switch (code) {
            case 0 -> ClientReply.Status.OK;
            case 1 -> ClientReply.Status.NOT_LEADER;
            case 2 -> ClientReply.Status.MALFORMED;
            case 3 -> ClientReply.Status.TOO_LARGE;
            default -> throw new WireFormatException("status", at, code + " is no reply status (0 OK, 1 NOT_LEADER, 2 MALFORMED, 3 TOO_LARGE)");
        };
    }
}
