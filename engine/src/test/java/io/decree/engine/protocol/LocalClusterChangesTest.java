package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.NotLeaderException;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Membership changes and snapshots on {@link LocalCluster}: a replica added through the log catches up
 * before it counts, a removed replica stops leading, and a replica that fell behind a compaction point is
 * brought up by a snapshot transfer.
 */
class LocalClusterChangesTest {
    private static byte[] put(String k, String v) { return KvCommand.put(k, v).encode(); }

    private static byte[] get(String k) { return KvCommand.get(k).encode(); }

    private static byte[] value(String v) { return KvStateMachine.encodeResult(v); }

    private static <T> T await(LocalCluster c, CompletableFuture<T> f, String what) {
        c.runUntil(f::isDone, 10_000, what);
        return f.join();
    }

    @Test
    void anAddedReplicaCatchesUpThenCountsAndTheChangeGovernsFromItsSlotPlusAlpha() {
        ReplicaOptions options = ReplicaOptions.defaults().withWindow(4);
        LocalCluster c = new LocalCluster(4, new Configuration(1, 2, 3), options, 11);
        Replica leader = c.awaitLeader();
        for (int i = 0; i < 6; i++) c.submit(leader, put("k" + i, "v" + i));
        Configuration four = new Configuration(1, 2, 3, 4);
        CompletableFuture<Long> change = leader.reconfigure(four);
        assertTrue(leader.changingConfiguration());
        long governsFrom = await(c, change, "the change is chosen");
        assertTrue(!leader.changingConfiguration(), "done");
        assertEquals(four, leader.latestConfiguration());
        long changeSlot = governsFrom - options.window();
        assertTrue(leader.chosen(changeSlot).isReconfiguration(), "slot " + changeSlot + " holds the change");
        assertEquals(four, leader.chosen(changeSlot).configuration());
        Replica joiner = c.replica(4);
        assertTrue(joiner.applied() >= 6, "the joiner caught up before the change was proposed: applied " + joiner.applied());
        // Past the change, the new configuration governs and the joiner votes in it.
        while (leader.firstUnchosen() <= governsFrom) c.submit(leader, put("after", "x" + leader.firstUnchosen()));
        assertEquals(four, leader.configuration());
        c.runUntil(() -> joiner.applied() == leader.applied(), 5_000, "the joiner learns the new slots");
        assertEquals(leader.appliedDigest(), joiner.appliedDigest());
        assertEquals(leader.ballot(), joiner.voteBallot(governsFrom), "the joiner voted in a slot of the new configuration");
        assertEquals(List.of(four), leader.leaseWindow().subList(leader.leaseWindow().size() - 1, leader.leaseWindow().size()));
    }

    @Test
    void aSecondChangeWhileOneIsInProgressAndAChangeToTheSameConfigurationAreRefused() {
        LocalCluster c = new LocalCluster(4, new Configuration(1, 2, 3), ReplicaOptions.defaults().withWindow(4), 12);
        Replica leader = c.awaitLeader();
        ExecutionException same = assertThrows(ExecutionException.class, () -> leader.reconfigure(new Configuration(1, 2, 3)).get());
        assertTrue(same.getCause() instanceof IllegalArgumentException, same.getCause().toString());
        CompletableFuture<Long> first = leader.reconfigure(new Configuration(1, 2, 3, 4));
        ExecutionException busy = assertThrows(ExecutionException.class, () -> leader.reconfigure(new Configuration(1, 2)).get());
        assertTrue(busy.getCause() instanceof IllegalStateException, busy.getCause().toString());
        Replica follower = c.replica(leader.id() % 3 + 1);
        ExecutionException notLeader = assertThrows(ExecutionException.class, () -> follower.reconfigure(new Configuration(1, 2)).get());
        assertTrue(notLeader.getCause() instanceof NotLeaderException, notLeader.getCause().toString());
        await(c, first, "the first change");
        assertEquals(new Configuration(1, 2, 3, 4), leader.latestConfiguration());
    }

    @Test
    void aRemovedLeaderStepsDownAndTheRemainingMembersGoOn() {
        ReplicaOptions options = ReplicaOptions.defaults().withWindow(2);
        LocalCluster c = new LocalCluster(3, options, 13);
        Replica leader = c.awaitLeader();
        c.submit(leader, put("a", "1"));
        int[] rest = java.util.Arrays.stream(new int[] {1, 2, 3}).filter(r -> r != leader.id()).toArray();
        Configuration without = new Configuration(rest);
        long governsFrom = await(c, leader.reconfigure(without), "the removal is chosen");
        // The old leader leads up to the slot the change governs from, then stops: it is no member there.
        while (leader.firstUnchosen() < governsFrom) c.submit(leader, put("fill", "slot " + leader.firstUnchosen()));
        c.runUntil(() -> leader.role() == Proposer.Role.FOLLOWER, 5_000, "the removed leader steps down");
        c.runUntil(() -> c.leaders().size() == 1, 5_000, "a member of the new configuration leads");
        Replica next = c.leaders().get(0);
        assertTrue(without.contains(next.id()), "the new leader " + next.id() + " is a member of " + without);
        assertArrayEquals(value("1"), c.submit(next, put("a", "2")));
        assertArrayEquals(value("2"), c.submit(next, get("a")));
    }

    @Test
    void aReplicaBehindTheCompactionPointIsBroughtUpByASnapshot() {
        ReplicaOptions options = ReplicaOptions.defaults().withWindow(4).withSnapshots(8, 256);
        LocalCluster c = new LocalCluster(3, options, 14);
        Replica leader = c.awaitLeader();
        int lagging = leader.id() % 3 + 1;
        c.isolate(lagging, true);
        for (int i = 0; i < 40; i++) c.submit(leader, put("k" + i % 5, "v" + i));
        c.tick(options.heartbeatInterval());
        assertTrue(leader.snapshotSlot() >= 32, "the leader checkpointed: " + leader.snapshotSlot());
        assertTrue(leader.retainedFrom() > 0, "and forgot decrees below its snapshot: " + leader.retainedFrom());
        assertEquals(0, c.replica(lagging).applied());
        c.isolate(lagging, false);
        Replica r = c.replica(lagging);
        c.runUntil(() -> r.applied() == leader.applied(), 10_000, "the lagging replica catches up");
        assertEquals(1, r.snapshotsInstalled(), "by one snapshot");
        assertTrue(c.trace.stream().anyMatch(e -> e.startsWith("install " + lagging + " " + leader.id() + " ")), "the install is a spec step: " + c.trace);
        assertEquals(0, r.transferErrors(), r.lastTransferError());
        assertEquals(leader.appliedDigest(), r.appliedDigest(), "to the same state");
        assertArrayEquals(value("v39"), r.stateMachine().query(get("k4")));
        assertArrayEquals(value("v35"), r.stateMachine().query(get("k0")));
    }
}
