package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.NotLeaderException;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Whole replicas on {@link LocalCluster}: an election, commands chosen and applied in one order everywhere,
 * a leader crash and a successor that keeps what was chosen, catch-up of a replica that was cut off, session
 * deduplication and lease reads. Each scenario checks outcomes (values, slots, ballots), not just liveness.
 */
class LocalClusterTest {
    private static final ReplicaOptions OPTIONS = ReplicaOptions.defaults();

    private static byte[] put(String k, String v) { return KvCommand.put(k, v).encode(); }

    private static byte[] get(String k) { return KvCommand.get(k).encode(); }

    private static byte[] value(String v) { return KvStateMachine.encodeResult(v); }

    /** Every live replica has chosen and applied the same decrees up to {@code slots}. */
    private static void assertAgree(LocalCluster c, long slots) {
        Replica first = null;
        for (int id = 1; id < c.replicas.length; id++) {
            if (c.isDown(id)) continue;
            Replica r = c.replica(id);
            assertEquals(slots, r.applied(), "replica " + id + " applied");
            if (first == null) {
                first = r;
                continue;
            }
            assertEquals(first.appliedDigest(), r.appliedDigest(), "replica " + id + " applied other decrees than replica " + first.id());
        }
    }

    @Test
    void oneLeaderIsElectedAndCommandsAreAppliedInOneOrderEverywhere() {
        LocalCluster c = new LocalCluster(3, OPTIONS, 1);
        Replica leader = c.awaitLeader();
        assertEquals(leader.id(), Ballot.replica(leader.ballot()), "a leader stands for its own ballot");
        assertEquals(leader.ballot(), leader.promised(), "its own acceptor promised its ballot");
        assertEquals(Ballot.NONE + 1, Ballot.round(leader.ballot()), "the first election is in round 1");
        assertArrayEquals(value(null), c.submit(leader, put("a", "1")), "a PUT answers the previous value: none");
        assertArrayEquals(value("1"), c.submit(leader, put("a", "2")));
        assertArrayEquals(value("2"), c.submit(leader, get("a")));
        c.runUntil(() -> {
            for (int id = 1; id <= 3; id++) if (c.replica(id).applied() < 3) return false;
            return true;
        }, 2_000, "followers learn the commits");
        assertAgree(c, 3);
        for (int id = 1; id <= 3; id++) {
            Replica r = c.replica(id);
            assertEquals(leader.ballot(), r.promised(), "replica " + id + " promised the leader's ballot");
            assertEquals(leader.id(), r.leaderHint(), "replica " + id + " knows the leader");
            for (long slot = 0; slot < 3; slot++) {
                assertEquals(leader.chosen(slot), r.chosen(slot), "replica " + id + " slot " + slot);
                assertEquals(leader.ballot(), r.voteBallot(slot), "replica " + id + " voted in slot " + slot + " at the leader's ballot");
            }
            if (r != leader) assertEquals(Proposer.Role.FOLLOWER, r.role());
        }
        assertEquals(3, leader.firstUnchosen());
    }

