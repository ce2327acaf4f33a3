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
import io.decree.engine.protocol.Decree;
import org.agrona.MutableDirectBuffer;

import java.util.List;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Payload layouts of the replica-to-replica messages, in field order, big-endian ({@code docs/wire.md}
 * has the table). Fixed-size messages are their record's components in declaration order; lists are an
 * i32 count then the elements; byte strings an i32 length then the bytes. Client traffic is in
 * {@link ClientPayloads}. One method per direction walks the fields, so the encoder and the reader cannot
 * disagree on an order without the round-trip property test noticing.
 */
final class Payloads {
    /** A vote: slot, ballot, and the smallest decree (a no-op). */
    private static final int MIN_VOTE = 8 + 8 + 5;
    private static final int MIN_DECREE = 5;

    private Payloads() {}

    static int length(Message message) {
        return switch (message) {
            case Phase1a m -> 16;
            case Phase1b m -> {
                int n = 8 + 8 + 8 + 4;
                for (Phase1b.Vote v : m.votes()) n += 16 + DecreeWire.encodedLength(v.decree());
                yield n;
            }
            case Phase2a m -> 16 + DecreeWire.encodedLength(m.decree());
            case Phase2b m -> 16;
            case Preempted m -> 16;
            case Commit m -> 16;
            case Heartbeat m -> 24;
            case LeaseGrant m -> 24;
            case CatchUpRequest m -> 16;
            case CatchUpReply m -> {
                int n = 8 + 4;
                for (Decree d : m.decrees()) n += DecreeWire.encodedLength(d);
                yield n;
            }
            case SnapshotRequest m -> 12;
            case SnapshotChunk m -> 8 + 4 + 4 + 4 + m.data().length;
            case ClientRequest m -> ClientPayloads.requestLength(m);
            case ClientReply m -> ClientPayloads.replyLength(m);
        };
    }

    /** Writes the payload at {@code i}; returns the index after it. */
    static int encode(Message message, MutableDirectBuffer b, int i) {
        return switch (message) {
            case Phase1a m -> putLong(b, putLong(b, i, m.ballot()), m.fromSlot());
            case Phase1b m -> {
                int at = putLong(b, putLong(b, putLong(b, i, m.ballot()), m.fromSlot()), m.compactedBelow());
                at = putInt(b, at, m.votes().size());
                for (Phase1b.Vote v : m.votes()) at = DecreeWire.encode(v.decree(), b, putLong(b, putLong(b, at, v.slot()), v.ballot()));
                yield at;
            }
            case Phase2a m -> DecreeWire.encode(m.decree(), b, putLong(b, putLong(b, i, m.ballot()), m.slot()));
            case Phase2b m -> putLong(b, putLong(b, i, m.ballot()), m.slot());
            case Preempted m -> putLong(b, putLong(b, i, m.rejected()), m.promised());
            case Commit m -> putLong(b, putLong(b, i, m.ballot()), m.slot());
            case Heartbeat m -> putLong(b, putLong(b, putLong(b, i, m.ballot()), m.firstUnchosen()), m.leaseRound());
            case LeaseGrant m -> putLong(b, putLong(b, putLong(b, i, m.ballot()), m.leaseRound()), m.firstUnchosen());
            case CatchUpRequest m -> putLong(b, putLong(b, i, m.fromSlot()), m.toSlot());
            case CatchUpReply m -> {
                int at = putInt(b, putLong(b, i, m.fromSlot()), m.decrees().size());
                for (Decree d : m.decrees()) at = DecreeWire.encode(d, b, at);
                yield at;
            }
            case SnapshotRequest m -> putInt(b, putLong(b, i, m.nextSlot()), m.offset());
            case SnapshotChunk m -> {
                int at = putInt(b, putInt(b, putInt(b, putLong(b, i, m.nextSlot()), m.offset()), m.totalLength()), m.data().length);
                b.putBytes(at, m.data());
                yield at + m.data().length;
            }
            case ClientRequest m -> ClientPayloads.encodeRequest(m, b, i);
            case ClientReply m -> ClientPayloads.encodeReply(m, b, i);
        };
    }

