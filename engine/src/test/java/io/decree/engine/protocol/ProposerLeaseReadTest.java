package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.LeaseGrant;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Preempted;
import org.junit.jupiter.api.Test;

/**
 * When a leader may answer a read locally: it holds a lease (its own acceptor's grant counts), every slot
 * known chosen is applied, and so is every slot a promise reported a vote in, including promises that arrive
 * after the election; and the lease and the leadership end together.
 */
class ProposerLeaseReadTest {
    private static final Configuration C123 = new Configuration(1, 2, 3);

    /** Grants the lease of the heartbeat sent at election from {@code from}. */
    private static void grant(ProposerHarness h, int from) {
        Heartbeat beat = h.sent(Heartbeat.class).get(0);
        h.proposer.onLeaseGrant(from, new LeaseGrant(h.proposer.ballot(), beat.leaseRound(), h.learner.firstUnchosen()));
    }

    @Test
    void itsOwnGrantAndOneMoreMakeTheLeaseOfThree() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        assertFalse(h.proposer.holdsLease(h.now), "its own grant alone is one of three");
        grant(h, 2);
        assertTrue(h.proposer.holdsLease(h.now));
        assertEquals(h.now + h.options.leaderLease(), h.proposer.leaseValidUntil(), "from the heartbeat's send time");
        assertTrue(h.proposer.canServeLeaseRead(h.now, 0));
    }

    @Test
    void readsWaitForEverySlotAPromiseReportedAVoteIn() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.stand();
        h.promise(2, 0, new Phase1b.Vote(3, Ballot.of(0, 2), ProposerHarness.decree(5)));
        assertTrue(h.proposer.isLeader());
        grant(h, 2);
        assertFalse(h.proposer.leaseReadable(h.now, 3), "slot 3 may hold a write an earlier leader acknowledged");
        assertTrue(h.proposer.leaseReadable(h.now, 4), "applied up to and including slot 3");
    }

    @Test
    void aLatePromiseReportingALaterVoteHoldsReadsBackToo() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        grant(h, 2);
        assertTrue(h.proposer.leaseReadable(h.now, 0));
        h.promise(3, 0, new Phase1b.Vote(6, Ballot.of(0, 3), ProposerHarness.decree(5)));
        assertFalse(h.proposer.leaseReadable(h.now, 6));
        assertTrue(h.proposer.leaseReadable(h.now, 7));
    }

    @Test
    void readsWaitForEverySlotKnownChosen() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        grant(h, 2);
        for (long s = 0; s < 5; s++) h.learner.learn(s, Decree.NOOP);
        assertFalse(h.proposer.leaseReadable(h.now, 4), "slot 4 is chosen and not applied");
        assertTrue(h.proposer.leaseReadable(h.now, 5));
    }

    @Test
    void aLeaderNamesItselfWhileItLeadsAndTheLeaseEndsWithTheLeadership() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        grant(h, 2);
        h.proposer.heardFromLeader(Ballot.next(h.proposer.ballot(), 2)); // a message of a newer leader, not yet a preemption
        assertEquals(1, h.proposer.leaderHint(), "while it leads, it is the leader it names");
        long ballot = h.proposer.ballot();
        h.proposer.onPreempted(new Preempted(ballot, Ballot.next(ballot, 2)));
        assertEquals(2, h.proposer.leaderHint());
        assertEquals(Long.MIN_VALUE, h.proposer.leaseValidUntil());
        assertFalse(h.proposer.holdsLease(h.now));
        assertFalse(h.proposer.canServeLeaseRead(h.now, 0));
    }
}
