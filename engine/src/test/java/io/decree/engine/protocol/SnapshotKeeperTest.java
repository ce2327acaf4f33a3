package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Message;
import io.decree.engine.message.SnapshotChunk;
import io.decree.engine.message.SnapshotRequest;
import io.decree.engine.metrics.ReplicaMetrics;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.statemachine.StateMachine;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * One replica's {@link SnapshotKeeper} on its own, with a checkpoint writer the test runs by hand: the
 * background checkpoint's protocol (capture at the interval, one in flight at a time, taken in at the next
 * event, then votes compacted and the log truncated below the previous snapshot), a state machine that
 * cannot be captured yet, a failed write that stops the replica at its next event (an install included),
 * and what {@link SnapshotKeeper#onChunk} answers for each kind of chunk. Deterministic: no thread, and the
 * metrics' clock advances 1,000 ns per reading.
 */
class SnapshotKeeperTest {
    private static final int INTERVAL = 4;
    private static final long BALLOT = Ballot.of(1, 2);

    /** The key-value store, except that its capture is the default one (bytes at once) and can be refused. */
    private static final class Machine implements StateMachine {
        final KvStateMachine kv = new KvStateMachine();
        boolean refuseCapture;

        @Override public void validate(byte[] command) { kv.validate(command); }

        @Override public byte[] apply(byte[] command) { return kv.apply(command); }

        @Override public byte[] snapshot() { return kv.snapshot(); }

        @Override public StateCapture capture() { return refuseCapture ? null : StateMachine.super.capture(); }

        @Override public void restore(byte[] snapshot) { kv.restore(snapshot); }

        @Override public long digest() { return kv.digest(); }
    }

    /** In-memory storage whose next snapshot write can be made to fail. */
    private static final class Storage implements AcceptorStorage {
        final InMemoryAcceptorStorage d = new InMemoryAcceptorStorage();
        RuntimeException failNextSave;
        Error errorNextSave;

        @Override public void recordPromise(long ballot) { d.recordPromise(ballot); }

        @Override public void recordVote(long slot, long ballot, byte[] decree) { d.recordVote(slot, ballot, decree); }

        @Override public void recordChosen(long slot, byte[] decree) { d.recordChosen(slot, decree); }

        @Override public void sync() { d.sync(); }

        @Override public RecoveredState recover() { return d.recover(); }

        @Override public void saveSnapshot(long nextSlot, byte[] snapshot) {
            RuntimeException f = failNextSave;
            failNextSave = null;
            if (f != null) throw f;
            Error e = errorNextSave;
            errorNextSave = null;
            if (e != null) throw e;
            d.saveSnapshot(nextSlot, snapshot);
        }

        @Override public void truncateBelow(long slot) { d.truncateBelow(slot); }

        @Override public void close() { }
    }

    private static final class Node {
        final Machine machine = new Machine();
        final Storage storage = new Storage();
        final ConfigHistory configs = new ConfigHistory(Configuration.ofSize(3), 4);
        final Learner learner = new Learner(1, storage, null, configs, 0, Map.of());
        final Acceptor acceptor = new Acceptor(1, storage, Mutants.none(), null, storage.recover(), 1_000, 0);
        final Executor executor = new Executor(machine, Mutants.none());
        long clock;
        final ReplicaMetrics metrics = new ReplicaMetrics(1, () -> clock += 1_000);
        final List<Runnable> queued = new ArrayList<>();
        final List<Message> sent = new ArrayList<>();
        final SnapshotKeeper keeper;
        long nextSlot;

        Node(boolean inlineWriter) {
            Environment env = new Environment() {
                final SplittableRandom random = new SplittableRandom(5);

                @Override public long now() { return 1_000; }

                @Override public RandomGenerator random() { return random; }

                @Override public void send(int to, Message message) { throw new AssertionError("the keeper sends through its outbox"); }
            };
            keeper = new SnapshotKeeper(ReplicaOptions.defaults().withSnapshots(INTERVAL, 64), env, storage, executor, configs, learner, acceptor,
                    (to, m) -> sent.add(m), null, 0, inlineWriter ? Runnable::run : queued::add, metrics);
        }

        /** {@code n} more slots chosen, voted here and applied, one PUT each. */
        void apply(int n) {
            for (int i = 0; i < n; i++) {
                long slot = nextSlot++;
                Decree d = Decree.batch(List.of(new Command(1, slot + 1, KvCommand.put("k" + slot % 3, "v" + slot).encode())));
                acceptor.onPhase2a(BALLOT, slot, d);
                learner.learn(slot, d);
            }
            executor.applyChosen(learner, (slot, command, result, duplicate) -> { });
        }

        void runWriter() {
            assertEquals(1, queued.size(), "one checkpoint write in flight");
            queued.remove(0).run();
        }

        /** The lowest slot the acceptor still holds a vote in (the next slot when it holds none). */
        long firstVote() { return acceptor.votes().isEmpty() ? nextSlot : acceptor.votes().get(0).slot(); }
    }

    @Test
    void aCheckpointIsCapturedEveryIntervalWrittenByTheWriterAndTakenInAtTheNextEvent() {
        Node n = new Node(false);
        n.apply(INTERVAL - 1);
        n.keeper.checkpointIfDue();
        assertEquals(0, n.metrics.checkpoints.get(), "3 slots: not due");
        n.apply(1);
        n.keeper.checkpointIfDue();
        assertEquals(1, n.metrics.checkpoints.get(), "4 slots: due");
        assertEquals(1, n.metrics.checkpointCaptureNanos.count());
        assertEquals(1_000, n.metrics.checkpointCaptureNanos.sum(), "the capture took one clock step");
        assertEquals(1, n.queued.size(), "handed to the writer");
        assertEquals(0, n.keeper.slot(), "not durable yet");

        n.apply(INTERVAL);
        n.keeper.checkpointIfDue();
        assertEquals(1, n.metrics.checkpoints.get(), "due again, but one checkpoint at a time");
        n.runWriter();
        assertEquals(4, n.storage.recover().snapshotSlot(), "durable");
        assertEquals(0, n.keeper.slot(), "taken in only at the next event");
        assertEquals(0, n.firstVote(), "nothing compacted before");

        n.keeper.checkpointIfDue();
        assertEquals(4, n.keeper.slot());
        assertEquals(4, n.firstVote(), "votes below the snapshot are compacted");
        assertEquals(0, n.learner.retainedFrom(), "the log is kept from the previous snapshot (none): peers just behind catch up by log");
        assertEquals(2, n.metrics.checkpoints.get(), "and the next one, due since, is captured");
        n.runWriter();
        n.keeper.checkpointIfDue();
        assertEquals(8, n.keeper.slot());
        assertEquals(8, n.firstVote());
        assertEquals(4, n.learner.retainedFrom(), "the log below the previous snapshot goes");
        assertEquals(4L, n.storage.recover().chosen().keySet().iterator().next(), "from storage too");
        assertEquals(n.executor.appliedDigest(), Snapshot.decode(n.storage.recover().snapshot()).appliedDigest());
    }

    @Test
    void theInlineWriterTakesTheCheckpointInWithinTheSameCall() {
        Node n = new Node(true);
        n.apply(INTERVAL);
        n.keeper.checkpointIfDue();
        assertEquals(4, n.keeper.slot());
        assertEquals(4, n.firstVote());
    }

    @Test
    void aStateMachineThatCannotBeCapturedYetIsAskedAgainAtALaterEvent() {
        Node n = new Node(false);
        n.apply(INTERVAL);
        n.machine.refuseCapture = true;
        n.keeper.checkpointIfDue();
        assertEquals(0, n.metrics.checkpoints.get());
        assertTrue(n.queued.isEmpty(), "nothing to write");
        n.machine.refuseCapture = false;
        n.keeper.checkpointIfDue();
        assertEquals(1, n.metrics.checkpoints.get(), "captured at the next event");
        n.runWriter();
        n.keeper.checkpointIfDue();
        assertEquals(4, n.keeper.slot());
    }

    @Test
    void aFailedWriteStopsTheReplicaAtItsNextEventNamingWhyAndKeepsThePreviousState() {
        UncheckedIOException full = new UncheckedIOException(new java.io.IOException("disk full"));
        Node n = new Node(false);
        n.apply(INTERVAL);
        n.storage.failNextSave = full;
        n.keeper.checkpointIfDue();
        n.runWriter();
        assertSame(full, assertThrows(UncheckedIOException.class, n.keeper::checkpointIfDue));
        assertEquals(0, n.keeper.slot());
        assertEquals(0, n.firstVote(), "nothing compacted");

        Node inline = new Node(true);
        inline.apply(INTERVAL);
        inline.storage.failNextSave = full;
        assertSame(full, assertThrows(UncheckedIOException.class, inline.keeper::checkpointIfDue), "inline: at once");
    }

    @Test
    void anErrorInTheWriterStopsTheReplicaAtItsNextEventToo() {
        AssertionError broken = new AssertionError("storage invariant broken");
        Node n = new Node(false);
        n.apply(INTERVAL);
        n.keeper.checkpointIfDue();
        n.storage.errorNextSave = broken;
        n.runWriter();
        java.util.concurrent.CompletionException e = assertThrows(java.util.concurrent.CompletionException.class, n.keeper::checkpointIfDue);
        assertSame(broken, e.getCause(), "not swallowed by the writer's thread");
        assertEquals(0, n.keeper.slot());
    }

    @Test
    void anInstallFirstTakesInTheCheckpointInFlightAndStopsIfThatFailed() {
        UncheckedIOException full = new UncheckedIOException(new java.io.IOException("disk full"));
        Node n = new Node(false);
        n.apply(INTERVAL);
        n.storage.failNextSave = full;
        n.keeper.checkpointIfDue();
        n.runWriter();
        byte[] peer = SnapshotTransferTest.sourceSnapshot(10);
        assertSame(full, assertThrows(UncheckedIOException.class, () -> n.keeper.onChunk(2, new SnapshotChunk(10, 0, peer.length, peer))),
                "the failed checkpoint stops the replica before anything is installed");
        assertEquals(0, n.keeper.installed());
        assertEquals(4, n.executor.nextToApply());
    }

    @Test
    void anInstallWhoseWriteFailsLeavesTheExecutorWhereItWas() {
        Node n = new Node(false);
        n.apply(INTERVAL);
        long digest = n.executor.appliedDigest();
        byte[] state = n.machine.snapshot();
        byte[] peer = SnapshotTransferTest.sourceSnapshot(10);
        UncheckedIOException full = new UncheckedIOException(new java.io.IOException("disk full"));
        n.storage.failNextSave = full;
        assertSame(full, assertThrows(UncheckedIOException.class, () -> n.keeper.onChunk(2, new SnapshotChunk(10, 0, peer.length, peer))));
        assertEquals(4, n.executor.nextToApply());
        assertEquals(digest, n.executor.appliedDigest());
        assertArrayEquals(state, n.machine.snapshot(), "the state machine is back to its state before the install");
        assertEquals(0, n.keeper.installed());
        assertTrue(n.keeper.onChunk(2, new SnapshotChunk(10, 0, peer.length, peer)), "once storage works, the same snapshot installs");
        assertEquals(10, n.executor.nextToApply());
    }

    @Test
    void onChunkIsTrueOnlyForTheChunkThatCompletesAnInstalledSnapshot() {
        Node n = new Node(false);
        n.apply(INTERVAL);
        byte[] peer = SnapshotTransferTest.sourceSnapshot(10);
        assertTrue(peer.length > 96, "several chunks of 32 bytes: " + peer.length);
        assertFalse(n.keeper.onChunk(2, new SnapshotChunk(4, 0, peer.length, Arrays.copyOf(peer, 32))), "not ahead of this replica");
        assertFalse(n.keeper.receiving());

        assertFalse(n.keeper.onChunk(2, new SnapshotChunk(10, 0, peer.length, Arrays.copyOf(peer, 32))), "a first chunk");
        assertTrue(n.keeper.receiving());
        assertEquals(List.of(new SnapshotRequest(10, 32)), n.sent, "asks its source for the next one");
        n.sent.clear();
        assertFalse(n.keeper.onChunk(2, new SnapshotChunk(10, 64, peer.length, Arrays.copyOfRange(peer, 64, 96))), "out of order");
        assertEquals(1, n.keeper.transferErrors());
        assertTrue(n.keeper.lastTransferError().contains("expected offset 32"), n.keeper.lastTransferError());
        assertEquals(List.of(new SnapshotRequest(10, 32)), n.sent, "asks again from where the transfer stands");
        n.sent.clear();
        assertTrue(n.keeper.onChunk(2, new SnapshotChunk(10, 32, peer.length, Arrays.copyOfRange(peer, 32, peer.length))), "the last chunk: installed");
        assertEquals(1, n.keeper.installed());
        assertEquals(10, n.keeper.slot());
        assertFalse(n.keeper.receiving());

        byte[] damaged = SnapshotTransferTest.sourceSnapshot(12);
        damaged[damaged.length - 1] ^= 1;
        assertFalse(n.keeper.onChunk(2, new SnapshotChunk(12, 0, damaged.length, damaged)), "a whole snapshot that does not verify");
        assertEquals(2, n.keeper.transferErrors());
        assertTrue(n.keeper.lastTransferError().startsWith("snapshot from replica 2 refused: "), n.keeper.lastTransferError());
        assertEquals(10, n.keeper.slot());
    }

    @Test
    void aChunkThatFitsNoTransferAsksForNothing() {
        Node n = new Node(false);
        byte[] peer = SnapshotTransferTest.sourceSnapshot(10);
        assertFalse(n.keeper.onChunk(2, new SnapshotChunk(10, 32, peer.length, Arrays.copyOfRange(peer, 32, 64))));
        assertEquals(1, n.keeper.transferErrors());
        assertEquals(List.of(), n.sent, "no transfer in progress: nothing to resume");
    }

    @Test
    void aSnapshotThatSaysItCoversNoMoreThanThisReplicaHasIsNotInstalled() {
        Node n = new Node(false);
        n.apply(INTERVAL);
        // The chunks announce slot 10, the snapshot inside covers slots below 4: nothing to gain.
        byte[] behind = SnapshotTransferTest.sourceSnapshot(4);
        assertFalse(n.keeper.onChunk(2, new SnapshotChunk(10, 0, behind.length, behind)));
        assertEquals(0, n.keeper.installed());
        assertEquals(0, n.keeper.slot());
        assertNull(n.storage.recover().snapshot(), "nothing written");
    }

    @Test
    void aStaleChunkEndsTheTransferOfItsOwnSnapshotOnly() {
        Node n = new Node(false);
        byte[] peer = SnapshotTransferTest.sourceSnapshot(6);
        n.keeper.onChunk(2, new SnapshotChunk(6, 0, peer.length, Arrays.copyOf(peer, 32)));
        assertTrue(n.keeper.receiving());
        n.apply(5); // caught up by log to slot 5 meanwhile
        assertFalse(n.keeper.onChunk(2, new SnapshotChunk(5, 0, peer.length, Arrays.copyOf(peer, 32))), "another, older snapshot");
        assertTrue(n.keeper.receiving(), "does not end the transfer of snapshot 6");
        n.apply(1);
        assertFalse(n.keeper.onChunk(2, new SnapshotChunk(6, 32, peer.length, Arrays.copyOfRange(peer, 32, 64))));
        assertFalse(n.keeper.receiving(), "snapshot 6 is no longer ahead: its transfer ends");
        assertEquals(0, n.keeper.transferErrors(), "a stale chunk is no error");
    }
}
