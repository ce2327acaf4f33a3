package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.CatchUpReply;
import io.decree.engine.message.CatchUpRequest;
import io.decree.engine.message.Commit;
import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.LeaseGrant;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2b;
import io.decree.engine.message.Preempted;
import io.decree.engine.message.SnapshotChunk;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * One follower (replica 2 of three) driven message by message, with a log of what it sends and when its
 * storage syncs: who it takes for the leader, what a commit without its vote does, a heartbeat from below
 * its promise, when it asks for catch-up (once per retransmit interval, never during a snapshot transfer,
 * at once after an installed snapshot) and that lease grants (and, once it leads, heartbeats) leave before the
 * sync that votes wait for.
 */
class ReplicaFollowerTest {
    private static final long LEADER = Ballot.of(1, 1), HIGHER = Ballot.of(2, 3);
    private static final ReplicaOptions OPTIONS = ReplicaOptions.defaults().withSnapshots(0, 32);

    /** What the follower did, in order: "sync", or "to N: message". */
    private final List<String> log = new ArrayList<>();
    private final List<Message> sent = new ArrayList<>();
    private long now = 1_000;

    private final AcceptorStorage storage = new AcceptorStorage() {
        final InMemoryAcceptorStorage d = new InMemoryAcceptorStorage();

        @Override public void recordPromise(long ballot) { d.recordPromise(ballot); }

        @Override public void recordVote(long slot, long ballot, byte[] decree) { d.recordVote(slot, ballot, decree); }

        @Override public void recordChosen(long slot, byte[] decree) { d.recordChosen(slot, decree); }

        @Override public void sync() {
            log.add("sync");
            d.sync();
        }

        @Override public RecoveredState recover() { return d.recover(); }

        @Override public void saveSnapshot(long nextSlot, byte[] snapshot) { d.saveSnapshot(nextSlot, snapshot); }

        @Override public void truncateBelow(long slot) { d.truncateBelow(slot); }

        @Override public void close() { }
    };

    private final Replica follower = Replica.builder().id(2).configuration(Configuration.ofSize(3)).options(OPTIONS).environment(new Environment() {
        final SplittableRandom random = new SplittableRandom(9);

        @Override public long now() { return now; }

        @Override public RandomGenerator random() { return random; }

        @Override public void send(int to, Message message) {
            log.add("to " + to + ": " + message.getClass().getSimpleName());
            sent.add(message);
        }
    }).stateMachine(new KvStateMachine()).storage(storage).build();

    private void deliver(int from, Message m) {
        follower.onMessage(from, m);
        follower.flush();
    }

