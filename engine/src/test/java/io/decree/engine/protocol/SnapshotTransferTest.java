package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Message;
import io.decree.engine.message.SnapshotChunk;
import io.decree.engine.message.SnapshotRequest;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.FileAcceptorStorage;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * A replica receiving a peer's snapshot: installed only whole and verified; chunks out of order and
 * damaged snapshots are refused with a reason and change nothing; a crash in the middle of an install
 * leaves the old state usable, a crash after it the new one.
 */
class SnapshotTransferTest {
    private static final Configuration CONFIG = Configuration.ofSize(3);

    /** A fixed clock, a seeded generator and a list of what was sent. */
    private static final class Env implements Environment {
        final List<Message> sent = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(7);

        @Override public long now() { return 1_000; }

        @Override public RandomGenerator random() { return random; }

        @Override public void send(int to, Message message) { sent.add(message); }
    }

    /** A snapshot of a key-value store after {@code slots} one-command decrees, taken by replica 1. */
    static byte[] sourceSnapshot(int slots) {
        Executor executor = new Executor(new KvStateMachine(), Mutants.none());
        Learner learner = new Learner(1, new InMemoryAcceptorStorage(), null, new ConfigHistory(CONFIG, 4), 0, java.util.Map.of());
        for (int slot = 0; slot < slots; slot++)
            learner.learn(slot, Decree.batch(List.of(new Command(9, slot + 1, KvCommand.put("k" + slot % 3, "v" + slot).encode()))));
        executor.applyChosen(learner, (s, c, r, d) -> { });
        return executor.snapshot(java.util.Map.of(5L, new Configuration(1, 2, 3, 4))).encode();
    }

    static Replica replica(AcceptorStorage storage, Env env) {
        return Replica.builder().id(2).configuration(CONFIG).options(ReplicaOptions.defaults().withSnapshots(0, 64))
                .environment(env).stateMachine(new KvStateMachine()).storage(storage).build();
    }

    private static void deliver(Replica r, byte[] snapshot, long nextSlot, int chunk) {
        for (int offset = 0; offset < snapshot.length; offset += chunk)
            r.onMessage(1, new SnapshotChunk(nextSlot, offset, snapshot.length, Arrays.copyOfRange(snapshot, offset, Math.min(snapshot.length, offset + chunk))));
        r.flush();
    }

    @Test
    void aWholeVerifiedSnapshotIsInstalledAndTheTransferIsPulledChunkByChunk() {
        byte[] snapshot = sourceSnapshot(10);
        Env env = new Env();
        Replica r = replica(new InMemoryAcceptorStorage(), env);
        r.onMessage(1, new SnapshotChunk(10, 0, snapshot.length, Arrays.copyOfRange(snapshot, 0, 64)));
        r.flush();
        assertTrue(env.sent.contains(new SnapshotRequest(10, 64)), "asks for the next chunk: " + env.sent);
        assertEquals(0, r.applied(), "nothing installed before the last byte");
        deliver(r, snapshot, 10, 64);
        assertEquals(1, r.snapshotsInstalled());
        assertEquals(10, r.applied());
        assertEquals(10, r.firstUnchosen());
        assertEquals(10, r.snapshotSlot());
        assertEquals(new Configuration(1, 2, 3, 4), r.latestConfiguration(), "the snapshot's configuration changes come with it");
        assertEquals("v9", KvStateMachine.result(r.stateMachine().query(KvCommand.get("k0").encode())));
        assertEquals(0, r.transferErrors());
    }

    @Test
    void aChunkOutOfOrderIsRefusedWithTheReasonAndChangesNothing() {
        byte[] snapshot = sourceSnapshot(10);
        Env env = new Env();
        Replica r = replica(new InMemoryAcceptorStorage(), env);
        r.onMessage(1, new SnapshotChunk(10, 0, snapshot.length, Arrays.copyOfRange(snapshot, 0, 64)));
        r.onMessage(1, new SnapshotChunk(10, 128, snapshot.length, Arrays.copyOfRange(snapshot, 128, Math.min(snapshot.length, 192))));
        assertEquals(1, r.transferErrors());
        assertTrue(r.lastTransferError().contains("out of order") && r.lastTransferError().contains("expected offset 64"), r.lastTransferError());
        assertEquals(0, r.applied());
        assertEquals(0, r.snapshotsInstalled());
        deliver(r, snapshot, 10, 64); // the transfer goes on from the last good byte (offset 0 restarts it)
        assertEquals(10, r.applied());
    }

