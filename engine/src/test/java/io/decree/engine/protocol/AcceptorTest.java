package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2b;
import io.decree.engine.message.Preempted;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The acceptor's rules one message at a time (Phase1b and Phase2b of the spec, lease grants, compaction,
 * recovery), and that each state change is recorded in storage and marked for a sync before any reply leaves.
 */
class AcceptorTest {
    private static final long LEASE = 100;
    private static final Decree A = Decree.batch(List.of(new Command(1, 1, new byte[] {'a'})));
    private static final Decree B = Decree.batch(List.of(new Command(1, 2, new byte[] {'b'})));

    private final InMemoryAcceptorStorage storage = new InMemoryAcceptorStorage();

    /** An acceptor whose start-up lease (from time 0) has expired by time {@code LEASE}. */
    private Acceptor fresh() { return new Acceptor(1, storage, Mutants.none(), null, RecoveredState.empty(), LEASE, 0); }

    @Test
    void aPromiseIsGivenToAnyBallotAtLeastThePromisedOneAndIsDurableBeforeTheReply() {
        Acceptor a = fresh();
        long b1 = Ballot.of(1, 2);
        Message reply = a.onPhase1a(b1, 0, LEASE);
        Phase1b promise = (Phase1b) reply;
        assertEquals(b1, promise.ballot());
        assertEquals(b1, a.promised());
        assertTrue(a.needsSync(), "the promise must be synced before the 1b leaves");
        storage.sync();
        a.synced();
        assertFalse(a.needsSync());
        assertEquals(b1, storage.recover().promised(), "recorded in storage");
        // The same ballot again: still a promise, nothing new to sync.
        assertTrue(a.onPhase1a(b1, 0, LEASE) instanceof Phase1b);
        assertFalse(a.needsSync(), "re-promising the same ballot writes nothing");
        // A lower ballot is refused and told the promise.
        Preempted refused = (Preempted) a.onPhase1a(Ballot.of(0, 3), 0, LEASE);
        assertEquals(new Preempted(Ballot.of(0, 3), b1), refused);
        assertEquals(b1, a.promised());
    }

    @Test
    void aVoteIsCastAtOrAbovePromiseOnlyAndReportedInLaterPromisesFromTheAskedSlot() {
        Acceptor a = fresh();
        long b1 = Ballot.of(1, 2);
        a.onPhase1a(b1, 0, LEASE);
        a.synced();
        assertEquals(new Phase2b(b1, 4), a.onPhase2a(b1, 4, A));
        assertTrue(a.needsSync(), "the vote must be synced before the 2b leaves");
        assertEquals(b1, a.voteBallot(4));
        assertSame(A, a.votedAt(4, b1));
        assertNull(a.votedAt(4, Ballot.of(2, 2)), "no vote at another ballot");
        assertEquals(Ballot.NONE, a.voteBallot(5));
        assertNull(a.votedAt(5, b1));
        // A higher 2a raises the promise and replaces the vote.
        long b2 = Ballot.of(2, 3);
        assertEquals(new Phase2b(b2, 4), a.onPhase2a(b2, 4, B));
        assertEquals(b2, a.promised());
        assertSame(B, a.votedAt(4, b2));
        storage.sync();
        assertEquals(b2, storage.recover().promised(), "the raised promise was recorded");
        assertEquals(b2, storage.recover().votes().get(4L).ballot());
        // A lower 2a is refused and changes no vote.
        a.synced();
        assertEquals(new Preempted(b1, b2), a.onPhase2a(b1, 4, A));
        assertSame(B, a.votedAt(4, b2));
        assertFalse(a.needsSync(), "a refusal writes nothing");
        a.onPhase2a(b2, 7, A);
        Phase1b report = (Phase1b) a.onPhase1a(Ballot.of(3, 1), 5, LEASE);
        assertEquals(List.of(new Phase1b.Vote(7, b2, A)), report.votes(), "only votes from the asked slot on");
        assertEquals(5, report.fromSlot());
        assertEquals(0, report.compactedBelow());
        Phase1b all = (Phase1b) a.onPhase1a(Ballot.of(3, 1), 4, LEASE);
        assertEquals(2, all.votes().size(), "the asked slot itself is included");
        assertEquals(2, a.votes().size());
    }

