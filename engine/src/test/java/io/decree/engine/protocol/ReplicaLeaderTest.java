package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.NotLeaderException;
import io.decree.engine.message.CatchUpReply;
import io.decree.engine.message.CatchUpRequest;
import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Preempted;
import io.decree.engine.message.SnapshotChunk;
import io.decree.engine.metrics.ReplicaMetrics;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.statemachine.MalformedCommandException;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * What a leader replica does with its clients' requests and its peers' catch-up requests, on
 * {@link LocalCluster}: local submissions time out at their deadline in submission order, a resubmission
 * shares the first one's outcome, a command of exactly the size limit is accepted, a step-down on a timer
 * gives back the queued commands, a lease read answers at once, a change is proposed in the turn it is
 * asked for, and catch-up is served by log from the first retained slot, by snapshot below it.
 */
class ReplicaLeaderTest {
    private static final int CLIENT = 1_000;

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private static byte[] put(String k, String v) { return KvCommand.put(k, v).encode(); }

    /** Ticks in steps of at most 5 ms until the clock reads {@code t}. */
    private static void tickTo(LocalCluster c, long t) {
        while (c.now < t) c.tick(Math.min(5, t - c.now));
    }

    @Test
    void theBuilderTakesTheGivenMetricsMutantsAndWriter() {
        ReplicaMetrics metrics = new ReplicaMetrics(1, System::nanoTime);
        Environment env = new Environment() {
            final SplittableRandom random = new SplittableRandom(1);

            @Override public long now() { return 0; }

            @Override public RandomGenerator random() { return random; }

            @Override public void send(int to, Message message) { }
        };
        Replica r = Replica.builder().id(1).configuration(Configuration.ofSize(3)).environment(env).stateMachine(new KvStateMachine())
                .storage(new InMemoryAcceptorStorage()).mutants(Mutants.none()).metrics(metrics).checkpointWriter(Runnable::run).build();
        assertSame(metrics, r.metrics(), "the replica records into the metrics it was given");
    }

