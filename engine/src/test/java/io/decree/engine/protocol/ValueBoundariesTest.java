package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The edges of the protocol's small values: the largest replica id a configuration may name, why an empty
 * configuration is refused, a decree's commands as a list, a learner's chosen slots, and an acceptor that
 * recovers the vote in the very slot its snapshot starts at.
 */
class ValueBoundariesTest {

    @Test
    void aConfigurationMayNameTheLargestReplicaIdAndOfSizeZeroSaysWhyNot() {
        assertEquals(Ballot.MAX_REPLICA_ID, new Configuration(1, Ballot.MAX_REPLICA_ID).member(1));
        assertEquals("a configuration needs at least one replica, got 0", assertThrows(IllegalArgumentException.class, () -> Configuration.ofSize(0)).getMessage());
        assertEquals("a configuration needs at least one replica, got -2", assertThrows(IllegalArgumentException.class, () -> Configuration.ofSize(-2)).getMessage());
        assertEquals(new Configuration(1), Configuration.ofSize(1));
    }

    @Test
    void aDecreesCommandsAreItsBatchInOrder() {
        List<Command> batch = List.of(new Command(1, 1, KvCommand.put("a", "1").encode()), new Command(2, 1, KvCommand.put("b", "2").encode()));
        assertEquals(batch, Decree.batch(batch).commands());
        assertEquals(List.of(), Decree.NOOP.commands());
    }

    @Test
    void encodeToArrayGivesANoOpItsOwnKindAndABatchItsKind() {
        // Called directly: Decree.NOOP.encoded() caches the bytes once per JVM (and PIT reuses its JVMs).
        assertEquals(DecreeCodec.KIND_NOOP, DecreeCodec.encodeToArray(Decree.NOOP)[0]);
        assertEquals(DecreeCodec.KIND_BATCH, DecreeCodec.encodeToArray(Decree.batch(List.of(new Command(1, 1, KvCommand.put("a", "1").encode()))))[0]);
    }

    @Test
    void aLearnerKnowsWhichSlotsAreChosen() {
        Learner l = new Learner(1, new InMemoryAcceptorStorage(), null, new ConfigHistory(Configuration.ofSize(3), 4), 0, Map.of());
        l.learn(3, Decree.NOOP);
        assertTrue(l.isChosen(3), "learned out of order: chosen all the same");
        assertFalse(l.isChosen(2));
        assertEquals(0, l.firstUnchosen());
    }

    @Test
    void anAcceptorRecoversTheVoteInTheSlotItsSnapshotStartsAtAndNoneBelow() {
        InMemoryAcceptorStorage storage = new InMemoryAcceptorStorage();
        long ballot = Ballot.of(3, 1);
        Decree d = Decree.batch(List.of(new Command(1, 1, KvCommand.put("k", "v").encode())));
        storage.recordVote(4, ballot, d.encoded());
        storage.recordVote(5, ballot, d.encoded());
        storage.sync();
        storage.saveSnapshot(5, new byte[] {1});
        Acceptor a = new Acceptor(1, storage, Mutants.none(), null, storage.recover(), 100, 0);
        assertEquals(ballot, a.voteBallot(5), "slot 5 is not covered by a snapshot of the slots below 5");
        assertEquals(Ballot.NONE, a.voteBallot(4), "slot 4 is");
        assertEquals(List.of(5L), a.votes().stream().map(v -> v.slot()).toList());
    }
}
