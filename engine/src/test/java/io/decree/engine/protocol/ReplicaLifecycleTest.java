package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Message;
import io.decree.engine.metrics.ReplicaMetrics;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * A replica's construction and what it reports: the builder refuses a missing part or an impossible id
 * naming it, a restart from a stored snapshot restores the state and the membership it recorded (and
 * refuses a snapshot stored under another slot), and the metrics count what happened.
 */
class ReplicaLifecycleTest {
    private static final Environment ENV = new Environment() {
        final SplittableRandom random = new SplittableRandom(1);

        @Override public long now() { return 0; }

        @Override public RandomGenerator random() { return random; }

        @Override public void send(int to, Message message) { }
    };

    private static Replica.Builder complete(int id, InMemoryAcceptorStorage storage) {
        return Replica.builder().id(id).configuration(Configuration.ofSize(3)).environment(ENV).stateMachine(new KvStateMachine()).storage(storage);
    }

    @Test
    void theBuilderRefusesMissingPartsAndIdsOutsideTheBallotRange() {
        InMemoryAcceptorStorage s = new InMemoryAcceptorStorage();
        assertEquals("replica configuration is not set", assertThrows(IllegalArgumentException.class, () -> complete(1, s).configuration(null).build()).getMessage());
        assertEquals("replica environment is not set", assertThrows(IllegalArgumentException.class, () -> complete(1, s).environment(null).build()).getMessage());
        assertEquals("replica stateMachine is not set", assertThrows(IllegalArgumentException.class, () -> complete(1, s).stateMachine(null).build()).getMessage());
        assertEquals("replica storage is not set", assertThrows(IllegalArgumentException.class, () -> complete(1, s).storage(null).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> complete(1, s).checkpointWriter(null));
        assertThrows(IllegalArgumentException.class, () -> complete(0, s).build());
        assertThrows(IllegalArgumentException.class, () -> complete(Ballot.MAX_REPLICA_ID + 1, s).build());
        assertEquals(1, complete(1, s).build().id());
        assertEquals(Ballot.MAX_REPLICA_ID, complete(Ballot.MAX_REPLICA_ID, new InMemoryAcceptorStorage()).build().id(), "the largest id is allowed");
    }

    @Test
    void aRestartFromAStoredSnapshotRestoresStateAndMembershipAndRefusesAMismatchedSlot() {
        Executor executor = new Executor(new KvStateMachine(), Mutants.none());
        Learner learner = new Learner(1, new InMemoryAcceptorStorage(), null, new ConfigHistory(Configuration.ofSize(3), 32), 0, Map.of());
        for (long slot = 0; slot < 4; slot++) learner.learn(slot, Decree.batch(java.util.List.of(new Command(0, slot, KvCommand.put("k", "v" + slot).encode()))));
        executor.applyChosen(learner, (s, c, r, d) -> { });
        Configuration changed = new Configuration(1, 2, 3, 4);
        byte[] snapshot = executor.snapshot(Map.of(1L, changed)).encode();

        InMemoryAcceptorStorage storage = new InMemoryAcceptorStorage();
        storage.saveSnapshot(4, snapshot);
        Replica r = complete(2, storage).options(ReplicaOptions.defaults().withWindow(2)).build();
        assertEquals(4, r.applied());
        assertEquals(4, r.firstUnchosen());
        assertEquals(4, r.snapshotSlot());
        assertEquals(executor.appliedDigest(), r.appliedDigest());
        assertEquals(changed, r.latestConfiguration(), "the membership recorded in the snapshot");
        assertEquals(changed, r.configuration(), "governs slot 4 = change slot 1 + window 2 + 1");

        InMemoryAcceptorStorage wrong = new InMemoryAcceptorStorage();
        wrong.saveSnapshot(3, snapshot);
        Snapshot.CorruptSnapshotException e = assertThrows(Snapshot.CorruptSnapshotException.class, () -> complete(2, wrong).build());
        assertTrue(e.getMessage().contains("covers slots below 4, storage recorded it as below 3"), e.getMessage());
    }

    @Test
    void theMetricsCountElectionsProposalsSyncsAndExecutedCommands() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 21);
        Replica leader = c.awaitLeader();
        for (int i = 0; i < 3; i++) c.submit(leader, KvCommand.put("m", "" + i).encode());
        c.runUntil(() -> c.replica(1).applied() == 3 && c.replica(2).applied() == 3 && c.replica(3).applied() == 3, 2_000, "all apply");
        ReplicaMetrics m = leader.metrics();
        assertEquals(3, m.decreesProposed.get());
        assertEquals(3, m.decreesChosen.get());
        assertEquals(3, m.commandsExecuted.get(), "the leader answered three local commands");
        assertEquals(1, m.leaderships.get());
        assertTrue(m.syncs.get() >= 4, "the promise and each vote were synced: " + m.syncs.get());
        assertTrue(m.flushes.get() > 0);
        for (int id = 1; id <= 3; id++) assertEquals(3, c.replica(id).metrics().decreesChosen.get(), "replica " + id + " applied three decrees");
    }
}