    private <T extends Message> List<T> sent(Class<T> kind) {
        return sent.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static Decree put(long seq) { return Decree.batch(List.of(new Command(7, seq, KvCommand.put("k", "v" + seq).encode()))); }

    @Test
    void aPhase2aACommitOrAHeartbeatOfTheCurrentLeaderNamesIt() {
        deliver(1, new Phase2a(LEADER, 0, put(1)));
        assertEquals(1, follower.leaderHint(), "after a 2a");
        Replica other = new ReplicaFollowerTest().follower;
        other.onMessage(1, new Commit(LEADER, 0));
        assertEquals(1, other.leaderHint(), "after a commit");
        Replica third = new ReplicaFollowerTest().follower;
        third.onMessage(1, new Heartbeat(LEADER, 0, 1));
        assertEquals(1, third.leaderHint(), "after a heartbeat");
    }

    @Test
    void aCommitForASlotNotVotedAtItsBallotLearnsNothing() {
        deliver(1, new Commit(LEADER, 0));
        assertEquals(0, follower.firstUnchosen());
        deliver(1, new Phase2a(LEADER, 0, put(1)));
        deliver(1, new Commit(Ballot.of(1, 3), 0));
        assertEquals(0, follower.firstUnchosen(), "voted at another ballot: not known chosen");
        deliver(1, new Commit(LEADER, 0));
        assertEquals(1, follower.firstUnchosen(), "the vote the commit names: learned");
    }

    @Test
    void aHeartbeatFromBelowThePromiseIsAnsweredPreemptedAndOneAtThePromiseIsNot() {
        now += OPTIONS.leaseDuration(); // a started acceptor promises nobody for a lease duration
        deliver(3, new Phase1a(HIGHER, 0));
        sent.clear();
        deliver(1, new Heartbeat(LEADER, 0, 1));
        assertEquals(List.of(new Preempted(LEADER, HIGHER)), sent(Preempted.class), "the old leader learns it cannot reach this acceptor");
        sent.clear();
        deliver(3, new Heartbeat(HIGHER, 0, 1));
        assertEquals(List.of(), sent(Preempted.class));
        assertEquals(1, sent(LeaseGrant.class).size(), "the current leader gets its grant");
    }

    @Test
    void aFollowerBehindTheLeadersHeartbeatAsksForCatchUpOncePerRetransmitInterval() {
        deliver(1, new Phase2a(LEADER, 0, put(1))); // promised the leader's ballot
        sent.clear();
        deliver(1, new Heartbeat(LEADER, 0, 1));
        assertEquals(List.of(), sent(CatchUpRequest.class), "not behind: nothing to ask");
        deliver(1, new Heartbeat(LEADER, 5, 2));
        assertEquals(List.of(new CatchUpRequest(0, 5)), sent(CatchUpRequest.class), "behind a leader at its promise: asks");
        now += OPTIONS.retransmitInterval() - 1;
        deliver(1, new Heartbeat(LEADER, 6, 3));
        assertEquals(1, sent(CatchUpRequest.class).size(), "one request in flight at a time");
        now += 1;
        deliver(1, new Heartbeat(LEADER, 6, 4));
        assertEquals(List.of(new CatchUpRequest(0, 5), new CatchUpRequest(0, 6)), sent(CatchUpRequest.class), "asked again after the interval");
        deliver(1, new CatchUpReply(0, List.of(put(1), put(2))));
        assertEquals(2, follower.firstUnchosen());
        deliver(1, new Heartbeat(LEADER, 6, 5));
        assertEquals(new CatchUpRequest(2, 6), sent(CatchUpRequest.class).get(2), "a reply ends the request in flight: the next one goes at once");
    }

    @Test
    void noCatchUpIsAskedWhileASnapshotIsOnItsWay() {
        byte[] snapshot = SnapshotTransferTest.sourceSnapshot(10);
        deliver(1, new Phase2a(LEADER, 0, put(1)));
        deliver(1, new Heartbeat(LEADER, 20, 1));
        assertEquals(1, sent(CatchUpRequest.class).size());
        now += OPTIONS.retransmitInterval();
        deliver(1, new SnapshotChunk(10, 0, snapshot.length, Arrays.copyOf(snapshot, 32)));
        deliver(1, new Heartbeat(LEADER, 20, 2));
        assertEquals(1, sent(CatchUpRequest.class).size(), "a snapshot is on its way: no catch-up by log");
    }

    @Test
    void anInstalledSnapshotEndsTheCatchUpRequestInFlight() {
        byte[] snapshot = SnapshotTransferTest.sourceSnapshot(10);
        deliver(1, new Phase2a(LEADER, 0, put(1)));
        deliver(1, new Heartbeat(LEADER, 20, 1));
        assertEquals(List.of(new CatchUpRequest(0, 20)), sent(CatchUpRequest.class));
        deliver(1, new SnapshotChunk(10, 0, snapshot.length, snapshot));
        assertEquals(10, follower.applied(), "installed");
        deliver(1, new Heartbeat(LEADER, 20, 2));
        assertEquals(List.of(new CatchUpRequest(0, 20), new CatchUpRequest(10, 20)), sent(CatchUpRequest.class),
                "the tail after the snapshot is asked for at once, within the retransmit interval of the first request");
    }

    @Test
    void aChunkThatInstallsNothingLeavesTheCatchUpRequestInFlight() {
        deliver(1, new Phase2a(LEADER, 0, put(1)));
        deliver(1, new Heartbeat(LEADER, 20, 1));
        assertEquals(1, sent(CatchUpRequest.class).size());
        deliver(1, new SnapshotChunk(0, 0, 5, new byte[5])); // stale: covers nothing this replica lacks
        deliver(1, new Heartbeat(LEADER, 20, 2));
        assertEquals(1, sent(CatchUpRequest.class).size(), "still one request in flight");
    }

    @Test
    void asLeaderItsHeartbeatsLeaveBeforeTheSyncThatItsProposalsWaitFor() {
        for (int ms = 0; sent(Phase1a.class).isEmpty(); ms += 5) { // ticks in small steps: a long gap counts as a stall
            assertTrue(ms < 1_000, "no election within a second of silence");
            now += 5;
            follower.onTick();
            follower.flush();
        }
        assertEquals(2, sent(Phase1a.class).size(), "stood for election");
        deliver(1, new Phase1b(follower.ballot(), 0, 0, List.of()));
        assertEquals(Proposer.Role.LEADER, follower.role(), "its own promise and replica 1's");
        follower.submit(KvCommand.put("k", "v").encode());
        follower.flush();
        Phase2a own = sent(Phase2a.class).get(0); // to every member, itself included
        // One turn: its acceptor votes (a 2b that waits for the sync), then the heartbeat timer fires.
        log.clear();
        follower.onMessage(2, own);
        now += OPTIONS.heartbeatInterval();
        follower.onTick();
        follower.flush();
        assertEquals(List.of("to 1: Heartbeat", "to 3: Heartbeat", "sync", "to 2: Phase2b"), log, "heartbeats leave before the sync, the 2b after it");
    }

    @Test
    void leaseGrantsLeaveBeforeTheSyncThatTheVotesWaitFor() {
        follower.onMessage(1, new Phase2a(LEADER, 0, put(1)));
        follower.onMessage(1, new Heartbeat(LEADER, 0, 1));
        follower.flush();
        assertEquals(List.of("to 1: LeaseGrant", "sync", "to 1: Phase2b"), log);
        assertTrue(sent.get(1) instanceof Phase2b);
        assertEquals(List.of(new Phase1b.Vote(0, LEADER, put(1))), follower.votes(), "the vote, as the simulator's invariants read it");
        log.clear();
        deliver(1, new Heartbeat(LEADER, 0, 2));
        assertEquals(List.of("to 1: LeaseGrant"), log, "nothing new to make durable: no sync");
    }
}