    /**
     * Reads a payload of {@code type} at the cursor: validates only (allocating nothing, returning null)
     * when {@code build} is false, and materialises the record when it is true. Leaves the cursor after the
     * last field; the caller refuses trailing bytes.
     */
    static Message read(MessageType type, PayloadCursor c, boolean build) {
        return switch (type) {
            case PHASE_1A -> {
                long ballot = c.i64("ballot"), fromSlot = c.i64("fromSlot");
                yield build ? new Phase1a(ballot, fromSlot) : null;
            }
            case PHASE_1B -> readPhase1b(c, build);
            case PHASE_2A -> {
                long ballot = c.i64("ballot"), slot = c.i64("slot");
                Decree decree = DecreeWire.read(c, build);
                yield build ? new Phase2a(ballot, slot, decree) : null;
            }
            case PHASE_2B -> {
                long ballot = c.i64("ballot"), slot = c.i64("slot");
                yield build ? new Phase2b(ballot, slot) : null;
            }
            case PREEMPTED -> {
                long rejected = c.i64("rejected"), promised = c.i64("promised");
                yield build ? new Preempted(rejected, promised) : null;
            }
            case COMMIT -> {
                long ballot = c.i64("ballot"), slot = c.i64("slot");
                yield build ? new Commit(ballot, slot) : null;
            }
            case HEARTBEAT -> {
                long ballot = c.i64("ballot"), firstUnchosen = c.i64("firstUnchosen"), leaseRound = c.i64("leaseRound");
                yield build ? new Heartbeat(ballot, firstUnchosen, leaseRound) : null;
            }
            case LEASE_GRANT -> {
                long ballot = c.i64("ballot"), leaseRound = c.i64("leaseRound"), firstUnchosen = c.i64("firstUnchosen");
                yield build ? new LeaseGrant(ballot, leaseRound, firstUnchosen) : null;
            }
            case CATCH_UP_REQUEST -> {
                long fromSlot = c.i64("fromSlot"), toSlot = c.i64("toSlot");
                yield build ? new CatchUpRequest(fromSlot, toSlot) : null;
            }
            case CATCH_UP_REPLY -> readCatchUpReply(c, build);
            case SNAPSHOT_REQUEST -> {
                long nextSlot = c.i64("nextSlot");
                int offset = c.i32("offset");
                yield build ? new SnapshotRequest(nextSlot, offset) : null;
            }
            case SNAPSHOT_CHUNK -> {
                long nextSlot = c.i64("nextSlot");
                int offset = c.i32("offset"), totalLength = c.i32("totalLength");
                int length = c.length("data.length", false);
                if (build) yield new SnapshotChunk(nextSlot, offset, totalLength, c.bytes("data", length));
                c.skip("data", length);
                yield null;
            }
            case CLIENT_REQUEST -> ClientPayloads.readRequest(c, build);
            case CLIENT_REPLY -> ClientPayloads.readReply(c, build);
            case HELLO -> throw new WireFormatException("type", FrameLayout.TYPE_OFFSET, "HELLO where a message was expected: a connection says HELLO once, first");
        };
    }

    private static Message readPhase1b(PayloadCursor c, boolean build) {
        long ballot = c.i64("ballot"), fromSlot = c.i64("fromSlot"), compactedBelow = c.i64("compactedBelow");
        int count = c.count("votes.count", MIN_VOTE);
        Phase1b.Vote[] votes = build ? new Phase1b.Vote[count] : null;
        for (int i = 0; i < count; i++) {
            long slot = c.i64("vote.slot"), voteBallot = c.i64("vote.ballot");
            Decree decree = DecreeWire.read(c, build);
            if (build) votes[i] = new Phase1b.Vote(slot, voteBallot, decree);
        }
        return build ? new Phase1b(ballot, fromSlot, compactedBelow, List.of(votes)) : null;
    }

    private static Message readCatchUpReply(PayloadCursor c, boolean build) {
        long fromSlot = c.i64("fromSlot");
        int count = c.count("decrees.count", MIN_DECREE);
        Decree[] decrees = build ? new Decree[count] : null;
        for (int i = 0; i < count; i++) {
            Decree d = DecreeWire.read(c, build);
            if (build) decrees[i] = d;
        }
        return build ? new CatchUpReply(fromSlot, List.of(decrees)) : null;
    }

    static int putLong(MutableDirectBuffer b, int i, long v) {
        b.putLong(i, v, BIG_ENDIAN);
        return i + 8;
    }

    static int putInt(MutableDirectBuffer b, int i, int v) {
        b.putInt(i, v, BIG_ENDIAN);
        return i + 4;
    }
}
