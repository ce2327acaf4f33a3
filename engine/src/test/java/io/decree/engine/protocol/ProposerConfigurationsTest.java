package io.decree.engine.protocol;

import static io.decree.engine.protocol.ProposerHarness.HEARTBEAT;
import static io.decree.engine.protocol.ProposerHarness.RETRANSMIT;
import static io.decree.engine.protocol.ProposerHarness.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.LeaseGrant;
import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase2a;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A leader across configuration changes (TLA+ MultiPaxosReconfig): a configuration entering the window needs
 * this ballot's promises before the leader proposes in its slots or serves a lease read, the 1a for it is
 * resent on the retransmit interval or when the first unchosen slot moves, slots of a configuration without
 * the leader are left to its members, and observers hear broadcasts once.
 */
class ProposerConfigurationsTest {
    private static final Configuration C123 = new Configuration(1, 2, 3);
    private static final Configuration C145 = new Configuration(1, 4, 5);

    /** Leader 1 of {1,2,3} (promises from 1 and 2), window 2, with a change to {@code next} chosen in slot 0. */
    private static ProposerHarness afterChange(Configuration next) {
        ProposerHarness h = new ProposerHarness(1, C123, ProposerHarness.options(2));
        h.elect(2);
        assertTrue(h.proposer.proposeControl(Decree.reconfiguration(next)));
        h.propose();
        h.ack(1, 0);
        h.ack(2, 0);
        assertEquals(next, h.configs.latest(), "the change is chosen and recorded");
        h.drain();
        return h;
    }

    @Test
    void aConfigurationEnteringTheWindowIsAskedForPromisesBeforeItsSlotsAreProposed() {
        ProposerHarness h = afterChange(C145);
        Command a = command(1, 4), b = command(2, 4);
        h.enqueue(a);
        h.enqueue(b);
        h.propose();
        assertEquals(List.of(4, 5), h.receivers(Phase1a.class),
                "{1,4,5} lacks promises (1 and 2 of {1,2,3} are enough there): asked of 4 and 5 only");
        assertEquals(List.of(1L), h.proposedSlots(), "slot 1 is still {1,2,3}'s; slot 2 is {1,4,5}'s and waits");
        assertEquals(List.of(a, b), h.proposedIn(1).commands());
        assertFalse(h.proposer.promisedBy(C145));
        assertTrue(h.proposer.promisedBy(C123));
    }

    @Test
    void aConfigurationEnteringTheWindowWithAQuorumAlreadyPromisedIsAskedNothing() {
        Configuration c124 = new Configuration(1, 2, 4);
        ProposerHarness h = afterChange(c124);
        Command a = command(1, 4);
        h.enqueue(a);
        h.propose();
        assertEquals(List.of(), h.sent(Phase1a.class), "1 and 2 promised: a quorum of {1,2,4} already");
        assertTrue(h.proposer.promisedBy(c124));
        assertEquals(List.of(a), h.proposedIn(1).commands());
    }

    @Test
    void theRequestForPromisesIsResentOnTheIntervalOrAsSoonAsTheFirstUnchosenSlotMoves() {
        ProposerHarness h = afterChange(C145);
        h.propose();
        long askedAt = h.now;
        assertEquals(List.of(4, 5), h.receivers(Phase1a.class));
        h.drain();
        h.now = askedAt + RETRANSMIT - 1;
        h.propose();
        assertEquals(List.of(), h.sent(Phase1a.class), "not again within the interval");
        h.now = askedAt + RETRANSMIT;
        h.propose();
        assertEquals(List.of(4, 5), h.receivers(Phase1a.class), "again at the interval");
        h.drain();
        h.enqueue(command(1, 4));
        h.propose();
        h.ack(1, 1);
        h.ack(2, 1); // slot 1 chosen: the first unchosen slot is 2, governed by {1,4,5}
        h.propose();
        assertEquals(List.of(new Phase1a(h.proposer.ballot(), 2), new Phase1a(h.proposer.ballot(), 2)), h.sent(Phase1a.class),
                "at once, from the new first unchosen slot");
    }

