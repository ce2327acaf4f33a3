package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.protocol.DecreeCodec.MalformedDecreeException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The protocol's value types at their edges: ballot packing and ordering, configuration quorums, the decree
 * codec's layout and its refusals, option validation and the mutant switch.
 */
class ProtocolValuesTest {

    @Test
    void ballotsPackRoundAboveReplicaAndOrderByRoundFirst() {
        long b = Ballot.of(5, 3);
        assertEquals((5L << 16) | 3, b);
        assertEquals(5, Ballot.round(b));
        assertEquals(3, Ballot.replica(b));
        assertTrue(Ballot.of(5, 1) > Ballot.of(4, Ballot.MAX_REPLICA_ID), "a higher round wins whatever the replica");
        assertEquals(Ballot.of(6, 2), Ballot.next(Ballot.of(5, 9), 2), "next is one round above what was seen, owned by the caller");
        assertEquals(Ballot.of(Ballot.MAX_ROUND, Ballot.MAX_REPLICA_ID), Ballot.of(Ballot.MAX_ROUND, 0xFFFF));
        assertEquals(0, Ballot.replica(Ballot.of(7, 0)));
        assertThrows(IllegalArgumentException.class, () -> Ballot.of(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> Ballot.of(Ballot.MAX_ROUND + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Ballot.of(1, -1));
        assertThrows(IllegalArgumentException.class, () -> Ballot.of(1, Ballot.MAX_REPLICA_ID + 1));
        assertEquals("(5,3)", Ballot.toString(b));
    }

    @Test
    void configurationsAreSortedSetsWithMajorityQuorums() {
        Configuration c = new Configuration(5, 1, 3);
        assertArrayEquals(new int[] {1, 3, 5}, c.members());
        assertEquals(3, c.size());
        assertEquals(1, c.member(0));
        assertEquals(2, c.quorumSize());
        assertEquals(3, new Configuration(1, 2, 3, 4).quorumSize(), "an even size needs more than half");
        assertEquals(1, new Configuration(7).quorumSize());
        assertTrue(c.contains(3));
        assertFalse(c.contains(2));
        assertEquals(2, c.indexOf(5));
        assertEquals(-1, c.indexOf(4));
        assertEquals(2, c.count(r -> r > 1));
        assertEquals(c, new Configuration(1, 3, 5));
        assertEquals(c.hashCode(), new Configuration(3, 5, 1).hashCode());
        assertNotEquals(c, new Configuration(1, 3));
        assertEquals("[1, 3, 5]", c.toString());
        int[] copy = c.members();
        copy[0] = 99;
        assertEquals(1, c.member(0), "members() hands out a copy");
        assertEquals(new Configuration(1, 2, 3), Configuration.ofSize(3));
        assertThrows(IllegalArgumentException.class, Configuration::new);
        assertThrows(IllegalArgumentException.class, () -> new Configuration(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Configuration(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Configuration(1, Ballot.MAX_REPLICA_ID + 1));
        assertEquals(Configuration.MAX_MEMBERS, Configuration.ofSize(Configuration.MAX_MEMBERS).size());
        assertThrows(IllegalArgumentException.class, () -> Configuration.ofSize(Configuration.MAX_MEMBERS + 1));
        assertThrows(IllegalArgumentException.class, () -> Configuration.ofSize(0));
    }

    @Test
    void commandsCompareByAllThreeFieldsAndPrintTheirPayloadShort() {
        Command a = new Command(1, 2, new byte[] {1, 2});
        assertEquals(new Command(1, 2, new byte[] {1, 2}), a);
        assertEquals(new Command(1, 2, new byte[] {1, 2}).hashCode(), a.hashCode());
        assertNotEquals(new Command(9, 2, new byte[] {1, 2}), a);
        assertNotEquals(new Command(1, 9, new byte[] {1, 2}), a);
        assertNotEquals(new Command(1, 2, new byte[] {1, 3}), a);
        assertNotEquals(new Command(9, 2, new byte[] {1, 2}).hashCode(), a.hashCode());
        assertNotEquals(new Command(1, 9, new byte[] {1, 2}).hashCode(), a.hashCode());
        assertEquals(8 + 8 + 4 + 2, a.encodedSize());
        assertEquals("c1#2:0102", a.toString());
        assertEquals("c0#0:" + "00".repeat(16) + "..", new Command(0, 0, new byte[17]).toString());
        assertEquals("c0#0:" + "00".repeat(16), new Command(0, 0, new byte[16]).toString());
        assertThrows(IllegalArgumentException.class, () -> new Command(1, 1, null));
    }

    @Test
    void decreesRoundTripThroughTheirCodecInTheDocumentedLayout() {
        Command c1 = new Command(7, 8, new byte[] {9});
        Decree batch = Decree.batch(List.of(c1, new Command(1, 2, new byte[0])));
        byte[] bytes = batch.encoded();
        assertEquals(DecreeCodec.encodedSize(batch), bytes.length);
        assertEquals(1 + 4 + (20 + 1) + 20, bytes.length);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertEquals(DecreeCodec.KIND_BATCH, in.get());
        assertEquals(2, in.getInt());
        assertEquals(7, in.getLong());
        assertEquals(8, in.getLong());
        assertEquals(1, in.getInt());
        assertEquals(batch, DecreeCodec.decode(bytes));
        assertEquals(batch.commands(), DecreeCodec.decode(bytes).commands());
        assertEquals(2, batch.size());
        assertSame(c1, batch.command(0));
        assertFalse(batch.isNoop());
        assertFalse(batch.isReconfiguration());
        assertEquals("[c7#8:09, c1#2:]", batch.toString());

        Decree config = Decree.reconfiguration(new Configuration(2, 4));
        assertEquals(1 + 4 + 8, config.encoded().length);
        assertEquals(DecreeCodec.KIND_CONFIG, config.encoded()[0]);
        Decree back = DecreeCodec.decode(config.encoded());
        assertTrue(back.isReconfiguration());
        assertFalse(back.isNoop());
        assertEquals(new Configuration(2, 4), back.configuration());
        assertEquals("config[2, 4]", config.toString());

        assertEquals(5, Decree.NOOP.encoded().length);
        assertSame(Decree.NOOP, DecreeCodec.decode(Decree.NOOP.encoded()));
        assertTrue(Decree.NOOP.isNoop());
        assertEquals("noop", Decree.NOOP.toString());
        assertSame(Decree.NOOP, Decree.ofArray(new Command[0]));
        assertEquals(1, Decree.ofArray(new Command[] {c1}).size());

        assertEquals(batch, Decree.batch(List.of(c1, new Command(1, 2, new byte[0]))), "equal by content");
        assertEquals(batch.hashCode(), Decree.batch(List.of(c1, new Command(1, 2, new byte[0]))).hashCode());
        assertNotEquals(batch, Decree.batch(List.of(c1)));
        assertNotEquals(batch.fingerprint(), Decree.batch(List.of(c1)).fingerprint());
        assertNotEquals(0, batch.fingerprint(), "0 means not computed yet");
        assertEquals(batch.fingerprint(), batch.fingerprint());
        assertThrows(IllegalArgumentException.class, () -> Decree.batch(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Decree.reconfiguration(null));
    }

    @Test
    void theDecreeCodecRefusesMalformedBytesWithTheReason() {
        byte[] good = Decree.batch(List.of(new Command(1, 1, new byte[] {5, 6}))).encoded();
        assertTrue(refusal(new byte[] {1, 0, 0}).contains("truncated"));
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertTrue(refusal(trailing).contains("1 trailing bytes"), refusal(trailing));
        assertTrue(refusal(new byte[] {0, 0, 0, 0, 1}).contains("no-op decree with 1 commands"));
        assertTrue(refusal(new byte[] {3, 0, 0, 0, 0}).contains("unknown decree kind 3"));
        assertTrue(refusal(new byte[] {1, 0, 0, 0, 0}).contains("impossible command count 0"));
        byte[] hugeCount = good.clone();
        ByteBuffer.wrap(hugeCount).putInt(1, 2); // two commands claimed, one's bytes present
        assertTrue(refusal(hugeCount).contains("impossible command count 2"), refusal(hugeCount));
        byte[] longPayload = good.clone();
        ByteBuffer.wrap(longPayload).putInt(1 + 4 + 16, 3);
        assertTrue(refusal(longPayload).contains("claims 3 payload bytes, 2 remain"), refusal(longPayload));
        byte[] negativePayload = good.clone();
        ByteBuffer.wrap(negativePayload).putInt(1 + 4 + 16, -1);
        assertTrue(refusal(negativePayload).contains("claims -1 payload bytes"), refusal(negativePayload));
        byte[] exact = good.clone(); // a payload length equal to what remains is fine
        assertEquals(2, DecreeCodec.decode(exact).command(0).payload().length);
        assertTrue(refusal(new byte[] {2, 0, 0, 0, 2, 0, 0, 0, 1}).contains("impossible member count 2"));
        assertTrue(refusal(new byte[] {2, -1, -1, -1, -1}).contains("impossible member count -1"));
        assertTrue(refusal(new byte[] {2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1}).contains("configuration decree: configuration names replica 1 twice"));
        assertEquals(new Configuration(1), DecreeCodec.decode(new byte[] {2, 0, 0, 0, 1, 0, 0, 0, 1}).configuration(), "a count that exactly fits");
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(MalformedDecreeException.class, () -> DecreeCodec.decode(bytes)).getMessage();
    }

    @Test
    void optionsRefuseValuesThatCannotWorkAndDeriveTheLeaderLeaseFromTheDrift() {
        ReplicaOptions d = ReplicaOptions.defaults();
        assertEquals((long) Math.floor(150 * 0.95 / 1.05), d.leaderLease());
        assertEquals(150, d.withMaxClockDrift(0).leaderLease());
        assertEquals(7, d.withWindow(7).window());
        assertEquals(3, d.withMaxBatchCommands(3).maxBatchCommands());
        assertEquals(99, d.withRequestTimeout(99).requestTimeout());
        assertEquals(0.25, d.withMaxClockDrift(0.25).maxClockDrift());
        assertEquals(10, d.withSnapshots(10, 128).snapshotInterval());
        assertEquals(128, d.withSnapshots(10, 128).snapshotChunkBytes());
        assertEquals(0, d.withSnapshots(0, 1).snapshotInterval(), "0: no checkpoints");
        assertThrows(IllegalArgumentException.class, () -> d.withWindow(0));
        assertThrows(IllegalArgumentException.class, () -> d.withSnapshots(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> d.withSnapshots(1, 0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxClockDrift(1));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxClockDrift(-0.01));
        assertEquals(0.999, d.withMaxClockDrift(0.999).maxClockDrift());
        assertThrows(IllegalArgumentException.class, () -> d.withMaxClockDrift(Double.NaN));
        // maxCommandBytes equal to maxBatchBytes is allowed, above it is not.
        new ReplicaOptions(32, 256, 100, 100, 20, 150, 150, 40, 2_000, 64, 150, 0.05, 0, 64);
        assertThrows(IllegalArgumentException.class, () -> new ReplicaOptions(32, 256, 100, 101, 20, 150, 150, 40, 2_000, 64, 150, 0.05, 0, 64));
        // heartbeat must be strictly below the election time-out; the lease may equal it.
        assertThrows(IllegalArgumentException.class, () -> new ReplicaOptions(32, 256, 100, 100, 150, 150, 150, 40, 2_000, 64, 150, 0.05, 0, 64));
        new ReplicaOptions(32, 256, 100, 100, 149, 150, 150, 40, 2_000, 64, 150, 0.05, 0, 64);
        assertThrows(IllegalArgumentException.class, () -> new ReplicaOptions(32, 256, 100, 100, 20, 150, 150, 40, 2_000, 64, 151, 0.05, 0, 64));
        String message = assertThrows(IllegalArgumentException.class, () -> new ReplicaOptions(32, 256, 100, 100, 20, 150, 0, 40, 2_000, 64, 150, 0.05, 0, 64)).getMessage();
        assertEquals("electionTimeoutRange must be positive, got 0", message);
        new ReplicaOptions(1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 0, 0, 1); // the smallest valid values
    }

    @Test
    void mutantsAreOffUnlessATestJvmSwitchesThemOn() {
        assertFalse(Mutants.none().has(Mutant.VOTE_BELOW_PROMISE));
        assertTrue(Mutants.none().isEmpty());
        assertSame(Mutants.none(), Mutants.enable(Set.of()));
        String allowed = System.getProperty(Mutants.ALLOW_PROPERTY);
        try {
            System.setProperty(Mutants.ALLOW_PROPERTY, "allowed");
            Mutants one = Mutants.enable(Set.of(Mutant.VOTE_BELOW_PROMISE));
            assertTrue(one.has(Mutant.VOTE_BELOW_PROMISE));
            assertFalse(one.has(Mutant.NO_VALUE_ADOPTION));
            assertFalse(one.isEmpty());
            assertEquals("[VOTE_BELOW_PROMISE]", one.toString());
            System.clearProperty(Mutants.ALLOW_PROPERTY);
            assertThrows(IllegalStateException.class, () -> Mutants.enable(Set.of(Mutant.VOTE_BELOW_PROMISE)));
        } finally {
            if (allowed == null) System.clearProperty(Mutants.ALLOW_PROPERTY);
            else System.setProperty(Mutants.ALLOW_PROPERTY, allowed);
        }
    }
}
