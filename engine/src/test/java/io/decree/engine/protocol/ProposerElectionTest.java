package io.decree.engine.protocol;

import static io.decree.engine.protocol.ProposerHarness.ELECTION_TIMEOUT;
import static io.decree.engine.protocol.ProposerHarness.RETRANSMIT;
import static io.decree.engine.protocol.ProposerHarness.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Preempted;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a proposer stands, re-stands and gives up (Phase1a and the election timers), and which 1b replies
 * count toward its quorum: only promises of its current ballot, once per acceptor, from replicas of a known
 * configuration, its own acceptor's first.
 */
class ProposerElectionTest {
    private static final Configuration C123 = new Configuration(1, 2, 3);
    private static final Configuration C12345 = Configuration.ofSize(5);

    @Test
    void aFollowerStandsExactlyWhenItsTimeOutRunsOutAndItsOwnPromiseCountsFirst() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.tickTo(START + ELECTION_TIMEOUT - 1);
        assertEquals(Proposer.Role.FOLLOWER, h.proposer.role());
        assertEquals(List.of(), h.drain(), "nothing sent before the time-out");
        h.tickTo(START + ELECTION_TIMEOUT);
        assertEquals(Proposer.Role.CANDIDATE, h.proposer.role(), "stands at the deadline itself");
        assertEquals(1, Ballot.replica(h.proposer.ballot()));
        assertEquals(h.proposer.ballot(), h.acceptor.promised(), "its own acceptor promised first");
        assertEquals(List.of(2, 3), h.receivers(Phase1a.class), "the 1a goes to the others only: its own promise is in");
        h.promise(2, 0);
        assertTrue(h.proposer.isLeader(), "its own promise and one more make a quorum of three");
    }

    @Test
    void aCandidateResendsItsRequestEveryRetransmitIntervalAndStandsAgainAtItsNextTimeOut() {
        ProposerHarness h = new ProposerHarness(1, C12345);
        h.stand();
        long first = h.proposer.ballot();
        long stoodAt = h.now;
        h.promise(2, 0);
        h.drain();
        h.tickTo(stoodAt + RETRANSMIT - 1);
        assertEquals(List.of(), h.sent(Phase1a.class), "no resend within the interval");
        h.tickTo(stoodAt + RETRANSMIT);
        assertEquals(List.of(3, 4, 5), h.receivers(Phase1a.class), "resent at the interval, to those that have not promised");
        h.drain();
        h.tickTo(stoodAt + ELECTION_TIMEOUT - 1);
        assertEquals(first, h.proposer.ballot(), "the same candidacy until its own time-out");
        for (long b : h.phase1aBallots()) assertEquals(first, b);
        h.drain();
        h.tickTo(stoodAt + ELECTION_TIMEOUT);
        long second = h.proposer.ballot();
        assertTrue(second > first, "a new, higher ballot at the time-out");
        assertEquals(Proposer.Role.CANDIDATE, h.proposer.role());
        assertEquals(List.of(2, 3, 4, 5), h.receivers(Phase1a.class),
                "the new ballot is asked of everyone: the promise for the old one does not carry over");
    }

    @Test
    void promisesAndVotesReportedForAnEarlierBallotCountForNothing() {
        ProposerHarness h = new ProposerHarness(1, C12345);
        h.stand();
        long first = h.proposer.ballot();
        Decree old = ProposerHarness.decree(7);
        h.promise(2, 0, new Phase1b.Vote(0, Ballot.of(0, 2), old));
        h.tickFor(ELECTION_TIMEOUT); // no quorum: stands again
        long second = h.proposer.ballot();
        assertTrue(second > first);
        h.promiseFor(first, 3, 0);
        h.promiseFor(first, 4, 0);
        assertEquals(Proposer.Role.CANDIDATE, h.proposer.role(), "late promises of the first ballot are not promises of this one");
        h.promise(3, 0);
        assertEquals(Proposer.Role.CANDIDATE, h.proposer.role(), "1 and 3 of five promised this ballot");
        h.promise(4, 0);
        assertTrue(h.proposer.isLeader());
        h.drain();
        h.propose();
        assertEquals(List.of(), h.sent(Phase2a.class),
                "no promise of this ballot reported a vote: the vote replica 2 reported for the first ballot is not adopted");
    }

    @Test
    void aPromiseFromOutsideEveryConfigurationOrARepeatedOneIsIgnored() {
        ProposerHarness h = new ProposerHarness(1, C12345);
        h.stand();
        h.promise(9, 50); // replica 9 is in no configuration: its compaction point must not hold the leader back
        h.promise(2, 0);
        h.promise(2, 50); // the same acceptor answering a resent 1a again: the first answer stands
        assertEquals(Proposer.Role.CANDIDATE, h.proposer.role(), "1 and 2 of five");
        h.promise(3, 0);
        assertTrue(h.proposer.isLeader());
        h.enqueue(ProposerHarness.command(1, 4));
        h.propose();
        assertEquals(List.of(0L), h.proposedSlots(), "slot 0 is proposed: no counted promise reported it compacted");
    }

    @Test
    void aReplicaOutsideTheConfigurationOfItsFirstUnchosenSlotNeverStands() {
        ProposerHarness h = new ProposerHarness(4, C123);
        h.tickTo(START + 3 * ELECTION_TIMEOUT);
        assertEquals(Proposer.Role.FOLLOWER, h.proposer.role());
        assertEquals(List.of(), h.drain());
        assertEquals(Ballot.NONE, h.acceptor.promised(), "not even its own acceptor was asked");
    }

    @Test
    void aStallIsNotSilenceForAFollower() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.tickTo(START + 100); // 50 ms left before the time-out
        h.now = START + 1_100; // a 1,000 ms pause: 980 ms beyond a heartbeat interval are excused
        h.proposer.onTick();
        assertEquals(Proposer.Role.FOLLOWER, h.proposer.role(), "a pause alone never makes a follower stand");
        h.tickTo(START + ELECTION_TIMEOUT + 980 - 1);
        assertEquals(Proposer.Role.FOLLOWER, h.proposer.role());
        h.tickTo(START + ELECTION_TIMEOUT + 980);
        assertEquals(Proposer.Role.CANDIDATE, h.proposer.role(), "the deadline moved by exactly the excused time");
    }

    @Test
    void hearingFromTheLeaderPostponesTheElectionButNotFromItselfOrAStaleLeader() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.tickTo(START + 100);
        h.proposer.heardFromLeader(Ballot.of(1, 2));
        assertEquals(2, h.proposer.leaderHint());
        h.tickTo(START + 100 + ELECTION_TIMEOUT - 1);
        assertEquals(Proposer.Role.FOLLOWER, h.proposer.role(), "a full time-out from the leader's message");
        h.tickTo(START + 100 + ELECTION_TIMEOUT);
        assertEquals(Proposer.Role.CANDIDATE, h.proposer.role());

        ProposerHarness self = new ProposerHarness(1, C123);
        self.tickTo(START + 100);
        self.proposer.heardFromLeader(Ballot.of(5, 1)); // one of its own ballots: not another leader alive
        assertEquals(0, self.proposer.leaderHint(), "it does not take itself for the leader");
        self.tickTo(START + ELECTION_TIMEOUT);
        assertEquals(Proposer.Role.CANDIDATE, self.proposer.role(), "its own message postponed nothing");
    }

    @Test
    void aFollowerWhoseAcceptorPromisedAnotherCandidateNeitherStepsDownNorNamesIt() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.tickTo(START + 100);
        long other = Ballot.of(3, 2);
        h.acceptor.onPhase1a(other, 0, h.now);
        assertEquals(List.of(), h.proposer.observe(other));
        assertEquals(0, h.proposer.leaderHint(), "a promise to a candidate does not make it the leader");
        h.tickTo(START + ELECTION_TIMEOUT);
        assertEquals(Proposer.Role.CANDIDATE, h.proposer.role(), "its own deadline stands");
        assertTrue(h.proposer.ballot() > other, "and it stands above every ballot seen");
    }

    @Test
    void aLeaderWhoseAcceptorPromisedAHigherBallotStepsDownAndHandsBackItsQueue() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        Command queued = ProposerHarness.command(1, 4);
        h.enqueue(queued);
        long higher = Ballot.next(h.proposer.ballot(), 3);
        h.acceptor.onPhase2a(higher, 0, Decree.NOOP); // the lease holds off a 1a, not a newer leader's 2a
        assertEquals(higher, h.acceptor.promised());
        assertEquals(List.of(queued), h.proposer.observe(higher));
        assertEquals(Proposer.Role.FOLLOWER, h.proposer.role());
        assertEquals(3, h.proposer.leaderHint(), "the owner of the ballot that preempted it");
        assertEquals(0, h.proposer.queued());
    }

    @Test
    void onlyARefusalNamingAHigherPromiseStepsDownAndTheNextCandidacyWaitsAFullTimeOut() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        long ballot = h.proposer.ballot();
        assertEquals(List.of(), h.proposer.onPreempted(new Preempted(ballot, ballot)), "promised our own ballot: no preemption");
        assertTrue(h.proposer.isLeader());
        Command queued = ProposerHarness.command(1, 4);
        h.enqueue(queued);
        long higher = Ballot.next(ballot, 2);
        assertEquals(List.of(queued), h.proposer.onPreempted(new Preempted(ballot, higher)));
        assertEquals(Proposer.Role.FOLLOWER, h.proposer.role());
        assertEquals(2, h.proposer.leaderHint());
        long steppedDownAt = h.now;
        h.tickTo(steppedDownAt + ELECTION_TIMEOUT - 1);
        assertEquals(Proposer.Role.FOLLOWER, h.proposer.role(), "no new candidacy before a full time-out");
        h.tickTo(steppedDownAt + ELECTION_TIMEOUT);
        assertEquals(Proposer.Role.CANDIDATE, h.proposer.role());
        assertTrue(h.proposer.ballot() > higher, "above the ballot that preempted it");
    }
}
