package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.NotLeaderException;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Proposer;
import io.decree.engine.protocol.Replica;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Membership changes, one scenario at a time (random sequences under faults are ReconfigurationSeedsTest's):
 * a new replica catches up before it counts, a removed leader steps down and the new configuration goes on,
 * a lagging replica is brought up to date by a snapshot, and bad requests are refused with the reason and
 * change nothing. Every run is checked by the simulator's invariants and replayed through the spec mirror.
 */
class ReconfigurationTest {
    private static final SimConfig CONFIG = SimConfig.defaults().withClients(0, 0).withSpares(2).withSnapshots(16);

    private static ClusterDriver cluster(long seed) {
        TraceValidator validator = TraceValidator.forRun(CONFIG);
        ClusterDriver c = new ClusterDriver(seed, CONFIG, validator);
        c.awaitLeader();
        return c;
    }

    private static long await(ClusterDriver c, CompletableFuture<Long> change) {
        assertTrue(c.sim.runUntil(change::isDone, c.sim.now() + 30_000), "no outcome within 30 s");
        try {
            return change.get();
        } catch (ExecutionException | InterruptedException e) {
            throw new AssertionError("the change failed", e);
        }
    }

    private static void load(ClusterDriver c, int commands) {
        for (int i = 0; i < commands; i++) c.execute(KvCommand.put("k" + i % 5, "v" + i).encode());
    }

    @Test
    void anAddedReplicaCatchesUpBeforeItCountsThenVotes() {
        ClusterDriver c = cluster(1);
        load(c, 60); // more than three snapshot intervals: the new replica needs a snapshot, not the log
        int leader = c.awaitLeader();
        long leaderFirst = c.sim.replica(leader).firstUnchosen();
        long from = await(c, c.sim.reconfigure(leader, new Configuration(1, 2, 3, 4)));
        Replica added = c.sim.replica(4);
        assertTrue(added.snapshotsInstalled() >= 1, "replica 4 was brought up by a snapshot");
        assertTrue(from >= leaderFirst + CONFIG.options().window(), "the change governs alpha slots after it was chosen, at " + from);
        load(c, 20);
        assertEquals(new Configuration(1, 2, 3, 4), added.configuration());
        // Replica 4 counts now: with one old member down, a quorum of 3 of [1, 2, 3, 4] needs its vote.
        // (Faults here are injected: a fault-free schedule's network faults end at t=0, so CRASH, not ISOLATE.)
        int other = java.util.stream.IntStream.rangeClosed(1, 3).filter(r -> r != c.awaitLeader()).findFirst().orElseThrow();
        c.sim.inject(new FaultEvent(c.sim.now(), FaultEvent.Kind.CRASH, other, 0));
        load(c, 10);
        Replica l = c.sim.replica(c.awaitLeader());
        assertTrue(c.sim.runUntil(() -> added.applied() == l.applied(), c.sim.now() + 5_000));
        assertEquals(l.appliedDigest(), added.appliedDigest(), "replica 4 applied the same prefix");
    }

    @Test
    void aRemovedLeaderStepsDownAndTheNewConfigurationGoesOn() {
        ClusterDriver c = cluster(2);
        load(c, 10);
        int leader = c.awaitLeader();
        Configuration without = new Configuration(java.util.stream.IntStream.rangeClosed(1, 4).filter(r -> r != leader).toArray());
        long from = await(c, c.sim.reconfigure(leader, without));
        load(c, 20);
        assertEquals(Proposer.Role.FOLLOWER, c.sim.replica(leader).role(), "the removed leader stepped down");
        int next = c.awaitLeader();
        assertTrue(without.contains(next), "the new leader " + next + " is a member of " + without);
        assertTrue(c.sim.replica(next).firstUnchosen() > from + 10);
        assertEquals("v19", KvStateMachine.result(c.execute(KvCommand.get("k4").encode())), "nothing acknowledged was lost");
    }

    @Test
    void aLaggingReplicaIsBroughtUpToDateByASnapshot() {
        ClusterDriver c = cluster(3);
        int leader = c.awaitLeader();
        int lagging = leader % 3 + 1;
        long before = c.sim.replica(lagging).applied();
        c.sim.inject(new FaultEvent(c.sim.now(), FaultEvent.Kind.CRASH, lagging, 0));
        load(c, 80);
        c.sim.inject(new FaultEvent(c.sim.now(), FaultEvent.Kind.RESTART, lagging, 0));
        Replica r = c.sim.replica(lagging);
        assertTrue(c.sim.runUntil(() -> r.applied() >= c.sim.replica(c.awaitLeader()).applied(), c.sim.now() + 20_000), "caught up");
        assertTrue(r.snapshotsInstalled() >= 1, "by a snapshot: the peers' logs were truncated below what it lacked");
        assertTrue(r.applied() > before + 40);
        assertTrue(c.sim.replica(c.awaitLeader()).retainedFrom() > before, "the leader no longer held those decrees");
    }

    @Test
    void badRequestsAreRefusedWithTheReasonAndChangeNothing() {
        ClusterDriver c = cluster(4);
        load(c, 5);
        int leader = c.awaitLeader();
        int follower = leader % 3 + 1;
        Configuration before = c.sim.replica(leader).latestConfiguration();
        // A configuration that removes every replica, or names one twice, cannot even be built.
        assertTrue(assertThrows(IllegalArgumentException.class, Configuration::new).getMessage().contains("no replicas"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Configuration(1, 2, 2)).getMessage().contains("names replica 2 twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Configuration(1, 0)).getMessage().contains("outside"));
        assertInstanceOf(NotLeaderException.class, failure(c.sim.reconfigure(follower, new Configuration(1, 2, 3, 4))));
        assertTrue(failure(c.sim.reconfigure(leader, before)).getMessage().contains("already " + before));
        CompletableFuture<Long> first = c.sim.reconfigure(leader, new Configuration(1, 2, 3, 4));
        Throwable second = failure(c.sim.reconfigure(leader, new Configuration(1, 2, 3, 5)));
        assertInstanceOf(IllegalStateException.class, second);
        assertTrue(second.getMessage().contains("already in progress"), second.getMessage());
        await(c, first);
        load(c, 10);
        assertEquals(new Configuration(1, 2, 3, 4), c.sim.replica(c.awaitLeader()).latestConfiguration(), "only the accepted change happened");
        assertNotEquals(0, c.sim.configChangesChosen());
        assertEquals(1, c.sim.configChangesChosen());
    }

    private static Throwable failure(CompletableFuture<?> f) { return Outcomes.failure(f); }
}
