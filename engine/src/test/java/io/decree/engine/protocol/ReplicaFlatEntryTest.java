package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.NotLeaderException;
import io.decree.engine.message.ClientReply;
import io.decree.engine.message.Flat;
import io.decree.engine.message.LeaseGrant;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Phase2b;
import io.decree.engine.message.Preempted;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The wire path's entry point, {@code Replica.onMessage(from, kind, a, b, c, ref)}, alone: each kind the wire
 * sends flat does what its record does. {@link LocalCluster} otherwise alternates record and flat deliveries, so a
 * record delivery (a retransmitted 1a, a catch-up after a lost commit, the next event's execution) could make up
 * for a flat kind the replica dropped; here {@link LocalCluster#flatOnly} is set, or the test calls the flat entry
 * point itself, and each check is made before any tick could make up for it.
 */
class ReplicaFlatEntryTest {
    private static final int CLIENT = 1_000;

    private static LocalCluster flatCluster(long seed) {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), seed);
        c.flatOnly = true;
        return c;
    }

    private static byte[] put(String k, String v) { return KvCommand.put(k, v).encode(); }

    private static List<ClientReply> repliesTo(LocalCluster c, int client) {
        return c.toClients.stream().filter(e -> e.to() == client).map(e -> (ClientReply) e.message()).toList();
    }

    @Test
    void aClusterTalkingOnlyFlatElectsALeader() {
        // Phase1a flat (the 1b answers are records, kind RECORD): without the flat 1a no promise is ever made.
        LocalCluster c = flatCluster(71);
        Replica leader = c.awaitLeader();
        for (int id = 1; id <= 3; id++) assertEquals(leader.ballot(), c.replica(id).promised(), "replica " + id + " promised the leader's ballot");
    }

    @Test
    void aCommandIsChosenCommittedAndAppliedEverywhereInOneRoundOfFlatDeliveries() {
        LocalCluster c = flatCluster(72);
        Replica leader = c.awaitLeader();
        long slot = leader.firstUnchosen();
        CompletableFuture<byte[]> done = leader.submit(put("k", "v"));
        leader.flush();
        c.deliverAll(); // 2a, 2b and Commit, all flat; no tick, so no heartbeat, catch-up or timer runs
        // The leader learns the slot from the flat 2bs and executes it in the same event.
        assertTrue(done.isDone(), "executed at the leader on the quorum's flat 2b");
        assertArrayEquals(KvStateMachine.encodeResult(null), done.join());
        for (int id = 1; id <= 3; id++) {
            Replica r = c.replica(id);
            assertEquals(slot + 1, r.firstUnchosen(), "replica " + id + " learned the slot (a follower from the flat Commit)");
            assertEquals(slot + 1, r.applied(), "replica " + id + " executed it in the event that taught it");
        }
    }

    @Test
    void aFlatPhase2aIsVotedAndAnswered() {
        LocalCluster c = flatCluster(73);
        Replica follower = c.replica(2);
        long ballot = Ballot.of(1, 1);
        follower.onMessage(1, Flat.PHASE_2A, ballot, 0, 0, Decree.NOOP);
        follower.flush();
        assertEquals(ballot, follower.voteBallot(0));
        assertEquals(1, follower.leaderHint());
        assertEquals(List.of(new LocalCluster.Envelope(2, 1, new Phase2b(ballot, 0))), List.copyOf(c.wire));
    }

    @Test
    void aPhase2aBelowThePromiseIsAnsweredPreemptedWithThePromise() {
        LocalCluster c = flatCluster(74);
        Replica follower = c.replica(2);
        long low = Ballot.of(1, 1), high = Ballot.of(2, 3);
        c.now += ReplicaOptions.defaults().leaseDuration(); // a started acceptor promises nobody for a lease duration
        follower.onMessage(3, Flat.PHASE_1A, high, 0, 0, null);
        follower.flush();
        assertEquals(high, follower.promised(), "promised on the flat 1a");
        assertInstanceOf(Phase1b.class, c.wire.poll().message(), "and answered it");
        follower.onMessage(1, Flat.PHASE_2A, low, 0, 0, Decree.NOOP);
        follower.onMessage(1, new Phase2a(low, 1, Decree.NOOP));
        follower.flush();
        assertEquals(Ballot.NONE, follower.voteBallot(0), "no vote below the promise");
        assertEquals(List.of(new LocalCluster.Envelope(2, 1, new Preempted(low, high)), new LocalCluster.Envelope(2, 1, new Preempted(low, high))),
                List.copyOf(c.wire), "each refused 2a (flat, then record) tells its leader the promise");
    }

    @Test
    void aFlatHeartbeatIsGrantedALease() {
        LocalCluster c = flatCluster(75);
        Replica follower = c.replica(2);
        long ballot = Ballot.of(1, 1);
        follower.onMessage(1, Flat.HEARTBEAT, ballot, 0, 4, null);
        follower.flush();
        assertEquals(1, follower.leaderHint());
        assertEquals(ballot, follower.grantedLeaseBallot());
        assertEquals(List.of(new LocalCluster.Envelope(2, 1, new LeaseGrant(ballot, 4, 0))), List.copyOf(c.wire));
    }

    @Test
    void aFlatPreemptedStepsTheLeaderDownAndGivesBackItsQueuedCommandAtOnce() {
        LocalCluster c = flatCluster(76);
        Replica leader = c.awaitLeader();
        int other = leader.id() % 3 + 1;
        CompletableFuture<byte[]> queued = leader.submit(put("q", "v")); // no flush: queued, not proposed
        leader.onMessage(other, Flat.PREEMPTED, leader.ballot(), Ballot.next(leader.ballot(), other), 0, null);
        assertEquals(Proposer.Role.FOLLOWER, leader.role());
        assertEquals(other, leader.leaderHint(), "the promised ballot's replica");
        assertTrue(queued.isCompletedExceptionally(), "given back in the event, not at its time-out");
        assertInstanceOf(NotLeaderException.class, LocalCluster.failureOf(queued));
        assertEquals(0, leader.pendingLocal());
    }

    @Test
    void aFlatReadIsAnsweredUnderTheLeaseWithoutTheLog() {
        LocalCluster c = flatCluster(77);
        Replica leader = c.awaitLeader();
        c.submit(leader, put("k", "v"));
        c.runUntil(leader::holdsLease, 2_000, "a lease from the flat lease grants");
        long served = leader.leaseReadsServed();
        c.wire.clear();
        leader.onMessage(CLIENT, Flat.CLIENT_REQUEST, 1, 0, 0, new Command(9, 1, KvCommand.get("k").encode()));
        leader.flush();
        assertEquals(served + 1, leader.leaseReadsServed(), "read flag 1: a lease read");
        assertEquals(List.of(), List.copyOf(c.wire), "nothing proposed");
        List<ClientReply> replies = repliesTo(c, CLIENT);
        assertEquals(1, replies.size());
        assertEquals(ClientReply.Status.OK, replies.get(0).status());
        assertArrayEquals(KvStateMachine.encodeResult("v"), replies.get(0).result());
    }

    @Test
    void aFlatWriteGoesThroughTheLogAndIsAnsweredOnce() {
        LocalCluster c = flatCluster(78);
        Replica leader = c.awaitLeader();
        c.wire.clear();
        leader.onMessage(CLIENT, Flat.CLIENT_REQUEST, 0, 0, 0, new Command(9, 1, put("w", "1")));
        leader.flush();
        assertEquals(3, c.wire.stream().filter(e -> e.message() instanceof Phase2a).count(), "read flag 0: proposed, a 2a to each member");
        c.deliverAll();
        List<ClientReply> replies = repliesTo(c, CLIENT);
        assertEquals(1, replies.size());
        assertEquals(ClientReply.Status.OK, replies.get(0).status());
        assertEquals(1, replies.get(0).sequence());
    }

    @Test
    void aFlatRequestToAFollowerIsRedirected() {
        LocalCluster c = flatCluster(79);
        Replica leader = c.awaitLeader();
        Replica follower = c.replica(leader.id() % 3 + 1);
        follower.onMessage(CLIENT, Flat.CLIENT_REQUEST, 0, 0, 0, new Command(9, 1, put("w", "1")));
        follower.flush();
        assertEquals(List.of(ClientReply.notLeader(9, 1, leader.id())), repliesTo(c, CLIENT));
    }

    @Test
    void aClientReplyIsIgnoredAndAnUnknownKindIsRefusedNamingIt() {
        LocalCluster c = flatCluster(80);
        Replica r = c.replica(2);
        r.onMessage(CLIENT, Flat.CLIENT_REPLY_OK, 9, 1, 0, new byte[0]);
        r.flush();
        assertEquals(List.of(), List.copyOf(c.wire));
        assertEquals(List.of(), c.toClients);
        var e = assertThrows(IllegalArgumentException.class, () -> r.onMessage(1, 42, 0, 0, 0, null));
        assertEquals("replica 2: no message kind 42", e.getMessage());
    }
}
