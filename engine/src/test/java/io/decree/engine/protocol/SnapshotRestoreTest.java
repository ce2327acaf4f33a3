package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Snapshots of the executed state: the state after restoring a snapshot taken at any slot and replaying
 * the rest equals the state after replaying everything, including the session table (a retry after the
 * restore is still executed at most once); and a damaged snapshot is refused with a reason and changes
 * nothing.
 */
class SnapshotRestoreTest {

    /** One generated request: client 1..3, whether it is a retry of that client's previous request, and an op. */
    record Request(int client, boolean retry, int op, int key, int value) {}

    static Gen<Request> requests() {
        return integers().between(1, 3).zip(integers().between(0, 4), integers().between(0, 3), integers().between(0, 3), integers().between(0, 9),
                (client, retry, op, key, value) -> new Request(client, retry == 0, op, key, value));
    }

    /** Turns requests into one decree per slot, with per-client sequences (a retry repeats the last one). */
    static List<Decree> decrees(List<Request> requests) {
        long[] sequence = new long[4];
        byte[][] last = new byte[4][];
        List<Decree> out = new ArrayList<>();
        for (Request r : requests) {
            byte[] payload;
            if (r.retry() && last[r.client()] != null) payload = last[r.client()];
            else {
                sequence[r.client()]++;
                String k = "k" + r.key(), v = "v" + r.value();
                payload = (switch (r.op()) {
                    case 0 -> KvCommand.get(k);
                    case 1 -> KvCommand.put(k, v);
                    case 2 -> KvCommand.delete(k);
                    default -> KvCommand.cas(k, "v" + (r.value() + 1) % 10, v);
                }).encode();
                last[r.client()] = payload;
            }
            out.add(Decree.batch(List.of(new Command(r.client(), sequence[r.client()], payload))));
        }
        return out;
    }

    /** Applies decrees [from, to) to the executor through a learner, collecting results. */
    static List<String> apply(Executor executor, Learner learner, List<Decree> decrees, int from, int to) {
        List<String> results = new ArrayList<>();
        for (int slot = from; slot < to; slot++) learner.learn(slot, decrees.get(slot));
        executor.applyChosen(learner, (slot, command, result, duplicate) -> results.add(slot + ":" + KvStateMachine.result(result) + (duplicate ? "(cached)" : "")));
        return results;
    }

    static Learner learner() { return new Learner(1, new InMemoryAcceptorStorage(), null, new ConfigHistory(Configuration.ofSize(3), 4), 0, java.util.Map.of()); }

    @Test
    void stateAfterRestoreEqualsStateAfterReplay() {
        qt().withExamples(500).withFixedSeed(42L)
                .forAll(lists().of(requests()).ofSizeBetween(1, 60), integers().between(0, 60))
                .checkAssert((requests, cutAt) -> {
                    List<Decree> decrees = decrees(requests);
                    int cut = Math.min(cutAt, decrees.size());
                    // Replica A applies everything.
                    Executor a = new Executor(new KvStateMachine(), Mutants.none());
                    Learner la = learner();
                    List<String> all = apply(a, la, decrees, 0, decrees.size());
                    // Replica B gets a snapshot taken at the cut, through its encoding, then applies the rest.
                    Executor before = new Executor(new KvStateMachine(), Mutants.none());
                    apply(before, learner(), decrees, 0, cut);
                    Snapshot shipped = Snapshot.decode(before.snapshot().encode());
                    Executor b = new Executor(new KvStateMachine(), Mutants.none());
                    b.restore(shipped);
                    assertEquals(cut, b.nextToApply());
                    Learner lb = learner();
                    for (int slot = 0; slot < cut; slot++) lb.learn(slot, decrees.get(slot)); // the prefix the snapshot covers
                    List<String> rest = new ArrayList<>();
                    for (int slot = cut; slot < decrees.size(); slot++) lb.learn(slot, decrees.get(slot));
                    b.applyChosen(lb, (slot, command, result, duplicate) -> rest.add(slot + ":" + KvStateMachine.result(result) + (duplicate ? "(cached)" : "")));
                    assertEquals(all.subList(all.size() - rest.size(), all.size()), rest, "results after the restore");
                    assertArrayEquals(a.snapshot().encode(), b.snapshot().encode(), "state, sessions and digest");
                    assertEquals(a.appliedDigest(), b.appliedDigest());
                });
    }

    @Test
    void aRetryAfterARestoreIsNotExecutedAgain() {
        List<Decree> decrees = new ArrayList<>();
        byte[] put = KvCommand.put("k", "once").encode();
        decrees.add(Decree.batch(List.of(new Command(9, 1, put))));
        decrees.add(Decree.batch(List.of(new Command(8, 1, KvCommand.put("k", "later").encode()))));
        decrees.add(Decree.batch(List.of(new Command(9, 1, put)))); // client 9 retries after the snapshot
        Executor a = new Executor(new KvStateMachine(), Mutants.none());
        apply(a, learner(), decrees, 0, 2);
        Executor b = new Executor(new KvStateMachine(), Mutants.none());
        b.restore(Snapshot.decode(a.snapshot().encode()));
        Learner lb = learner();
        List<String> results = apply(b, lb, decrees, 0, 3);
        assertEquals(List.of("2:null(cached)"), results, "the retry returns the first result and applies nothing");
        assertEquals("later", ((KvStateMachine) b.stateMachine()).get("k"));
    }

    @Test
    void aDamagedSnapshotIsRefusedWithAReasonAndChangesNothing() {
        Executor source = new Executor(new KvStateMachine(), Mutants.none());
        List<Decree> decrees = decrees(List.of(new Request(1, false, 1, 0, 1), new Request(2, false, 1, 1, 2), new Request(1, false, 1, 2, 3)));
        apply(source, learner(), decrees, 0, 3);
        byte[] good = source.snapshot().encode();

        Executor target = new Executor(new KvStateMachine(), Mutants.none());
        apply(target, learner(), decrees, 0, 1);
        byte[] targetBefore = target.snapshot().encode();

        for (int i = 0; i < good.length; i += 7) {
            byte[] flipped = good.clone();
            flipped[i] ^= 0x10;
            Snapshot.CorruptSnapshotException e = assertThrows(Snapshot.CorruptSnapshotException.class, () -> target.restore(Snapshot.decode(flipped)));
            assertTrue(e.getMessage().contains("checksum") || e.getMessage().contains("magic") || e.getMessage().contains("version"), e.getMessage());
        }
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 5);
        assertThrows(Snapshot.CorruptSnapshotException.class, () -> Snapshot.decode(truncated));
        assertTrue(assertThrows(Snapshot.CorruptSnapshotException.class, () -> Snapshot.decode(new byte[3])).getMessage().contains("too short"));
        byte[] foreign = "this is not a snapshot of anything at all".getBytes();
        assertTrue(assertThrows(Snapshot.CorruptSnapshotException.class, () -> Snapshot.decode(foreign)).getMessage().contains("not a Decree snapshot"));

        // A well-formed container whose state the state machine refuses: still nothing changes.
        Snapshot s = Snapshot.decode(good);
        Snapshot badState = new Snapshot(s.nextSlot(), s.appliedDigest(), s.clientIds(), s.sequences(), s.results(), new byte[] {0, 0, 0, 9}, s.changeSlots(), s.changes());
        assertTrue(assertThrows(Snapshot.CorruptSnapshotException.class, () -> target.restore(Snapshot.decode(badState.encode()))).getMessage().contains("refused by the state machine"));
        assertArrayEquals(targetBefore, target.snapshot().encode(), "a refused snapshot leaves the replica as it was");
    }
}
