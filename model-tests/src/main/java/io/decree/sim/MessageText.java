package io.decree.sim;

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
import io.decree.engine.protocol.Ballot;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;

/**
 * Deterministic renderings of messages for event traces: a readable line, and a 64-bit digest that is the
 * same in every run of the same seed (records holding arrays hash by identity, so they cannot be used).
 */
final class MessageText {
    private MessageText() {}

    static String describe(Message message) {
        return switch (message) {
            case Phase1a m -> "Phase1a" + b(m.ballot()) + " from slot " + m.fromSlot();
            case Phase1b m -> "Phase1b" + b(m.ballot()) + " votes=" + m.votes().size() + (m.compactedBelow() > 0 ? " compacted<" + m.compactedBelow() : "");
            case Phase2a m -> "Phase2a" + b(m.ballot()) + " slot " + m.slot() + " " + decree(m);
            case Phase2b m -> "Phase2b" + b(m.ballot()) + " slot " + m.slot();
            case Preempted m -> "Preempted " + b(m.rejected()) + " < promised " + b(m.promised());
            case Commit m -> "Commit" + b(m.ballot()) + " slot " + m.slot();
            case Heartbeat m -> "Heartbeat" + b(m.ballot()) + " firstUnchosen=" + m.firstUnchosen() + " round " + m.leaseRound();
            case LeaseGrant m -> "LeaseGrant" + b(m.ballot()) + " round " + m.leaseRound() + " firstUnchosen=" + m.firstUnchosen();
            case CatchUpRequest m -> "CatchUpRequest [" + m.fromSlot() + "," + m.toSlot() + ")";
            case CatchUpReply m -> "CatchUpReply from " + m.fromSlot() + " x" + m.decrees().size();
            case SnapshotRequest m -> "SnapshotRequest below " + m.nextSlot() + " @" + m.offset();
            case SnapshotChunk m -> "SnapshotChunk below " + m.nextSlot() + " [" + m.offset() + "," + (m.offset() + m.data().length) + ")/" + m.totalLength();
            case ClientRequest m -> (m.read() ? "ClientRead c" : "ClientRequest c") + m.command().clientId() + "#" + m.command().sequence() + " " + command(m.command().payload());
            case ClientReply m -> "ClientReply c" + m.clientId() + "#" + m.sequence() + " " + m.status()
                    + (m.status() == ClientReply.Status.OK ? " " + KvStateMachine.result(m.result()) : m.leaderHint() > 0 ? " hint=" + m.leaderHint() : "");
        };
    }

    static long digest(Message message) {
        long h = message.getClass().getSimpleName().hashCode();
        return switch (message) {
            case Phase1a m -> mix(h, m.ballot(), m.fromSlot());
            case Phase1b m -> mix(h, m.ballot(), m.votes().size());
            case Phase2a m -> mix(mix(h, m.ballot(), m.slot()), m.decree().fingerprint(), 0);
            case Phase2b m -> mix(h, m.ballot(), m.slot());
            case Preempted m -> mix(h, m.rejected(), m.promised());
            case Commit m -> mix(h, m.ballot(), m.slot());
            case Heartbeat m -> mix(mix(h, m.ballot(), m.firstUnchosen()), m.leaseRound(), 0);
            case LeaseGrant m -> mix(h, m.ballot(), m.leaseRound());
            case CatchUpRequest m -> mix(h, m.fromSlot(), m.toSlot());
            case CatchUpReply m -> mix(h, m.fromSlot(), m.decrees().size());
            case SnapshotRequest m -> mix(h, m.nextSlot(), m.offset());
            case SnapshotChunk m -> mix(mix(h, m.nextSlot(), m.offset()), m.totalLength(), m.data().length);
            case ClientRequest m -> mix(mix(h, m.command().clientId(), m.command().sequence()), m.read() ? 1 : 0, 0);
            case ClientReply m -> mix(mix(h, m.clientId(), m.sequence()), m.status().ordinal(), m.leaderHint());
        };
    }

    static long mix(long h, long a, long b) {
        h = (h ^ a) * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 29) ^ b) * 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 32);
    }

    private static String b(long ballot) { return Ballot.toString(ballot); }

    private static String decree(Phase2a m) { return m.decree().isNoop() ? "noop" : m.decree().size() + " cmd"; }

    private static String command(byte[] payload) {
        try {
            return KvCommand.decode(payload).toString();
        } catch (RuntimeException e) {
            return payload.length + " bytes";
        }
    }
}
