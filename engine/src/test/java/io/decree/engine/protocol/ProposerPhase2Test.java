package io.decree.engine.protocol;

import static io.decree.engine.protocol.ProposerHarness.ELECTION_TIMEOUT;
import static io.decree.engine.protocol.ProposerHarness.HEARTBEAT;
import static io.decree.engine.protocol.ProposerHarness.RETRANSMIT;
import static io.decree.engine.protocol.ProposerHarness.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Commit;
import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Phase2b;
import io.decree.engine.message.Preempted;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leader's phase 2: which slots it proposes in (the window, slots learned meanwhile, a snapshot installed
 * meanwhile), which 2b count toward a slot's quorum, what it resends and to whom, and that a step-down leaves
 * nothing of the old ballot in flight.
 */
class ProposerPhase2Test {
    private static final Configuration C123 = new Configuration(1, 2, 3);

    @Test
    void onlyVotesOfThisBallotFromMembersOfTheSlotsConfigurationCount() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.stand();
        long first = h.proposer.ballot();
        h.tickFor(ELECTION_TIMEOUT); // no promise came: stands again
        h.elect(2);
        assertTrue(h.proposer.ballot() > first);
        h.enqueue(command(1, 4));
        h.nanos = 1_000;
        h.propose();
        assertEquals(List.of(1, 2, 3), h.receivers(Phase2a.class));
        h.drain();
        h.ack(1, 0);
        h.proposer.onPhase2b(2, new Phase2b(first, 0));
        assertFalse(h.learner.isChosen(0), "a vote for the earlier ballot is not a vote for this proposal");
        h.proposer.onPhase2b(9, new Phase2b(h.proposer.ballot(), 0));
        assertFalse(h.learner.isChosen(0), "replica 9 is not a member of slot 0's configuration");
        assertEquals(1, h.proposer.inFlight());
        h.nanos = 1_500;
        h.ack(2, 0);
        assertTrue(h.learner.isChosen(0), "1 and 2 of three");
        assertEquals(0, h.proposer.inFlight());
        assertEquals(List.of(2, 3), h.receivers(Commit.class), "every other replica is told");
        assertEquals(new Commit(h.proposer.ballot(), 0), h.sent(Commit.class).get(0));
        assertEquals(1, h.metrics.proposeToQuorumNanos.count());
        assertEquals(500, h.metrics.proposeToQuorumNanos.sum(), "from the 2a to the quorum");
    }

    @Test
    void aProposalIsResentOnlyToMembersThatHaveNotVoted() {
        ProposerHarness h = new ProposerHarness(1, Configuration.ofSize(5));
        h.elect(2, 3);
        h.enqueue(command(1, 4));
        h.propose();
        long sentAt = h.now;
        h.ack(1, 0);
        h.ack(2, 0);
        h.drain();
        h.tickTo(sentAt + RETRANSMIT - 1);
        assertEquals(List.of(), h.sent(Phase2a.class));
        h.tickTo(sentAt + RETRANSMIT);
        assertEquals(List.of(3, 4, 5), h.receivers(Phase2a.class), "1 and 2 voted already");
    }

    @Test
    void aLeaderSaysItIsAliveEveryHeartbeatIntervalAndNoSooner() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        long electedAt = h.now;
        assertEquals(List.of(2, 3), h.receivers(Heartbeat.class), "the first heartbeat goes out at once");
        h.drain();
        h.tickTo(electedAt + HEARTBEAT - 1);
        assertEquals(List.of(), h.sent(Heartbeat.class));
        h.tickTo(electedAt + HEARTBEAT);
        assertEquals(List.of(2, 3), h.receivers(Heartbeat.class));
    }

    @Test
    void theWindowBoundsTheSlotsInFlight() {
        ProposerHarness h = new ProposerHarness(1, C123, ProposerHarness.options(2, 1));
        h.elect(2);
        for (int i = 1; i <= 3; i++) h.enqueue(command(i, 4));
        h.propose();
        assertEquals(List.of(0L, 1L), h.proposedSlots(), "two slots beyond the first unchosen one, one command each");
        assertEquals(1, h.proposer.queued());
        h.drain();
        h.ack(1, 0);
        h.ack(2, 0);
        h.propose();
        assertEquals(List.of(2L), h.proposedSlots(), "slot 0 chosen: the window moved by one");
    }

    @Test
    void aSlotAlreadyKnownChosenIsSkipped() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        Decree decided = ProposerHarness.decree(77);
        h.learner.learn(1, decided); // a Commit or catch-up reply for slot 1 came first
        Command a = command(1, 4), b = command(2, 4);
        h.enqueue(a);
        h.propose();
        h.enqueue(b);
        h.propose();
        assertEquals(List.of(0L, 2L), h.proposedSlots());
        assertEquals(List.of(a), h.proposedIn(0).commands());
        assertEquals(List.of(b), h.proposedIn(2).commands());
    }

    @Test
    void aSnapshotInstalledMeanwhileMovesProposalsPastIt() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        h.learner.installPrefix(2, 10); // slots below 10 chosen, their decrees not kept
        h.enqueue(command(1, 4));
        h.propose();
        assertEquals(List.of(10L), h.proposedSlots(), "no proposal below the snapshot");
    }

    @Test
    void slotsLearnedMeanwhileLeaveThePipelineAndAreNotResent() {
        ProposerHarness h = new ProposerHarness(1, C123, ProposerHarness.options(8, 1));
        h.elect(2);
        h.enqueue(command(1, 4));
        h.enqueue(command(2, 4));
        h.propose();
        Decree d0 = h.proposedIn(0), d1 = h.proposedIn(1);
        assertEquals(2, h.proposer.inFlight());
        h.learner.learn(0, d0); // learned from a catch-up reply, not from the 2b
        h.learner.learn(1, d1);
        h.propose();
        assertEquals(0, h.proposer.inFlight(), "decided slots are no longer in flight");
        h.drain();
        h.tickFor(2 * RETRANSMIT);
        assertEquals(List.of(), h.sent(Phase2a.class), "nothing to resend");
    }

    @Test
    void aStepDownDropsTheOldBallotsProposalsAndTheNextLeadershipResendsNoneOfThem() {
        ProposerHarness h = new ProposerHarness(1, C123, ProposerHarness.options(8, 1));
        h.elect(2);
        h.enqueue(command(1, 4));
        h.enqueue(command(2, 4));
        h.propose();
        assertEquals(2, h.proposer.inFlight());
        long ballot = h.proposer.ballot();
        h.proposer.onPreempted(new Preempted(ballot, Ballot.next(ballot, 2)));
        assertEquals(0, h.proposer.inFlight());
        assertEquals(Long.MIN_VALUE, h.proposer.leaseValidUntil(), "the lease went with the leadership");
        h.drain();
        h.tickFor(ELECTION_TIMEOUT); // stands again
        assertEquals(List.of(2, 3), h.receivers(Phase1a.class));
        h.promise(2, 0); // reports no vote: the old proposals were never voted on
        assertTrue(h.proposer.isLeader());
        h.drain();
        h.propose();
        h.tickFor(2 * RETRANSMIT);
        assertEquals(List.of(), h.sent(Phase2a.class), "nothing of the old ballot is proposed or resent");
        assertEquals(0, h.proposer.inFlight());
    }
}
