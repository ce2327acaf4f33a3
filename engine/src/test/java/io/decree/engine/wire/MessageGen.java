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
import io.decree.engine.protocol.Ballot;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Decree;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Generates every {@link Message} type with field values that favour the edges: 0, ±1, Long/Integer
 * MIN and MAX, empty byte strings and lists, no-op and reconfiguration decrees, null reply result and
 * error, and strings with multi-byte and supplementary characters. Draws go through QuickTheories'
 * {@link RandomnessSource}, so a failure shrinks.
 */
final class MessageGen implements Gen<Message> {
    private static final long[] EDGE_LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final int[] EDGE_INTS = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};
    private static final String[] EDGE_STRINGS = {"", "not the leader", "é", "€", "\uD83D\uDE00 emoji", "\u0000nul", "日本語"};

    private final int maxBytes;

    /** {@code maxBytes}: the longest byte string (command payload, chunk, result) to generate. */
    MessageGen(int maxBytes) { this.maxBytes = maxBytes; }

    @Override public Message generate(RandomnessSource in) {
        MessageType type = MessageType.values()[(int) in.next(Constraint.between(0, MessageType.values().length - 2))];
        return switch (type) {
            case PHASE_1A -> new Phase1a(anyLong(in), anyLong(in));
            case PHASE_1B -> {
                List<Phase1b.Vote> votes = new ArrayList<>();
                for (int i = 0, n = small(in, 4); i < n; i++) votes.add(new Phase1b.Vote(anyLong(in), anyLong(in), decree(in)));
                yield new Phase1b(anyLong(in), anyLong(in), anyLong(in), votes);
            }
            case PHASE_2A -> new Phase2a(anyLong(in), anyLong(in), decree(in));
            case PHASE_2B -> new Phase2b(anyLong(in), anyLong(in));
            case PREEMPTED -> new Preempted(anyLong(in), anyLong(in));
            case COMMIT -> new Commit(anyLong(in), anyLong(in));
            case HEARTBEAT -> new Heartbeat(anyLong(in), anyLong(in), anyLong(in));
            case LEASE_GRANT -> new LeaseGrant(anyLong(in), anyLong(in), anyLong(in));
            case CATCH_UP_REQUEST -> new CatchUpRequest(anyLong(in), anyLong(in));
            case CATCH_UP_REPLY -> {
                List<Decree> decrees = new ArrayList<>();
                for (int i = 0, n = small(in, 4); i < n; i++) decrees.add(decree(in));
                yield new CatchUpReply(anyLong(in), decrees);
            }
            case SNAPSHOT_REQUEST -> new SnapshotRequest(anyLong(in), anyInt(in));
            case SNAPSHOT_CHUNK -> new SnapshotChunk(anyLong(in), anyInt(in), anyInt(in), bytes(in));
            case CLIENT_REQUEST -> new ClientRequest(command(in), in.next(Constraint.between(0, 1)) == 1);
            case CLIENT_REPLY -> {
                ClientReply.Status status = ClientReply.Status.values()[(int) in.next(Constraint.between(0, ClientReply.Status.values().length - 1))];
                byte[] result = in.next(Constraint.between(0, 2)) == 0 ? null : bytes(in);
                String error = in.next(Constraint.between(0, 2)) == 0 ? null : string(in);
                yield new ClientReply(anyLong(in), anyLong(in), status, result, anyInt(in), error);
            }
            case HELLO -> throw new AssertionError("HELLO is no Message");
        };
    }

    @Override public String asString(Message m) { return describe(m); }

    static long anyLong(RandomnessSource in) {
        if (in.next(Constraint.between(0, 2)) == 0) return EDGE_LONGS[(int) in.next(Constraint.between(0, EDGE_LONGS.length - 1))];
        return in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE).withShrinkPoint(0));
    }

    static int anyInt(RandomnessSource in) {
        if (in.next(Constraint.between(0, 2)) == 0) return EDGE_INTS[(int) in.next(Constraint.between(0, EDGE_INTS.length - 1))];
        return (int) in.next(Constraint.between(Integer.MIN_VALUE, Integer.MAX_VALUE).withShrinkPoint(0));
    }

    private static int small(RandomnessSource in, int max) { return (int) in.next(Constraint.between(0, max)); }

    private byte[] bytes(RandomnessSource in) {
        long shape = in.next(Constraint.between(0, 9));
        int n = shape == 0 ? 0 : shape == 1 ? maxBytes : (int) in.next(Constraint.between(0, Math.min(64, maxBytes)));
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) in.next(Constraint.between(-128, 127));
        return b;
    }

    private Command command(RandomnessSource in) { return new Command(anyLong(in), anyLong(in), bytes(in)); }

    private Decree decree(RandomnessSource in) {
        return switch ((int) in.next(Constraint.between(0, 2))) {
            case 0 -> Decree.NOOP;
            case 1 -> {
                // A reconfiguration: 1..8 distinct ids anywhere in [1, MAX_REPLICA_ID], given in any order.
                TreeSet<Integer> ids = new TreeSet<>();
                for (int i = 0, n = 1 + small(in, 7); i < n; i++) ids.add((int) in.next(Constraint.between(1, Ballot.MAX_REPLICA_ID)));
                yield Decree.reconfiguration(new Configuration(ids.descendingSet().stream().mapToInt(Integer::intValue).toArray()));
            }
            default -> {
                List<Command> commands = new ArrayList<>();
                for (int i = 0, n = 1 + small(in, 3); i < n; i++) commands.add(command(in));
                yield Decree.batch(commands);
            }
        };
    }

    private static String string(RandomnessSource in) {
        if (in.next(Constraint.between(0, 1)) == 0) return EDGE_STRINGS[(int) in.next(Constraint.between(0, EDGE_STRINGS.length - 1))];
        StringBuilder s = new StringBuilder();
        for (int i = 0, n = small(in, 12); i < n; i++) s.appendCodePoint(codePoint(in));
        return s.toString();
    }

    /** Any Unicode scalar value (no lone surrogates: those cannot round-trip through UTF-8 in any codec). */
    private static int codePoint(RandomnessSource in) {
        int cp = (int) in.next(Constraint.between(0, Character.MAX_CODE_POINT));
        return cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE ? 'x' : cp;
    }

    /** Field-by-field equality; records compare byte arrays by reference, so those are compared here. */
    static boolean same(Message a, Message b) {
        if (a instanceof SnapshotChunk x && b instanceof SnapshotChunk y)
            return x.nextSlot() == y.nextSlot() && x.offset() == y.offset() && x.totalLength() == y.totalLength() && Arrays.equals(x.data(), y.data());
        if (a instanceof ClientReply x && b instanceof ClientReply y)
            return x.clientId() == y.clientId() && x.sequence() == y.sequence() && x.status() == y.status()
                    && Arrays.equals(x.result(), y.result()) && x.leaderHint() == y.leaderHint() && Objects.equals(x.error(), y.error());
        return a.equals(b);
    }

    static String describe(Message m) {
        String s = m.toString();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
