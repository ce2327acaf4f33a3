package io.decree.engine.wire;

import io.decree.engine.protocol.Ballot;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Decree;
import io.decree.engine.protocol.DecreeCodec;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * A decree inside a payload, in {@link DecreeCodec}'s format (the one storage uses), so a decree's cached
 * {@link Decree#encoded()} bytes go to the wire as they are:
 * <pre>
 *   no-op:   kind=0 u8 | count=0 i32
 *   batch:   kind=1 u8 | count i32 (>= 1) | count x (clientId i64 | sequence i64 | length i32 | payload)
 *   config:  kind=2 u8 | count i32 (1..64) | count x replicaId i32, strictly ascending, in [1, 65535]
 * </pre>
 * Reading checks the same rules as {@link DecreeCodec#decode} in place, and one more: configuration
 * members must be in ascending order, the order {@link DecreeCodec} writes, so every accepted decree has
 * exactly one encoding and re-encodes to the bytes it came from.
 */
final class DecreeWire {
    static final int KIND_NOOP = 0;
    static final int KIND_BATCH = 1;
    static final int KIND_CONFIG = 2;
    /** The smallest command: two longs and a length. */
    static final int MIN_COMMAND = 8 + 8 + 4;

    private DecreeWire() {}

    static int encodedLength(Decree decree) { return DecreeCodec.encodedSize(decree); }

    /** Copies the decree's cached encoding; returns the index after it. */
    static int encode(Decree decree, MutableDirectBuffer buffer, int index) {
        byte[] bytes = decree.encoded();
        buffer.putBytes(index, bytes);
        return index + bytes.length;
    }

    /**
     * Reads one decree at the cursor. With {@code build} false it only validates (allocating nothing) and
     * returns null; with {@code build} true it also materialises the decree. Either way every count is
     * checked against the bytes left before anything is sized by it.
     */
    static Decree read(PayloadCursor c, boolean build) {
        int kindAt = c.where();
        int kind = c.u8("decree.kind");
        return switch (kind) {
            case KIND_NOOP -> {
                int at = c.where();
                int count = c.i32("decree.count");
                if (count != 0) throw new WireFormatException("decree.count", at, count + ", a no-op decree has 0 commands");
                yield build ? Decree.NOOP : null;
            }
            case KIND_BATCH -> readBatch(c, build);
            case KIND_CONFIG -> readConfiguration(c, build);
            default -> throw new WireFormatException("decree.kind", kindAt, kind + " is no decree kind (0 no-op, 1 batch, 2 configuration)");
        };
    }

    /**
     * Reads and builds one decree, keeping a batch's bytes as its cached encoding (copied once from the
     * frame, where the payloads are copied anyway) so the receiver never encodes it again.
     */
    static Decree readKeepingEncoding(PayloadCursor c) {
        int start = c.position();
        if (c.u8("decree.kind") != KIND_BATCH) {
            c.rewind(start);
            return read(c, true);
        }
        int at = c.where();
        int count = c.count("decree.count", MIN_COMMAND);
        if (count == 0) throw new WireFormatException("decree.count", at, "0, a batch decree has at least one command");
        Command[] commands = new Command[count];
        for (int i = 0; i < count; i++) {
            long clientId = c.i64("decree.command.clientId");
            long sequence = c.i64("decree.command.sequence");
            int length = c.length("decree.command.length", false);
            commands[i] = new Command(clientId, sequence, c.bytes("decree.command.payload", length));
        }
        return Decree.batchWithEncoding(commands, c.copy(start, c.position()));
    }

    private static Decree readBatch(PayloadCursor c, boolean build) {
        int at = c.where();
        int count = c.count("decree.count", MIN_COMMAND);
        if (count == 0) throw new WireFormatException("decree.count", at, "0, a batch decree has at least one command");
        Command[] commands = build ? new Command[count] : null;
        for (int i = 0; i < count; i++) {
            long clientId = c.i64("decree.command.clientId");
            long sequence = c.i64("decree.command.sequence");
            int length = c.length("decree.command.length", false);
            if (build) commands[i] = new Command(clientId, sequence, c.bytes("decree.command.payload", length));
            else c.skip("decree.command.payload", length);
        }
        return build ? Decree.batch(Arrays.asList(commands)) : null;
    }

    private static Decree readConfiguration(PayloadCursor c, boolean build) {
        int at = c.where();
        int count = c.count("decree.count", 4);
        if (count < 1 || count > Configuration.MAX_MEMBERS)
            throw new WireFormatException("decree.count", at, count + " members, a configuration has 1 to " + Configuration.MAX_MEMBERS);
        int[] members = build ? new int[count] : null;
        int previous = 0;
        for (int i = 0; i < count; i++) {
            int memberAt = c.where();
            int id = c.i32("decree.member");
            if (id < 1 || id > Ballot.MAX_REPLICA_ID)
                throw new WireFormatException("decree.member", memberAt, "replica id " + id + " outside [1, " + Ballot.MAX_REPLICA_ID + "]");
            if (id <= previous)
                throw new WireFormatException("decree.member", memberAt, "replica id " + id + " after " + previous + ": members must be strictly ascending");
            previous = id;
            if (build) members[i] = id;
        }
        if (!build) return null;
        try {
            return Decree.reconfiguration(new Configuration(members));
        } catch (IllegalArgumentException e) {
            // Unreachable after the checks above; kept so a future Configuration rule cannot leak another exception type.
            throw new WireFormatException("decree.members", at, "invalid configuration: " + e.getMessage());
        }
    }
}