    @Test
    void aWindowConfigurationWithoutAQuorumOfPromisesBlocksLeaseReadsAndProposalsUntilItHasOne() {
        ProposerHarness h = afterChange(C145);
        h.enqueue(command(1, 4));
        h.propose();
        h.ack(1, 1);
        h.ack(2, 1); // first unchosen slot 2: the window is {1,4,5} alone
        Command c = command(2, 4);
        h.enqueue(c);
        h.drain();
        h.tickFor(HEARTBEAT);
        Heartbeat beat = h.sent(Heartbeat.class).get(0);
        h.proposer.onLeaseGrant(4, new LeaseGrant(h.proposer.ballot(), beat.leaseRound(), 2));
        assertTrue(h.proposer.leaseValidUntil() > h.now, "1 and 4 of {1,4,5} granted the lease");
        assertFalse(h.proposer.holdsLease(h.now), "but only 1 of {1,4,5} promised this ballot");
        h.propose();
        assertEquals(List.of(), h.sent(Phase2a.class), "no proposal in {1,4,5}'s slots yet");
        h.promise(4, 0);
        assertTrue(h.proposer.promisedBy(C145), "two of three");
        assertTrue(h.proposer.holdsLease(h.now));
        h.propose();
        assertEquals(List.of(2L), h.proposedSlots());
        assertEquals(List.of(1, 4, 5), h.receivers(Phase2a.class), "{1,4,5} decides slot 2");
        assertEquals(List.of(c), h.proposedIn(2).commands());
    }

    @Test
    void slotsOfAConfigurationWithoutTheLeaderAreLeftToItsMembersAndItStepsDownWhenItReachesThem() {
        ProposerHarness h = afterChange(new Configuration(2, 3, 4));
        h.propose();
        assertEquals(List.of(3, 4), h.receivers(Phase1a.class), "2 promised already");
        h.promise(3, 0);
        assertTrue(h.proposer.promisedBy(new Configuration(2, 3, 4)));
        Command a = command(1, 4), b = command(2, 4);
        h.enqueue(a);
        h.drain();
        h.propose();
        h.enqueue(b);
        h.propose();
        assertEquals(List.of(1L), h.proposedSlots(), "slot 2 belongs to {2,3,4}, which does not include replica 1");
        assertEquals(List.of(), h.proposer.checkMembership(), "slot 1 is still unchosen, and {1,2,3}'s");
        h.ack(1, 1);
        h.ack(2, 1);
        assertEquals(List.of(b), h.proposer.checkMembership(), "its first unchosen slot is now {2,3,4}'s: b goes back");
        assertEquals(Proposer.Role.FOLLOWER, h.proposer.role());
        assertEquals(0, h.proposer.leaderHint());
    }

    @Test
    void observersHearBroadcastsUntilTheyJoinAndThenOnlyOnce() {
        ProposerHarness h = new ProposerHarness(1, C123, ProposerHarness.options(2));
        h.elect(2);
        h.proposer.observers(new int[] {4, 5, 6});
        h.drain();
        h.tickFor(HEARTBEAT);
        assertEquals(List.of(2, 3, 4, 5, 6), h.receivers(Heartbeat.class));
        assertTrue(h.proposer.proposeControl(Decree.reconfiguration(new Configuration(1, 2, 3, 4))));
        h.propose();
        h.ack(1, 0);
        h.ack(2, 0);
        h.proposer.pruneObservers(); // 4 is in a configuration now: it hears every broadcast anyway
        h.drain();
        h.tickFor(HEARTBEAT);
        List<Integer> to = h.receivers(Heartbeat.class);
        assertEquals(1, Collections.frequency(to, 4), "4 hears one heartbeat, not two: " + to);
        assertEquals(List.of(2, 3, 4, 5, 6), to, "5 and 6 still observe");
        h.proposer.pruneObservers();
        h.drain();
        h.tickFor(HEARTBEAT);
        assertEquals(List.of(2, 3, 4, 5, 6), h.receivers(Heartbeat.class), "pruning again changes nothing");
    }
}
