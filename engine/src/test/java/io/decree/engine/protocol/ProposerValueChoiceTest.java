package io.decree.engine.protocol;

import static io.decree.engine.protocol.ProposerHarness.RETRANSMIT;
import static io.decree.engine.protocol.ProposerHarness.command;
import static io.decree.engine.protocol.ProposerHarness.decree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.CatchUpRequest;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2a;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SafeValue at a new leader: the highest-ballot vote reported by a member of the slot's own configuration is
 * proposed again, gaps below a reported vote are closed with no-ops, and slots a promise reported compacted
 * are learned (catch-up to the compaction floor), never proposed.
 */
class ProposerValueChoiceTest {
    private static final Configuration C123 = new Configuration(1, 2, 3);

    @Test
    void theHighestBallotVoteIsAdoptedAndGapsBelowAReportedVoteAreClosedWithNoOps() {
        ProposerHarness h = new ProposerHarness(1, Configuration.ofSize(5));
        h.stand();
        long lo = Ballot.of(0, 2), hi = Ballot.of(0, 4);
        // The higher vote is replica 2's in slot 0 and replica 3's in slot 1: whichever reply is looked at first.
        Decree first0 = decree(10), late0 = decree(11), first1 = decree(12), late1 = decree(13), last = decree(14);
        h.promise(2, 0, new Phase1b.Vote(0, hi, first0), new Phase1b.Vote(1, lo, first1));
        h.promise(3, 0, new Phase1b.Vote(0, lo, late0), new Phase1b.Vote(1, hi, late1), new Phase1b.Vote(3, lo, last));
        assertTrue(h.proposer.isLeader());
        h.propose();
        assertEquals(List.of(0L, 1L, 2L, 3L), h.proposedSlots(), "nothing after the last reported vote: the queue is empty");
        assertEquals(first0, h.proposedIn(0), "replica 2 voted at the higher ballot in slot 0");
        assertEquals(late1, h.proposedIn(1), "replica 3 voted at the higher ballot in slot 1");
        assertTrue(h.proposedIn(2).isNoop(), "slot 2 had no vote: a no-op closes the gap");
        assertEquals(last, h.proposedIn(3));
    }

    @Test
    void votesFromOutsideTheSlotsConfigurationAreNotAdoptedYetTheSlotIsClosed() {
        // Initial configuration 1,2,3; a change to 1,2,4 is chosen in slot 0 and governs from slot 2 (alpha 2).
        ProposerHarness h = new ProposerHarness(1, C123, ProposerHarness.options(2));
        h.learner.learn(0, Decree.reconfiguration(new Configuration(1, 2, 4)));
        h.stand();
        h.promise(2, 0);
        assertTrue(h.proposer.isLeader());
        Decree foreign = decree(40);
        h.promise(4, 0, new Phase1b.Vote(1, Ballot.of(0, 2), foreign)); // 4 votes from slot 2 on, not in slot 1
        h.drain();
        h.propose();
        assertEquals(List.of(1L), h.proposedSlots(), "slot 2 has no vote and the queue is empty");
        assertTrue(h.proposedIn(1).isNoop(), "SafeValue looks only at ConfigAt(1) = {1,2,3}: replica 4's vote is not adopted");
    }

    @Test
    void slotsBelowAPromisesCompactionPointAreLearnedFromItNeverProposed() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.stand();
        h.promise(2, 100); // replica 2 compacted below 100: those slots are chosen
        h.promise(3, 100); // as did replica 3, later: catch-up stays with the first
        Command c = command(1, 4);
        h.enqueue(c);
        h.propose();
        assertEquals(List.of(), h.sent(Phase2a.class), "no proposal below the floor: the votes there are gone");
        h.drain();
        h.tickFor(10);
        assertEquals(List.of(new CatchUpRequest(0, 64)), h.sent(CatchUpRequest.class), "at most maxCatchUpSlots at a time");
        assertEquals(List.of(2), h.receivers(CatchUpRequest.class));
        long askedAt = h.now;
        h.drain();
        h.tickTo(askedAt + RETRANSMIT - 1);
        assertEquals(List.of(), h.sent(CatchUpRequest.class), "not again within the retransmit interval");
        for (long s = 0; s < 64; s++) h.learner.learn(s, Decree.NOOP); // the reply arrived
        h.tickTo(askedAt + RETRANSMIT);
        assertEquals(List.of(new CatchUpRequest(64, 100)), h.sent(CatchUpRequest.class), "the rest, up to the floor");
        for (long s = 64; s < 100; s++) h.learner.learn(s, Decree.NOOP);
        h.drain();
        h.tickFor(2 * RETRANSMIT);
        assertEquals(List.of(), h.sent(CatchUpRequest.class), "caught up to the floor: nothing more to ask");
        h.propose();
        assertEquals(List.of(100L), h.proposedSlots());
        assertEquals(List.of(c), h.proposedIn(100).commands());
    }
}
