package io.decree.engine.protocol;

import static io.decree.engine.protocol.ProposerHarness.ELECTION_TIMEOUT;
import static io.decree.engine.protocol.ProposerHarness.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Preempted;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leader's proposal queue: batches bounded by commands and bytes (but never empty), a configuration change
 * ahead of client commands, only a leader queueing, a step-down handing every queued command back, and the
 * batch-size and queue-wait metrics.
 */
class ProposerQueueTest {
    private static final Configuration C123 = new Configuration(1, 2, 3);

    @Test
    void aBatchTakesCommandsUpToExactlyTheByteLimit() {
        // A command with a 5-byte payload encodes in 25 bytes: four fill 100 bytes exactly.
        ProposerHarness h = new ProposerHarness(1, C123, ProposerHarness.batching(256, 100, 80));
        h.elect(2);
        List<Command> commands = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            commands.add(command(i, 5));
            h.enqueue(commands.get(i - 1));
        }
        h.propose();
        assertEquals(commands.subList(0, 4), h.proposedIn(0).commands(), "100 bytes of 100");
        assertEquals(commands.subList(4, 5), h.proposedIn(1).commands());
    }

    @Test
    void aCommandLargerThanTheByteLimitOnceEncodedGoesAlone() {
        ProposerHarness h = new ProposerHarness(1, C123, ProposerHarness.batching(256, 100, 100));
        h.elect(2);
        Command big = command(1, 90), small = command(2, 1); // 110 and 21 bytes encoded
        h.enqueue(big);
        h.enqueue(small);
        h.propose();
        assertEquals(List.of(big), h.proposedIn(0).commands(), "never an empty batch: the first command always goes");
        assertEquals(List.of(small), h.proposedIn(1).commands());
    }

    @Test
    void aBatchLargerThanTheCollectingArrayKeepsEveryCommandInOrder() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        List<Command> commands = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            commands.add(command(i, 3));
            h.enqueue(commands.get(i - 1));
        }
        h.propose();
        assertEquals(commands, h.proposedIn(0).commands());
        assertEquals(List.of(0L), h.proposedSlots());
        assertEquals(0, h.proposer.queued());
    }

    @Test
    void onlyALeaderQueuesAndAConfigurationChangeGoesBeforeQueuedCommands() {
        ProposerHarness h = new ProposerHarness(1, C123);
        Decree change = Decree.reconfiguration(new Configuration(1, 2, 4));
        assertFalse(h.enqueue(command(1, 4)), "a follower queues nothing");
        assertFalse(h.proposer.proposeControl(change), "nor proposes a change");
        assertEquals(0, h.proposer.queued());
        h.elect(2);
        Command a = command(1, 4);
        assertTrue(h.enqueue(a));
        assertEquals(1, h.proposer.queued());
        assertTrue(h.proposer.proposeControl(change));
        assertTrue(h.proposer.controlPending());
        assertFalse(h.proposer.proposeControl(Decree.reconfiguration(new Configuration(1, 2, 5))), "one change at a time");
        h.propose();
        assertEquals(change, h.proposedIn(0));
        assertEquals(List.of(a), h.proposedIn(1).commands());
        assertFalse(h.proposer.controlPending());
        assertEquals(0, h.proposer.queued());
    }

    @Test
    void aFollowerOrCandidateProposesNothing() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.propose();
        assertEquals(List.of(), h.drain(), "a follower that never stood sends nothing, not even a 1a");
        h.stand();
        h.drain();
        h.propose();
        assertEquals(List.of(), h.sent(Phase2a.class), "a candidate proposes nothing");
    }

    @Test
    void aLeaderCutOffFromAQuorumStepsDownAfterATimeOutAndHandsBackItsQueue() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        long electedAt = h.now;
        Command queued = command(1, 4);
        h.enqueue(queued);
        assertEquals(List.of(), h.tickTo(electedAt + ELECTION_TIMEOUT), "a new leader has a full time-out to hear from a quorum");
        assertTrue(h.proposer.isLeader());
        assertEquals(List.of(queued), h.tickTo(electedAt + ELECTION_TIMEOUT + 1), "no lease grant from anyone but itself");
        assertEquals(Proposer.Role.FOLLOWER, h.proposer.role());
        assertEquals(0, h.proposer.leaderHint(), "it knows of no leader");
        assertEquals(0, h.proposer.queued());
    }

    @Test
    void aStalledLeaderIsNotCutOff() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        long electedAt = h.now;
        h.tickTo(electedAt + 100);
        h.now = electedAt + 1_100; // a 1,000 ms pause: 980 ms beyond a heartbeat interval are excused
        assertEquals(List.of(), h.proposer.onTick());
        assertTrue(h.proposer.isLeader(), "the pause is not silence from the quorum");
        h.tickTo(electedAt + ELECTION_TIMEOUT + 980);
        assertTrue(h.proposer.isLeader());
        h.tickTo(electedAt + ELECTION_TIMEOUT + 981);
        assertEquals(Proposer.Role.FOLLOWER, h.proposer.role(), "a time-out of silence beyond the excused time");
    }

    @Test
    void batchSizesAndQueueWaitsAreMeasuredAndADroppedQueueIsForgotten() {
        ProposerHarness h = new ProposerHarness(1, C123);
        h.elect(2);
        h.nanos = 100;
        h.enqueue(command(1, 4));
        h.nanos = 300;
        h.enqueue(command(2, 4));
        h.nanos = 1_000;
        h.propose();
        assertEquals(1, h.metrics.batchCommands.count(), "one decree");
        assertEquals(2, h.metrics.batchCommands.sum(), "of two commands");
        assertEquals(2, h.metrics.clientTo2aNanos.count());
        assertEquals(900 + 700, h.metrics.clientTo2aNanos.sum());
        h.nanos = 2_000;
        h.enqueue(command(3, 4)); // queued at 2,000 ns, then dropped by the step-down
        long ballot = h.proposer.ballot();
        h.proposer.onPreempted(new Preempted(ballot, Ballot.next(ballot, 2)));
        h.tickFor(ELECTION_TIMEOUT);
        h.promise(2, 0);
        assertTrue(h.proposer.isLeader());
        h.nanos = 5_000;
        h.enqueue(command(4, 4));
        h.nanos = 5_200;
        h.propose();
        assertEquals(3, h.metrics.clientTo2aNanos.count());
        assertEquals(1_600 + 200, h.metrics.clientTo2aNanos.sum(), "the new command waited 200 ns, not since the dropped one came");
    }
}
