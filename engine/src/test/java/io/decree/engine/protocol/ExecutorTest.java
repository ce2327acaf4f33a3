package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The executor: chosen decrees applied in slot order, each listener call naming its slot and whether it was a
 * retry, sessions answering a retry of the latest request and nothing older, the applied digest as a
 * function of the applied sequence, and snapshots that carry sessions and the changes below their slot.
 */
class ExecutorTest {
    private record Call(long slot, Command command, String result, boolean duplicate) {}

    private final List<Call> calls = new ArrayList<>();
    private final Executor.Listener listener = (slot, command, result, duplicate) -> calls.add(new Call(slot, command, new String(result), duplicate));
    private final Learner learner = new Learner(1, new InMemoryAcceptorStorage(), null, new ConfigHistory(Configuration.ofSize(3), 4), 0, Map.of());

    private static Command put(long client, long seq, String k, String v) { return new Command(client, seq, KvCommand.put(k, v).encode()); }

    private static String value(String v) { return new String(KvStateMachine.encodeResult(v)); }

    @Test
    void chosenDecreesAreAppliedInSlotOrderUpToTheFirstGap() {
        Executor e = new Executor(new KvStateMachine(), Mutants.none());
        learner.learn(0, Decree.batch(List.of(put(0, 1, "a", "1"), put(0, 2, "a", "2"))));
        learner.learn(2, Decree.batch(List.of(put(0, 3, "a", "3"))));
        assertEquals(1, e.applyChosen(learner, listener), "slot 1 is a gap: one decree applied");
        assertEquals(1, e.nextToApply());
        assertEquals(List.of(new Call(0, put(0, 1, "a", "1"), value(null), false), new Call(0, put(0, 2, "a", "2"), value("1"), false)), calls);
        learner.learn(1, Decree.NOOP);
        assertEquals(2, e.applyChosen(learner, listener));
        assertEquals(3, e.nextToApply());
        assertEquals(new Call(2, put(0, 3, "a", "3"), value("2"), false), calls.get(2), "a no-op executes nothing");
        assertEquals(0, e.applyChosen(learner, listener));
    }

    @Test
    void theDigestFoldsEachDecreesFingerprintInOrder() {
        Decree x = Decree.batch(List.of(put(0, 1, "a", "1")));
        Decree y = Decree.batch(List.of(put(0, 2, "b", "2")));
        Executor e = new Executor(new KvStateMachine(), Mutants.none());
        assertEquals(17, e.appliedDigest(), "the empty prefix's digest");
        learner.learn(0, x);
        learner.learn(1, y);
        e.applyChosen(learner, listener);
        assertEquals((17 * 1_000_003 + x.fingerprint()) * 1_000_003 + y.fingerprint(), e.appliedDigest());
        Learner swapped = new Learner(1, new InMemoryAcceptorStorage(), null, new ConfigHistory(Configuration.ofSize(3), 4), 0, Map.of());
        swapped.learn(0, y);
        swapped.learn(1, x);
        Executor other = new Executor(new KvStateMachine(), Mutants.none());
        other.applyChosen(swapped, listener);
        assertTrue(other.appliedDigest() != e.appliedDigest(), "another order, another digest");
    }

    @Test
    void aSessionExecutesEachRequestOnceAndAnswersOnlyItsLatest() {
        Executor e = new Executor(new KvStateMachine(), Mutants.none());
        learner.learn(0, Decree.batch(List.of(put(7, 1, "k", "a"), put(7, 1, "k", "a"), put(7, 2, "k", "b"), put(7, 1, "k", "a"), put(8, 1, "k", "c"))));
        e.applyChosen(learner, listener);
        assertEquals(List.of(
                new Call(0, put(7, 1, "k", "a"), value(null), false),
                new Call(0, put(7, 1, "k", "a"), value(null), true),
                new Call(0, put(7, 2, "k", "b"), value("a"), false),
                new Call(0, put(8, 1, "k", "c"), value("b"), false)), calls, "the retry of 1 is answered from the session; 1 after 2 is not answered at all");
        assertArrayEquals(KvStateMachine.encodeResult("a"), e.cachedResult(7, 2));
        assertNull(e.cachedResult(7, 1), "only the latest result is kept");
        assertNull(e.cachedResult(9, 1), "no session");
        assertTrue(e.alreadyExecuted(7, 1));
        assertTrue(e.alreadyExecuted(7, 2));
        assertFalse(e.alreadyExecuted(7, 3));
        assertFalse(e.alreadyExecuted(9, 1));
        assertFalse(e.alreadyExecuted(Command.NO_SESSION, 0), "requests without a session are never deduplicated");
    }

    @Test
    void aSnapshotCarriesSessionsDigestAndOnlyTheChangesBelowItsSlotAndRestoresThem() {
        Executor e = new Executor(new KvStateMachine(), Mutants.none());
        learner.learn(0, Decree.batch(List.of(put(9, 4, "k", "v"), put(3, 1, "j", "w"))));
        learner.learn(1, Decree.batch(List.of(put(0, 1, "z", "z"))));
        e.applyChosen(learner, listener);
        Configuration c = new Configuration(1, 2);
        Snapshot s = e.snapshot(Map.of(0L, c, 1L, c, 2L, new Configuration(2, 3)));
        assertEquals(2, s.nextSlot());
        assertArrayEquals(new long[] {0, 1}, s.changeSlots(), "slot 2 is not applied yet: its change is not in the snapshot");
        assertArrayEquals(new long[] {3, 9}, s.clientIds(), "sessions sorted by client");
        assertArrayEquals(new long[] {1, 4}, s.sequences());
        assertEquals(e.appliedDigest(), s.appliedDigest());
        assertEquals(0, e.snapshot().changeSlots().length);

        Executor restored = new Executor(new KvStateMachine(), Mutants.none());
        learner.learn(2, Decree.batch(List.of(put(5, 1, "q", "q"))));
        new Executor(new KvStateMachine(), Mutants.none()).applyChosen(learner, listener); // another replica's session table
        restored.applyChosen(learnerWith(put(6, 1, "old", "x")), listener); // a session the snapshot does not have
        restored.restore(Snapshot.decode(s.encode()));
        assertEquals(2, restored.nextToApply());
        assertEquals(e.appliedDigest(), restored.appliedDigest());
        assertTrue(restored.alreadyExecuted(9, 4));
        assertFalse(restored.alreadyExecuted(6, 1), "sessions not in the snapshot are dropped");
        assertArrayEquals(KvStateMachine.encodeResult("v"), restored.stateMachine().query(KvCommand.get("k").encode()));
    }

    private static Learner learnerWith(Command command) {
        Learner l = new Learner(1, new InMemoryAcceptorStorage(), null, new ConfigHistory(Configuration.ofSize(3), 4), 0, Map.of());
        l.learn(0, Decree.batch(List.of(command)));
        return l;
    }
}
