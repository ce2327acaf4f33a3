package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.NotLeaderException;
import io.decree.engine.message.CatchUpRequest;
import io.decree.engine.message.LeaseGrant;
import io.decree.engine.statemachine.KvCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A membership change's life at its leader ({@link MembershipChange}) on {@link LocalCluster}: only replicas
 * new to the cluster are waited for, and only until they are within one window; a change is proposed once;
 * it fails with {@link NotLeaderException} when the leader steps down before or after proposing it, and with
 * a {@link TimeoutException} at exactly its deadline that says whether it was proposed; afterwards the
 * replicas it added stop hearing from the leader.
 */
class MembershipChangeTest {
    private static final Configuration THREE = new Configuration(1, 2, 3), FOUR = new Configuration(1, 2, 3, 4);

    private static byte[] put(String k, String v) { return KvCommand.put(k, v).encode(); }

    private static Throwable failure(CompletableFuture<Long> f) {
        assertTrue(f.isCompletedExceptionally(), "failed: " + f);
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private static int follower(Replica leader) { return leader.id() % 3 + 1; }

    private static long reconfigurations(Replica r) {
        long n = 0;
        for (long s = r.retainedFrom(); s < r.firstUnchosen(); s++) if (r.chosen(s).isReconfiguration()) n++;
        return n;
    }

    @Test
    void aNullTargetIsRefusedNamingIt() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 31);
        Throwable e = failure(c.awaitLeader().reconfigure(null));
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals("target configuration is null", e.getMessage());
    }

    @Test
    void onlyReplicasNewToTheClusterAreWaitedFor() {
        // A member that is cut off reports no progress: the change must not wait for it, only for replica 4.
        LocalCluster c = new LocalCluster(4, THREE, ReplicaOptions.defaults().withWindow(4), 32);
        Replica leader = c.awaitLeader();
        c.isolate(follower(leader), true);
        for (int i = 0; i < 6; i++) c.submit(leader, put("k" + i, "v"));
        CompletableFuture<Long> change = leader.reconfigure(FOUR);
        c.runUntil(change::isDone, 1_500, "the change completes without the cut-off member");
        assertEquals(FOUR, leader.latestConfiguration());
    }

    @Test
    void aChangeStartedBeforeAnySlotIsChosenIsProposedOnce() {
        // first unchosen 0: nothing to catch up on, so it is proposed at once, with proposedFrom 0.
        LocalCluster c = new LocalCluster(4, THREE, ReplicaOptions.defaults().withWindow(4), 33);
        Replica leader = c.awaitLeader();
        assertEquals(0, leader.firstUnchosen());
        CompletableFuture<Long> change = leader.reconfigure(FOUR);
        leader.flush();
        c.runUntil(change::isDone, 1_500, "the change is chosen");
        long governsFrom = change.join();
        for (int i = 0; i < 8; i++) c.submit(leader, put("k" + i, "v"));
        assertEquals(1, reconfigurations(leader), "one reconfiguration decree in the log");
        assertTrue(leader.chosen(governsFrom - 4).isReconfiguration(), "governs from its slot plus alpha");
    }

    @Test
    void theChangeIsProposedOnceEachAddedReplicaIsWithinOneWindow() {
        ReplicaOptions options = ReplicaOptions.defaults().withWindow(4);
        LocalCluster c = new LocalCluster(4, THREE, options, 34);
        c.isolate(4, true); // replica 4 reports its progress only through the grants injected below
        Replica leader = c.awaitLeader();
        for (int i = 0; i < 6; i++) c.submit(leader, put("k" + i, "v"));
        long first = leader.firstUnchosen();
        CompletableFuture<Long> change = leader.reconfigure(FOUR);
        leader.onMessage(4, new LeaseGrant(Ballot.NONE, 0, first - options.window() - 1));
        leader.flush();
        c.tick(50);
        assertFalse(change.isDone(), "one slot more than a window behind: not proposed");
        assertEquals(0, reconfigurations(leader));
        leader.onMessage(4, new LeaseGrant(Ballot.NONE, 0, first - options.window()));
        leader.flush();
        c.runUntil(change::isDone, 500, "exactly one window behind: proposed and chosen");
        assertEquals(FOUR, leader.latestConfiguration());
    }

    @Test
    void aCatchUpRequestReportsTheAddedReplicasProgressToo() {
        ReplicaOptions options = ReplicaOptions.defaults().withWindow(4);
        LocalCluster c = new LocalCluster(4, THREE, options, 39);
        c.isolate(4, true);
        Replica leader = c.awaitLeader();
        for (int i = 0; i < 6; i++) c.submit(leader, put("k" + i, "v"));
        long first = leader.firstUnchosen();
        CompletableFuture<Long> change = leader.reconfigure(FOUR);
        leader.flush();
        c.tick(50);
        assertFalse(change.isDone(), "no word from replica 4 yet");
        leader.onMessage(4, new CatchUpRequest(first - options.window(), first));
        leader.flush();
        c.runUntil(change::isDone, 500, "asking for the slots from one window behind says it got the ones before");
        assertEquals(FOUR, leader.latestConfiguration());
    }

    @Test
    void aLeaderThatStepsDownBeforeProposingFailsTheChangeWithNotLeader() {
        LocalCluster c = new LocalCluster(4, THREE, ReplicaOptions.defaults().withWindow(4), 35);
        c.isolate(4, true); // never catches up: the change waits
        Replica leader = c.awaitLeader();
        for (int i = 0; i < 6; i++) c.submit(leader, put("k" + i, "v"));
        CompletableFuture<Long> change = leader.reconfigure(FOUR);
        c.isolate(leader.id(), true);
        c.runUntil(change::isDone, 1_000, "the cut-off leader steps down");
        assertInstanceOf(NotLeaderException.class, failure(change), "before the request time-out");
        assertFalse(leader.changingConfiguration());
    }

    @Test
    void aLeaderThatStepsDownAfterProposingFailsTheChangeWithNotLeader() {
        LocalCluster c = new LocalCluster(4, THREE, ReplicaOptions.defaults().withWindow(4), 36);
        Replica leader = c.awaitLeader();
        CompletableFuture<Long> change = leader.reconfigure(FOUR); // proposed at once (slot 0)
        c.isolate(leader.id(), true); // its 2a never arrives
        leader.flush();
        c.runUntil(change::isDone, 1_000, "the cut-off leader steps down");
        assertInstanceOf(NotLeaderException.class, failure(change));
        assertEquals(THREE, leader.latestConfiguration());
    }

    @Test
    void aChangeNeverProposedTimesOutAtItsDeadlineSayingSoAndItsObserversHearNoMore() {
        ReplicaOptions options = ReplicaOptions.defaults().withWindow(4);
        LocalCluster c = new LocalCluster(4, THREE, options, 37);
        c.isolate(4, true);
        Replica leader = c.awaitLeader();
        for (int i = 0; i < 6; i++) c.submit(leader, put("k" + i, "v"));
        long deadline = c.now + options.requestTimeout();
        CompletableFuture<Long> change = leader.reconfigure(FOUR);
        tickTo(c, deadline - 1);
        assertFalse(change.isDone(), "not before its deadline");
        c.tick(1);
        Throwable e = failure(change);
        assertInstanceOf(TimeoutException.class, e);
        assertEquals("replica " + leader.id() + ": configuration change to [1, 2, 3, 4] not chosen within 2000 ms (never proposed: added replicas [4] did not catch up)", e.getMessage());
        // Replica 4 was an observer only while the change was in progress: reconnected now, it hears nothing.
        c.isolate(4, false);
        for (int i = 0; i < 3; i++) c.submit(leader, put("after", "v" + i));
        c.tick(200);
        assertEquals(0, c.replica(4).firstUnchosen(), "no heartbeat or commit reaches a replica that is no longer joining");
    }

    @Test
    void aChangeProposedButNotChosenTimesOutSayingItMayStillBeChosen() {
        // A request time-out shorter than the leader's step-down: the change, proposed at slot 0, is lost on the way.
        ReplicaOptions options = ReplicaOptions.defaults().withWindow(4).withRequestTimeout(60);
        LocalCluster c = new LocalCluster(4, THREE, options, 38);
        Replica leader = c.awaitLeader();
        CompletableFuture<Long> change = leader.reconfigure(FOUR);
        c.isolate(leader.id(), true);
        leader.flush();
        c.runUntil(change::isDone, 1_000, "the time-out");
        Throwable e = failure(change);
        assertInstanceOf(TimeoutException.class, e);
        assertTrue(e.getMessage().endsWith("not chosen within 60 ms; it may still be chosen"), e.getMessage());
    }

    /** Ticks in steps of at most 5 ms (heartbeats keep flowing) until the clock reads {@code t}. */
    private static void tickTo(LocalCluster c, long t) {
        while (c.now < t) c.tick(Math.min(5, t - c.now));
    }
}