    @Test
    void localRequestsTimeOutAtTheirDeadlineOneByOneInSubmissionOrder() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 61);
        Replica leader = c.awaitLeader();
        for (int id = 1; id <= 3; id++) if (id != leader.id()) c.cut(leader.id(), id, true); // nothing gets chosen
        long firstDeadline = c.now + ReplicaOptions.defaults().requestTimeout();
        CompletableFuture<byte[]> first = leader.submit(put("a", "1"));
        leader.flush();
        c.tick(5);
        CompletableFuture<byte[]> second = leader.submit(put("b", "2"));
        leader.flush();
        assertEquals(2, leader.pendingLocal());
        tickTo(c, firstDeadline - 1);
        assertFalse(first.isDone(), "not before its deadline");
        c.tick(1);
        assertInstanceOf(TimeoutException.class, failure(first), "at its deadline");
        assertFalse(second.isDone(), "the later one waits for its own deadline");
        assertEquals(1, leader.pendingLocal(), "the timed-out one is forgotten");
        c.tick(5);
        assertInstanceOf(TimeoutException.class, failure(second));
        assertEquals(0, leader.pendingLocal());
    }

    @Test
    void aResubmissionSharesTheFirstSubmissionsOutcome() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 62);
        Replica leader = c.awaitLeader();
        Command cmd = new Command(7, 1, put("k", "v"));
        CompletableFuture<byte[]> first = leader.submit(cmd);
        CompletableFuture<byte[]> again = leader.submit(cmd);
        leader.flush();
        c.runUntil(() -> first.isDone() && again.isDone(), 2_000, "both outcomes");
        assertArrayEquals(KvStateMachine.encodeResult(null), first.join());
        assertArrayEquals(KvStateMachine.encodeResult(null), again.join());

        for (int id = 1; id <= 3; id++) if (id != leader.id()) c.cut(leader.id(), id, true);
        Command lost = new Command(7, 2, put("k", "w"));
        CompletableFuture<byte[]> lostFirst = leader.submit(lost);
        CompletableFuture<byte[]> lostAgain = leader.submit(lost);
        leader.flush();
        c.runUntil(lostFirst::isDone, 3_000, "the time-out");
        assertInstanceOf(TimeoutException.class, failure(lostAgain));
        assertInstanceOf(TimeoutException.class, failure(lostFirst), "the first submission fails as its resubmission does");
    }

    @Test
    void aCommandOfExactlyTheSizeLimitIsAcceptedAndOneByteMoreIsNot() {
        byte[] exact = put("k", "x".repeat(40));
        ReplicaOptions d = ReplicaOptions.defaults();
        ReplicaOptions options = new ReplicaOptions(d.window(), d.maxBatchCommands(), d.maxBatchBytes(), exact.length, d.heartbeatInterval(), d.electionTimeoutMin(),
                d.electionTimeoutRange(), d.retransmitInterval(), d.requestTimeout(), d.maxCatchUpSlots(), d.leaseDuration(), d.maxClockDrift(), d.snapshotInterval(), d.snapshotChunkBytes());
        LocalCluster c = new LocalCluster(3, options, 63);
        Replica leader = c.awaitLeader();
        assertArrayEquals(KvStateMachine.encodeResult(null), c.submit(leader, exact));
        CompletableFuture<byte[]> tooLarge = leader.submit(put("k", "x".repeat(41)));
        assertInstanceOf(io.decree.engine.client.CommandTooLargeException.class, failure(tooLarge));
    }

    @Test
    void aLeaderThatStepsDownOnItsTimerGivesBackItsQueuedCommandsAtOnce() {
        // A window of one slot: the first command is in flight, the second waits in the queue.
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults().withWindow(1), 64);
        Replica leader = c.awaitLeader();
        c.isolate(leader.id(), true);
        CompletableFuture<byte[]> inFlight = leader.submit(put("a", "1"));
        leader.flush(); // proposed: its decree fills the window
        CompletableFuture<byte[]> queued = leader.submit(put("b", "2"));
        leader.flush();
        long start = c.now;
        c.runUntil(queued::isDone, 1_000, "the step-down");
        assertTrue(c.now - start < ReplicaOptions.defaults().requestTimeout(), "long before the request time-out");
        assertInstanceOf(NotLeaderException.class, failure(queued));
        assertTrue(leader.role() != Proposer.Role.LEADER);
        assertFalse(inFlight.isDone(), "a proposed command may still be chosen: it waits for its outcome or time-out");
    }

    @Test
    void aLeaderRemovedByAChangeGivesBackTheCommandsItCouldNotProposeWhenItStepsDown() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults().withWindow(2), 70);
        Replica leader = c.awaitLeader();
        Configuration without = new Configuration(java.util.Arrays.stream(new int[] {1, 2, 3}).filter(r -> r != leader.id()).toArray());
        CompletableFuture<Long> change = leader.reconfigure(without);
        leader.flush();
        c.runUntil(change::isDone, 2_000, "the removal is chosen");
        long governsFrom = change.join();
        assertEquals(governsFrom - 1, leader.firstUnchosen(), "one slot left in which the old configuration governs");
        CompletableFuture<byte[]> last = leader.submit(put("a", "1"));
        leader.flush(); // proposed in that last slot
        CompletableFuture<byte[]> left = leader.submit(put("b", "2"));
        leader.flush(); // the next slot is the new configuration's: queued
        assertFalse(left.isDone());
        c.deliverAll(); // the last slot is chosen: the first unchosen slot is no longer this leader's to propose in
        assertArrayEquals(KvStateMachine.encodeResult(null), last.join());
        assertTrue(leader.role() != Proposer.Role.LEADER);
        assertInstanceOf(NotLeaderException.class, failure(left), "given back at the step-down, not left to time out");
    }

    @Test
    void aNetworkClientThatSentItsRequestTwiceIsRedirectedOnce() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 65);
        Replica leader = c.awaitLeader();
        ClientRequest request = new ClientRequest(new Command(9, 1, put("n", "1")), false);
        leader.onMessage(CLIENT, request);
        leader.onMessage(CLIENT, request);
        int other = leader.id() % 3 + 1;
        leader.onMessage(other, new Preempted(leader.ballot(), Ballot.next(leader.ballot(), other)));
        leader.flush();
        List<ClientReply> replies = c.toClients.stream().filter(e -> e.to() == CLIENT).map(e -> (ClientReply) e.message()).toList();
        assertEquals(1, replies.size(), "one NOT_LEADER for the request, not one per copy queued: " + replies);
        assertEquals(ClientReply.Status.NOT_LEADER, replies.get(0).status());
    }

    @Test
    void aLeaseReadIsAnsweredAtOnceAndAWriteAsAQueryIsRefused() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 66);
        Replica leader = c.awaitLeader();
        c.submit(leader, put("r", "v"));
        c.runUntil(leader::holdsLease, 2_000, "a lease");
        long served = leader.leaseReadsServed();
        CompletableFuture<byte[]> read = leader.read(KvCommand.get("r").encode());
        assertTrue(read.isDone(), "no round trip");
        assertArrayEquals(KvStateMachine.encodeResult("v"), read.join());
        assertEquals(served + 1, leader.leaseReadsServed());
        assertInstanceOf(MalformedCommandException.class, failure(leader.read(put("r", "w"))));
        CompletableFuture<byte[]> viaLog = c.replica(leader.id() % 3 + 1).read(KvCommand.get("r").encode());
        assertInstanceOf(NotLeaderException.class, failure(viaLog), "no lease: a follower's read goes to the log, which only the leader proposes in");
    }

    @Test
    void eachFlushIsASpecStepAfterTheStepsItMadeDurable() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 71);
        Replica leader = c.awaitLeader();
        c.trace.clear();
        c.submit(leader, put("t", "1"));
        int vote = c.trace.indexOf("2b " + leader.id() + " " + Ballot.toString(leader.ballot()) + " 0");
        assertTrue(vote >= 0, "the leader voted in slot 0: " + c.trace);
        assertTrue(c.trace.subList(vote, c.trace.size()).contains("flushed " + leader.id()), "and flushed after: " + c.trace);
    }

    @Test
    void aLeaderLeadsInTheConfigurationsWhoseQuorumPromisedItsBallotOnly() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 69);
        Replica leader = c.awaitLeader();
        assertTrue(leader.leadsIn(Configuration.ofSize(3)));
        assertFalse(leader.leadsIn(new Configuration(4, 5, 6)), "nobody there promised");
        assertFalse(c.replica(leader.id() % 3 + 1).leadsIn(Configuration.ofSize(3)), "a follower leads nowhere");
    }

    @Test
    void aChangeIsProposedInTheTurnItIsAskedFor() {
        LocalCluster c = new LocalCluster(4, new Configuration(1, 2, 3), ReplicaOptions.defaults().withWindow(4), 67);
        Replica leader = c.awaitLeader();
        c.wire.clear();
        leader.reconfigure(new Configuration(1, 2, 3, 4));
        leader.flush();
        assertTrue(c.wire.stream().anyMatch(e -> e.message() instanceof Phase2a p && p.decree().isReconfiguration()),
                "nothing to wait for (no slot chosen yet): its 2a leaves with this turn's flush");
    }

    @Test
    void catchUpIsServedByLogFromTheFirstRetainedSlotAndBySnapshotBelowIt() {
        ReplicaOptions options = ReplicaOptions.defaults().withWindow(4).withSnapshots(8, 4096);
        LocalCluster c = new LocalCluster(3, options, 68);
        Replica leader = c.awaitLeader();
        for (int i = 0; i < 20; i++) c.submit(leader, put("k" + i % 3, "v" + i));
        c.tick(options.heartbeatInterval());
        long retained = leader.retainedFrom();
        assertTrue(retained > 0, "the log was truncated: " + retained);
        int peer = leader.id() % 3 + 1;

        c.wire.clear();
        leader.onMessage(peer, new CatchUpRequest(retained, retained + 3));
        leader.flush();
        List<Message> answer = c.wire.stream().filter(e -> e.to() == peer).map(LocalCluster.Envelope::message)
                .filter(m -> m instanceof CatchUpReply || m instanceof SnapshotChunk).toList();
        assertEquals(1, answer.size(), answer.toString());
        CatchUpReply reply = assertInstanceOf(CatchUpReply.class, answer.get(0), "the first retained slot is served by log");
        assertEquals(retained, reply.fromSlot());
        assertEquals(List.of(leader.chosen(retained), leader.chosen(retained + 1), leader.chosen(retained + 2)), reply.decrees());

        c.wire.clear();
        leader.onMessage(peer, new CatchUpRequest(retained - 1, retained + 3));
        leader.flush();
        assertTrue(c.wire.stream().anyMatch(e -> e.to() == peer && e.message() instanceof SnapshotChunk s && s.offset() == 0),
                "one slot below: gone from the log, the snapshot stands for it");

        c.wire.clear();
        long first = leader.firstUnchosen();
        leader.onMessage(peer, new CatchUpRequest(first, first + 5));
        leader.flush();
        assertTrue(c.wire.stream().noneMatch(e -> e.message() instanceof CatchUpReply), "nothing chosen there yet: no empty reply");
    }
}
