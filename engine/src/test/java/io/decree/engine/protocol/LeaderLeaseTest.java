package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leader's lease bookkeeping: a round's grants count only once a quorum of every configuration of the
 * window granted, the lease runs from when the round was sent (not when the grants came back), and stale or
 * future rounds count for nothing.
 */
class LeaderLeaseTest {
    private static final ReplicaOptions OPTIONS = ReplicaOptions.defaults(); // leaderLease() = 135 ms
    private static final Configuration C123 = new Configuration(1, 2, 3);
    private static final Configuration C345 = new Configuration(3, 4, 5);

    private static LeaderLease lease() { return new LeaderLease(OPTIONS, Mutants.none(), Configuration::quorumSize); }

    @Test
    void aQuorumOfGrantsForARoundMakesTheLeaseRunFromWhenTheRoundWasSent() {
        LeaderLease l = lease();
        l.begin(0);
        assertEquals(Long.MIN_VALUE, l.validUntil());
        long r = l.open(100);
        assertEquals(1, r);
        l.grant(1, r, List.of(C123));
        assertFalse(l.covers(100, List.of(C123)), "one grant of three is no quorum");
        l.grant(1, r, List.of(C123));
        assertFalse(l.covers(100, List.of(C123)), "the same replica twice is still one");
        l.grant(2, r, List.of(C123));
        assertEquals(100 + OPTIONS.leaderLease(), l.validUntil(), "from the send time, not the grant's arrival");
        assertTrue(l.covers(100 + OPTIONS.leaderLease() - 1, List.of(C123)));
        assertFalse(l.covers(100 + OPTIONS.leaderLease(), List.of(C123)), "expired at its end");
        assertFalse(l.covers(150, List.of(C345)), "another window is not covered");
        l.revoke();
        assertFalse(l.covers(150, List.of(C123)));
    }

    @Test
    void everyConfigurationOfTheWindowNeedsItsOwnQuorum() {
        LeaderLease l = lease();
        l.begin(0);
        List<Configuration> both = List.of(C123, C345);
        long r = l.open(10);
        l.grant(1, r, both);
        l.grant(2, r, both);
        assertFalse(l.covers(20, both), "C345 has no quorum yet");
        l.grant(3, r, both);
        assertFalse(l.covers(20, both), "3 alone of C345 is no quorum");
        l.grant(4, r, both);
        assertTrue(l.covers(20, both));
        assertEquals(10 + OPTIONS.leaderLease(), l.validUntil());
    }

    @Test
    void aLaterRoundExtendsTheLeaseAndALateGrantForAnOlderRoundNeverShortensIt() {
        LeaderLease l = lease();
        l.begin(0);
        long r1 = l.open(10);
        long r2 = l.open(50);
        assertEquals(r1 + 1, r2);
        l.grant(1, r2, List.of(C123));
        l.grant(2, r2, List.of(C123));
        assertEquals(50 + OPTIONS.leaderLease(), l.validUntil());
        l.grant(1, r1, List.of(C123));
        l.grant(2, r1, List.of(C123));
        assertEquals(50 + OPTIONS.leaderLease(), l.validUntil(), "the older round's end is earlier: ignored");
    }

    @Test
    void grantsForRoundsNotOpenOrTooOldToRememberCountForNothing() {
        LeaderLease l = lease();
        l.begin(0);
        long first = l.open(10);
        l.grant(1, first + 1, List.of(C123));
        l.grant(2, first + 1, List.of(C123));
        assertEquals(Long.MIN_VALUE, l.validUntil(), "a round not opened yet");
        for (int i = 0; i < 16; i++) l.open(20 + i);
        l.grant(1, first, List.of(C123));
        l.grant(2, first, List.of(C123));
        assertEquals(Long.MIN_VALUE, l.validUntil(), "16 rounds later, the first one's slot is reused: its grants are stale");
        long last = first + 16;
        l.grant(1, last - 15, List.of(C123));
        l.grant(2, last - 15, List.of(C123));
        assertEquals(20 + OPTIONS.leaderLease(), l.validUntil(), "the oldest round still remembered (sent at 20) counts");
    }

    @Test
    void aChangedWindowRestartsTheLease() {
        LeaderLease l = lease();
        l.begin(0);
        long r = l.open(100);
        l.grant(1, r, List.of(C123));
        l.grant(2, r, List.of(C123));
        long r2 = l.open(10); // an earlier send time, to see the reset: the new window does not inherit
        l.grant(3, r2, List.of(C345));
        l.grant(4, r2, List.of(C345));
        assertEquals(10 + OPTIONS.leaderLease(), l.validUntil());
        assertTrue(l.covers(20, List.of(C345)));
        assertFalse(l.covers(20, List.of(C123)));
    }

    @Test
    void aQuorumSilentForLongerThanTheTimeoutIsNoticedAndExcusedStallsDoNotCount() {
        LeaderLease l = lease();
        l.begin(1_000);
        assertFalse(l.quorumSilentFor(1_150, 150), "exactly the time-out is not yet longer");
        assertTrue(l.quorumSilentFor(1_151, 150));
        l.excuse(100); // this replica itself was stalled for 100 ms: its peers were not silent
        assertFalse(l.quorumSilentFor(1_250, 150));
        long r = l.open(1_300);
        l.grant(1, r, List.of(C123));
        l.grant(2, r, List.of(C123));
        assertFalse(l.quorumSilentFor(1_450, 150), "a quorum answered the round sent at 1300");
        assertTrue(l.quorumSilentFor(1_451, 150));
        l.begin(2_000);
        assertEquals(Long.MIN_VALUE, l.validUntil(), "a new term starts without a lease");
        assertFalse(l.quorumSilentFor(2_100, 150));
    }
}
