package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.decree.engine.message.Phase1a;
import org.junit.jupiter.api.Test;

/**
 * What a flush tells the metrics about leadership: a replica that stood for election (candidate or leader at a
 * ballot of its own it had not reported) counts one election, once per ballot; a follower that only saw other
 * replicas' ballots counts none. Replicas of a {@link LocalCluster} driven by hand, with nothing delivered, so
 * each candidacy stays a candidacy.
 */
class ReplicaFlushMetricsTest {
    private static final ReplicaOptions OPTIONS = ReplicaOptions.defaults();

    /**
     * Ticks {@code r} alone in 5 ms steps (a longer gap would be excused as a stall) until its ballot is above
     * {@code above}: it stood for election. No flush in between.
     */
    private static void tickUntilItStands(LocalCluster c, Replica r, long above) {
        for (long until = c.now + OPTIONS.electionTimeoutMin() + OPTIONS.electionTimeoutRange() + 5; r.ballot() <= above; ) {
            if (c.now > until) throw new AssertionError("replica " + r.id() + " did not stand within an election time-out");
            c.now += 5;
            r.onTick();
        }
    }

    @Test
    void eachCandidacyIsCountedOnceAtTheFlushAfterIt() {
        LocalCluster c = new LocalCluster(3, OPTIONS, 81);
        Replica r = c.replica(1);
        tickUntilItStands(c, r, r.ballot());
        assertEquals(Proposer.Role.CANDIDATE, r.role(), "stood: nobody answers its 1a");
        assertEquals(0, r.metrics().elections.get(), "counted at the flush, not before");
        r.flush();
        assertEquals(1, r.metrics().elections.get(), "the candidacy counted");
        r.flush();
        assertEquals(1, r.metrics().elections.get(), "the same ballot counts once");
        long first = r.ballot();
        tickUntilItStands(c, r, first); // a new candidacy at a higher ballot
        r.flush();
        assertEquals(2, r.metrics().elections.get());
    }

    @Test
    void aFollowerThatOnlySeesAnotherReplicasBallotCountsNoElection() {
        LocalCluster c = new LocalCluster(3, OPTIONS, 82);
        Replica follower = c.replica(2);
        c.now += OPTIONS.leaseDuration(); // a started acceptor promises nobody for a lease duration
        follower.onMessage(1, new Phase1a(Ballot.of(3, 1), 0));
        follower.flush();
        assertEquals(Ballot.of(3, 1), follower.promised());
        assertEquals(Proposer.Role.FOLLOWER, follower.role());
        assertEquals(0, follower.metrics().elections.get());
    }
}
