package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Phase2a;
import io.decree.engine.statemachine.KvCommand;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Lost messages on {@link LocalCluster}: a value one acceptor voted for, unknown to everyone else, is adopted
 * by the next leader in its slot (Paxos's safety rule), and lost 2a messages are sent again until chosen.
 */
class LocalClusterFaultsTest {

    @Test
    void aValueVotedOnlyByOneFollowerIsAdoptedByTheNextLeaderInTheSameSlot() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 31);
        Replica old = c.awaitLeader();
        int voter = old.id() % 3 + 1;
        int other = 6 - old.id() - voter;
        c.cut(old.id(), other, true);           // the other follower never sees the proposal
        c.cutOneWay(voter, old.id(), true);     // the voter's 2b is lost: the old leader never learns
        byte[] x = KvCommand.put("adopt", "x").encode();
        CompletableFuture<byte[]> lost = old.submit(x);
        old.flush();
        c.deliverAll();
        assertFalse(lost.isDone());
        assertEquals(old.ballot(), c.replica(voter).voteBallot(0), "the voter voted in slot 0");
        assertEquals(Ballot.NONE, c.replica(other).voteBallot(0));
        c.crash(old.id());
        c.runUntil(() -> c.leaders().size() == 1, 5_000, "a new leader");
        Replica next = c.leaders().get(0);
        c.runUntil(() -> next.firstUnchosen() >= 1, 2_000, "slot 0 chosen again");
        Decree slot0 = next.chosen(0);
        assertEquals(1, slot0.size(), "the adopted decree, not a no-op: " + slot0);
        assertEquals(KvCommand.put("adopt", "x"), KvCommand.decode(slot0.command(0).payload()));
        assertEquals(next.ballot(), next.voteBallot(0), "re-proposed at the new ballot");
        c.runUntil(() -> c.replica(other).firstUnchosen() >= 1, 2_000, "the other follower learns it");
        assertEquals(slot0, c.replica(other).chosen(0));
    }

    @Test
    void lostProposalsAreSentAgainUntilAQuorumVotes() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 32);
        Replica leader = c.awaitLeader();
        for (int r = 1; r <= 3; r++) if (r != leader.id()) c.cutOneWay(leader.id(), r, true);
        CompletableFuture<byte[]> f = leader.submit(KvCommand.put("again", "1").encode());
        leader.flush();
        c.deliverAll();
        assertFalse(f.isDone());
        for (int r = 1; r <= 3; r++) if (r != leader.id()) c.cutOneWay(leader.id(), r, false);
        long sent = c.wire.size();
        assertEquals(0, sent);
        c.tick(ReplicaOptions.defaults().retransmitInterval() - 1);
        assertFalse(f.isDone(), "no retransmission before the interval");
        c.now += 1;
        leader.onTick();
        leader.flush();
        assertTrue(c.wire.stream().anyMatch(e -> e.message() instanceof Phase2a p && p.slot() == 0), "the 2a is sent again: " + c.wire);
        c.deliverAll();
        assertTrue(f.isDone(), "chosen after the retransmission");
        assertEquals(leader.id(), c.leaders().get(0).id(), "without a new election");
    }
}
