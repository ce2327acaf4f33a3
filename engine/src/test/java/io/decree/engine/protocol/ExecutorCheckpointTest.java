package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link Executor#capture}, the protocol thread's half of a background checkpoint: the checkpoint it returns
 * serializes (later, on any thread) to exactly the snapshot {@link Executor#snapshot(Map)} gives at the
 * capture, whatever the executor applies meanwhile, and there is none while the state machine cannot be
 * captured. The stall test (CheckpointStallTest) measures its cost; this one checks its content.
 */
class ExecutorCheckpointTest {
    private final Learner learner = new Learner(1, new InMemoryAcceptorStorage(), null, new ConfigHistory(Configuration.ofSize(3), 4), 0, Map.of());
    private long nextSlot;

    private void apply(Executor e, long client, long sequence, String value) {
        learner.learn(nextSlot++, Decree.batch(List.of(new Command(client, sequence, KvCommand.put("k" + client, value).encode()))));
        e.applyChosen(learner, (slot, command, result, duplicate) -> { });
    }

    @Test
    void aCheckpointSerializesToTheSnapshotAtItsCaptureWhateverIsAppliedAfter() {
        Executor e = new Executor(new KvStateMachine(), Mutants.none());
        // Client ids whose hash-table order is not their numeric order, so the checkpoint must sort them.
        long[] clients = {1_000_003, 5, 77, 3, 1L << 40, 64, 2};
        for (int i = 0; i < clients.length; i++) apply(e, clients[i], 10 + i, "v" + i);
        TreeMap<Long, Configuration> changes = new TreeMap<>(Map.of(
                2L, new Configuration(1, 2), 6L, new Configuration(1, 2, 3, 4),
                7L, new Configuration(2, 3), 9L, new Configuration(3, 4, 5)));
        byte[] expected = e.snapshot(changes).encode();

        Executor.Checkpoint checkpoint = e.capture(changes);
        assertNotNull(checkpoint, "nothing is being serialized: a capture can be taken");
        assertEquals(7, checkpoint.nextSlot());
        // The executor goes on: sessions are updated in place, a new one appears, the state changes.
        apply(e, 5, 50, "later");
        apply(e, 4, 1, "new client");
        Snapshot s = checkpoint.snapshot();
        assertArrayEquals(expected, s.encode(), "the checkpoint is the snapshot at the capture");
        assertArrayEquals(new long[] {2, 3, 5, 64, 77, 1_000_003, 1L << 40}, s.clientIds(), "sessions in client-id order");
        assertArrayEquals(new long[] {16, 13, 11, 15, 12, 10, 14}, s.sequences(), "each session's sequence at the capture");
        assertArrayEquals(KvStateMachine.encodeResult(null), s.results()[2], "client 5's result at the capture");
        assertArrayEquals(new long[] {2, 6}, s.changeSlots(), "only the changes chosen below slot 7: not 7, not 9");
        assertEquals(List.of(new Configuration(1, 2), new Configuration(1, 2, 3, 4)), List.of(s.changes()));
        assertNotEquals(e.appliedDigest(), s.appliedDigest(), "the digest is the one at the capture, not the later one");
    }

    @Test
    void noCheckpointWhileThePreviousCaptureIsStillBeingSerialized() {
        KvStateMachine kv = new KvStateMachine();
        Executor e = new Executor(kv, Mutants.none());
        apply(e, 1, 1, "a");
        Executor.Checkpoint first = e.capture(Map.of());
        assertNotNull(first);
        apply(e, 1, 2, "b"); // a write while the first capture is unserialized goes to the state machine's delta
        assertNull(e.capture(Map.of()), "the state machine cannot be captured again yet: no checkpoint, the replica retries later");
        Snapshot s = first.snapshot();
        assertEquals(1, s.nextSlot());
        assertArrayEquals(new long[] {1}, s.sequences());
    }

    @Test
    void aCheckpointOfAnEmptyExecutorIsTheEmptySnapshot() {
        Executor e = new Executor(new KvStateMachine(), Mutants.none());
        Snapshot s = e.capture(Map.of(0L, new Configuration(1))).snapshot();
        assertArrayEquals(e.snapshot(Map.of()).encode(), s.encode(), "no session, no change below slot 0");
        assertEquals(0, s.nextSlot());
        assertEquals(0, s.changeSlots().length);
    }
}