    @Test
    void aFollowerRefusesCommandsAndNamesTheLeader() {
        LocalCluster c = new LocalCluster(3, OPTIONS, 2);
        Replica leader = c.awaitLeader();
        c.tick(OPTIONS.heartbeatInterval()); // a heartbeat tells followers who leads
        Replica follower = c.replica(leader.id() % 3 + 1);
        CompletableFuture<byte[]> refused = follower.submit(put("k", "v"));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, refused::get);
        NotLeaderException notLeader = (NotLeaderException) e.getCause();
        assertEquals(leader.id(), notLeader.leaderHint(), "the refusal names the leader: " + notLeader.getMessage());
        assertEquals(0, follower.applied(), "a refused command is not executed");
    }

    @Test
    void aSuccessorKeepsEveryChosenValueAfterTheLeaderCrashes() {
        LocalCluster c = new LocalCluster(3, OPTIONS, 3);
        Replica old = c.awaitLeader();
        for (int i = 0; i < 5; i++) c.submit(old, put("k" + i, "v" + i));
        long oldBallot = old.ballot();
        Decree[] chosen = new Decree[5];
        for (int s = 0; s < 5; s++) chosen[s] = old.chosen(s);
        c.crash(old.id());
        Replica next = c.awaitLeader();
        assertNotEquals(old.id(), next.id());
        assertTrue(next.ballot() > oldBallot, "the successor's ballot " + Ballot.toString(next.ballot()) + " is above " + Ballot.toString(oldBallot));
        for (int s = 0; s < 5; s++) assertEquals(chosen[s], next.chosen(s), "slot " + s + " keeps its value");
        assertArrayEquals(value("v3"), c.submit(next, get("k3")));
        assertArrayEquals(value(null), c.submit(next, put("new", "x")));
        c.restart(old.id());
        Replica back = c.replica(old.id());
        c.runUntil(() -> back.applied() == next.applied(), 5_000, "the restarted replica catches up");
        assertEquals(next.appliedDigest(), back.appliedDigest());
        assertEquals(Proposer.Role.FOLLOWER, back.role(), "the restarted replica follows");
        assertEquals(next.id(), back.leaderHint());
        assertTrue(back.promised() >= oldBallot, "a restart keeps the promise it synced: " + Ballot.toString(back.promised()));
    }

    @Test
    void aReplicaCutOffWhileSlotsWereChosenCatchesUpWhenHealed() {
        LocalCluster c = new LocalCluster(3, OPTIONS, 4);
        Replica leader = c.awaitLeader();
        int lagging = leader.id() % 3 + 1;
        c.cut(leader.id(), lagging, true);
        int third = 6 - leader.id() - lagging;
        c.cut(third, lagging, true);
        for (int i = 0; i < 8; i++) c.submit(leader, put("k", "v" + i));
        assertEquals(0, c.replica(lagging).applied(), "cut off: learned nothing");
        c.cut(leader.id(), lagging, false);
        c.cut(third, lagging, false);
        c.runUntil(() -> c.replica(lagging).applied() == 8, 5_000, "catch-up after healing");
        assertAgree(c, 8);
        assertArrayEquals(value("v7"), c.replica(lagging).stateMachine().query(get("k")));
        assertEquals(leader.id(), c.leaders().get(0).id(), "healing a follower does not change the leader");
    }

    @Test
    void aRetriedSessionCommandIsExecutedOnceAndAnsweredWithTheFirstResult() {
        LocalCluster c = new LocalCluster(3, OPTIONS, 5);
        Replica leader = c.awaitLeader();
        Command incr = new Command(42, 1, put("x", "first"));
        CompletableFuture<byte[]> once = leader.submit(incr);
        leader.flush();
        c.runUntil(once::isDone, 2_000, "first execution");
        assertArrayEquals(value(null), once.join());
        c.submit(leader, put("x", "second"));
        CompletableFuture<byte[]> retry = leader.submit(new Command(42, 1, put("x", "first")));
        assertTrue(retry.isDone(), "a retry of an executed request is answered from the session at once");
        assertArrayEquals(value(null), retry.join(), "with the first execution's result");
        assertArrayEquals(value("second"), c.submit(leader, get("x")), "and not executed again");
        CompletableFuture<byte[]> older = leader.submit(new Command(42, 0, put("x", "older")));
        assertTrue(older.isCompletedExceptionally(), "a request older than the session's latest is refused");
        assertArrayEquals(value("second"), c.submit(leader, get("x")));
    }

    @Test
    void aLeaderWithALeaseReadsLocallyAndAFollowerDoesNot() {
        LocalCluster c = new LocalCluster(3, OPTIONS, 6);
        Replica leader = c.awaitLeader();
        c.submit(leader, put("r", "1"));
        c.runUntil(leader::holdsLease, 2_000, "a lease from a quorum of grants");
        assertTrue(leader.leaseValidUntil() > c.now, "the lease ends in the future");
        assertTrue(leader.leaseValidUntil() <= c.now + OPTIONS.leaderLease(), "and no later than a leader lease from now");
        long served = leader.leaseReadsServed();
        CompletableFuture<byte[]> read = leader.read(get("r"));
        assertTrue(read.isDone(), "a lease read needs no log write");
        assertArrayEquals(value("1"), read.join());
        assertEquals(served + 1, leader.leaseReadsServed());
        long first = leader.firstUnchosen();
        assertEquals(first, leader.firstUnchosen(), "and used no slot");
        Replica follower = c.replica(leader.id() % 3 + 1);
        assertTrue(!follower.holdsLease(), "a follower holds no lease");
        assertEquals(leader.ballot(), follower.grantedLeaseBallot(), "the follower granted the leader's ballot");
        assertTrue(follower.grantedLeaseUntil() > c.now, "a grant that has not expired");
    }

    @Test
    void aLeaderCutOffFromItsQuorumStepsDownAndTheOthersElectANewOne() {
        LocalCluster c = new LocalCluster(3, OPTIONS, 7);
        Replica old = c.awaitLeader();
        c.submit(old, put("a", "1"));
        c.isolate(old.id(), true);
        c.runUntil(() -> old.role() == Proposer.Role.FOLLOWER, 3_000, "the isolated leader steps down");
        assertEquals(0, old.leaderHint(), "it no longer names itself");
        c.runUntil(() -> c.leaders().size() == 1, 5_000, "the majority elects");
        Replica next = c.leaders().get(0);
        assertNotEquals(old.id(), next.id());
        assertArrayEquals(value("1"), c.submit(next, put("a", "2")));
        c.isolate(old.id(), false);
        c.runUntil(() -> old.applied() == next.applied(), 5_000, "the old leader catches up after healing");
        assertEquals(next.appliedDigest(), old.appliedDigest());
        assertNotNull(old.chosen(1));
    }

    @Test
    void theSpecTraceRecordsEachStepOfAnElectionAndAChosenCommandInCausalOrder() {
        LocalCluster c = new LocalCluster(3, OPTIONS, 8);
        Replica leader = c.awaitLeader();
        c.submit(leader, put("t", "1"));
        c.runUntil(() -> c.replica(1).applied() == 1 && c.replica(2).applied() == 1 && c.replica(3).applied() == 1, 2_000, "all learn");
        String b = Ballot.toString(leader.ballot());
        int id = leader.id();
        List<String> t = c.trace;
        int phase1a = t.indexOf("1a " + id + " " + b);
        int ownPromise = t.indexOf("1b " + id + " " + b);
        int proposal = t.indexOf("2a " + id + " " + b + " 0");
        assertTrue(phase1a >= 0 && ownPromise > phase1a && proposal > ownPromise, "1a, own 1b, then 2a: " + t);
        long promises = t.subList(0, proposal).stream().filter(e -> e.startsWith("1b ") && e.endsWith(" " + b)).count();
        assertTrue(promises >= 2, "a quorum promised before the proposal: " + t);
        for (int r = 1; r <= 3; r++) {
            int vote = t.indexOf("2b " + r + " " + b + " 0");
            int learned = t.indexOf("learn " + r + " 0");
            assertTrue(vote > proposal, "replica " + r + " voted after the proposal: " + t);
            assertTrue(learned > proposal, "replica " + r + " learned slot 0: " + t);
            assertTrue(t.subList(vote, t.size()).contains("flushed " + r), "replica " + r + " flushed after its vote: " + t);
        }
        assertEquals(1, t.stream().filter(e -> e.equals("2a " + id + " " + b + " 0")).count(), "one proposal for slot 0");
    }
}