    @Test
    void anUnexpiredLeaseHoldsOffOtherCandidatesButNotTheHolder() {
        Acceptor a = fresh();
        long leader = Ballot.of(1, 2);
        a.onPhase1a(leader, 0, LEASE);
        assertTrue(a.grantLease(leader, 200));
        assertEquals(leader, a.leaseBallot());
        assertEquals(300, a.leaseUntil());
        assertNull(a.onPhase1a(Ballot.of(2, 3), 0, 299), "another replica's candidacy waits out the lease");
        assertEquals(leader, a.promised(), "and is not promised");
        assertTrue(a.onPhase1a(Ballot.of(2, 2), 0, 299) instanceof Phase1b, "the lease holder's own higher ballot is promised");
        assertTrue(a.onPhase1a(Ballot.of(3, 3), 0, 300) instanceof Phase1b, "at expiry the lease no longer holds anyone off");
        assertFalse(a.grantLease(Ballot.of(2, 2), 300), "no grant below the promise");
        assertTrue(a.grantLease(Ballot.of(3, 3), 300), "a new holder once the old lease expired");
        assertEquals(400, a.leaseUntil());
        assertFalse(a.grantLease(Ballot.of(4, 1), 399), "another holder is refused while the lease runs");
        assertTrue(a.grantLease(Ballot.of(3, 3), 350));
        assertEquals(450, a.leaseUntil(), "a renewal extends it");
        assertTrue(a.grantLease(Ballot.of(3, 3), 310));
        assertEquals(450, a.leaseUntil(), "an older renewal never shortens it");
    }

    @Test
    void aFreshAcceptorHoldsOffCandidatesForOneLeaseAfterStartUp() {
        Acceptor a = new Acceptor(1, storage, Mutants.none(), null, RecoveredState.empty(), LEASE, 1_000);
        assertEquals(1_100, a.leaseUntil());
        assertNull(a.onPhase1a(Ballot.of(1, 2), 0, 1_099), "a restarted acceptor may have granted a lease it forgot");
        assertTrue(a.onPhase1a(Ballot.of(1, 2), 0, 1_100) instanceof Phase1b);
    }

    @Test
    void compactionDropsVotesBelowThePointAndPromisesReportIt() {
        Acceptor a = fresh();
        long b = Ballot.of(1, 2);
        a.onPhase1a(b, 0, LEASE);
        for (long s = 0; s < 6; s++) a.onPhase2a(b, s, A);
        a.compactBelow(4);
        assertEquals(4, a.compactedBelow());
        assertEquals(Ballot.NONE, a.voteBallot(3));
        assertEquals(b, a.voteBallot(4), "the compaction point itself is kept");
        a.compactBelow(2);
        assertEquals(4, a.compactedBelow(), "compaction never goes back");
        a.compactBelow(4);
        assertEquals(4, a.compactedBelow());
        assertEquals(b, a.promised(), "compaction changes no promise");
        Phase1b report = (Phase1b) a.onPhase1a(Ballot.of(2, 3), 0, LEASE);
        assertEquals(4, report.compactedBelow());
        assertEquals(List.of(4L, 5L), report.votes().stream().map(Phase1b.Vote::slot).toList());
    }

    @Test
    void recoveryRestoresThePromiseAtLeastTheHighestVoteAndSkipsVotesBelowTheSnapshot() {
        TreeMap<Long, RecoveredState.Vote> votes = new TreeMap<>();
        votes.put(1L, new RecoveredState.Vote(Ballot.of(1, 1), A.encoded()));
        votes.put(3L, new RecoveredState.Vote(Ballot.of(4, 2), B.encoded()));
        votes.put(5L, new RecoveredState.Vote(Ballot.of(2, 2), A.encoded()));
        RecoveredState state = new RecoveredState(Ballot.of(3, 1), votes, new TreeMap<>(), 2, new byte[] {1});
        Acceptor a = new Acceptor(1, storage, Mutants.none(), null, state, LEASE, 0);
        assertEquals(Ballot.of(4, 2), a.promised(), "never below a vote it cast");
        assertEquals(2, a.compactedBelow());
        assertEquals(Ballot.NONE, a.voteBallot(1), "below the snapshot: gone");
        assertEquals(B, a.votedAt(3, Ballot.of(4, 2)));
        assertEquals(A, a.votedAt(5, Ballot.of(2, 2)));
        assertFalse(a.needsSync(), "recovered state is already durable");
        RecoveredState higherPromise = new RecoveredState(Ballot.of(9, 1), votes, new TreeMap<>());
        assertEquals(Ballot.of(9, 1), new Acceptor(1, storage, Mutants.none(), null, higherPromise, LEASE, 0).promised());
    }
}