    @Test
    void aCorruptSnapshotIsRefusedWithTheReasonAndChangesNothing() {
        byte[] snapshot = sourceSnapshot(10);
        byte[] damaged = snapshot.clone();
        damaged[damaged.length / 2] ^= 0x10;
        Env env = new Env();
        InMemoryAcceptorStorage storage = new InMemoryAcceptorStorage();
        Replica r = replica(storage, env);
        deliver(r, damaged, 10, 64);
        assertEquals(1, r.transferErrors());
        assertTrue(r.lastTransferError().contains("checksum mismatch"), r.lastTransferError());
        assertEquals(0, r.applied());
        assertEquals(0, r.firstUnchosen());
        assertEquals(null, storage.recover().snapshot(), "nothing corrupt reaches storage");
        deliver(r, snapshot, 10, 64);
        assertEquals(10, r.applied(), "a good copy is installed afterwards");
    }

    /** Storage whose snapshot write "crashes": the process dies before (or right after) the snapshot is durable. */
    private static final class CrashingStorage implements AcceptorStorage {
        final FileAcceptorStorage inner;
        final boolean afterSave;

        CrashingStorage(FileAcceptorStorage inner, boolean afterSave) { this.inner = inner; this.afterSave = afterSave; }

        @Override public void recordPromise(long ballot) { inner.recordPromise(ballot); }
        @Override public void recordVote(long slot, long ballot, byte[] decree) { inner.recordVote(slot, ballot, decree); }
        @Override public void recordChosen(long slot, byte[] decree) { inner.recordChosen(slot, decree); }
        @Override public void sync() { inner.sync(); }
        @Override public RecoveredState recover() { return inner.recover(); }
        @Override public void truncateBelow(long slot) { inner.truncateBelow(slot); }
        @Override public void close() { inner.close(); }

        @Override public void saveSnapshot(long nextSlot, byte[] snapshot) {
            if (afterSave) inner.saveSnapshot(nextSlot, snapshot);
            throw new SimulatedCrash();
        }
    }

    private static final class SimulatedCrash extends RuntimeException {}

    @Test
    void aCrashInTheMiddleOfAnInstallLeavesTheOldStateUsable() throws Exception {
        for (boolean afterSave : new boolean[] {false, true}) {
            Path dir = Files.createTempDirectory("decree-install");
            try {
                byte[] old = sourceSnapshot(4), newer = sourceSnapshot(10);
                try (FileAcceptorStorage s = FileAcceptorStorage.open(dir)) {
                    Replica r = replica(s, new Env());
                    deliver(r, old, 4, 1 << 20);
                    assertEquals(4, r.applied());
                }
                FileAcceptorStorage inner = FileAcceptorStorage.open(dir);
                Replica dying = replica(new CrashingStorage(inner, afterSave), new Env());
                assertThrows(SimulatedCrash.class, () -> deliver(dying, newer, 10, 1 << 20));
                inner.close();
                try (FileAcceptorStorage s = FileAcceptorStorage.open(dir)) {
                    Replica back = replica(s, new Env());
                    long expected = afterSave ? 10 : 4;
                    assertEquals(expected, back.applied(), "crash " + (afterSave ? "after" : "before") + " the snapshot was durable");
                    assertEquals(expected, back.firstUnchosen());
                    assertArrayEquals(afterSave ? newer : old, s.recover().snapshot());
                    if (!afterSave) {
                        deliver(back, newer, 10, 1 << 20); // and the install can simply be done again
                        assertEquals(10, back.applied());
                    }
                }
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
