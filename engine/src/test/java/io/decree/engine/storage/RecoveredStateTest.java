package io.decree.engine.storage;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replaying records into a recovered state, rule by rule: the highest ballot wins, a vote is a promise too,
 * a truncation point forgets what is below it (and only that), and a snapshot only moves forward.
 */
class RecoveredStateTest {

    @Test
    void thePromiseIsTheHighestBallotPromisedOrVotedIn() {
        RecoveredState.Builder b = new RecoveredState.Builder();
        b.promise(7).promise(3);
        assertEquals(7, b.build().promised());
        b.vote(0, 9, new byte[] {1});
        assertEquals(9, b.build().promised(), "a vote at ballot 9 promises 9");
        b.vote(1, 4, new byte[] {2});
        assertEquals(9, b.build().promised(), "an older vote lowers nothing");
    }

    @Test
    void theVoteAtTheHighestBallotIsKeptPerSlot() {
        RecoveredState.Builder b = new RecoveredState.Builder();
        b.vote(5, 2, new byte[] {1}).vote(5, 6, new byte[] {2}).vote(5, 4, new byte[] {3});
        RecoveredState.Vote vote = b.build().votes().get(5L);
        assertEquals(6, vote.ballot());
        assertArrayEquals(new byte[] {2}, vote.decree());
    }

    @Test
    void aTruncationPointForgetsOnlyWhatIsBelowIt() {
        RecoveredState.Builder b = new RecoveredState.Builder();
        for (long slot = 0; slot < 6; slot++) b.vote(slot, 1, new byte[] {(byte) slot}).chosen(slot, new byte[] {(byte) slot});
        b.truncateBelow(3);
        assertEquals(3, b.truncatedBelow());
        RecoveredState state = b.build();
        assertEquals(List.of(3L, 4L, 5L), List.copyOf(state.votes().keySet()), "slot 3 itself is kept");
        assertEquals(List.of(3L, 4L, 5L), List.copyOf(state.chosen().keySet()));

        // Records replayed after the mark, for slots below it, stay forgotten; slot 3 is still taken.
        b.vote(2, 5, new byte[] {9}).chosen(1, new byte[] {9}).vote(3, 5, new byte[] {7}).chosen(3, new byte[] {7});
        state = b.build();
        assertEquals(List.of(3L, 4L, 5L), List.copyOf(state.votes().keySet()));
        assertEquals(List.of(3L, 4L, 5L), List.copyOf(state.chosen().keySet()));
        assertArrayEquals(new byte[] {7}, state.votes().get(3L).decree());
        assertArrayEquals(new byte[] {7}, state.chosen().get(3L));
        assertEquals(5, state.promised(), "a forgotten vote still counts as a promise");

        b.truncateBelow(1);
        assertEquals(3, b.truncatedBelow(), "a lower mark does not move it back");
        b.vote(2, 6, new byte[] {1});
        assertFalse(b.build().votes().containsKey(2L));
    }

    @Test
    void aSnapshotOnlyMovesForward() {
        RecoveredState.Builder b = new RecoveredState.Builder();
        assertEquals(0, b.snapshotSlot());
        assertFalse(b.build().hasSnapshot());
        b.snapshot(4, new byte[] {1});
        assertEquals(4, b.snapshotSlot());
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> b.snapshot(4, new byte[] {2}));
        assertEquals("snapshot for slots below 4 is not newer than the stored one, which covers slots below 4", same.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.snapshot(3, new byte[] {2}));
        assertThrows(NullPointerException.class, () -> b.snapshot(5, null));
        assertEquals(4, b.snapshotSlot(), "a refused snapshot changes nothing");
        b.snapshot(5, new byte[] {3});
        RecoveredState state = b.build();
        assertTrue(state.hasSnapshot());
        assertEquals(5, state.snapshotSlot());
        assertArrayEquals(new byte[] {3}, state.snapshot());
    }

    @Test
    void theBuiltStateIsAFrozenCopy() {
        RecoveredState.Builder b = new RecoveredState.Builder();
        b.vote(1, 1, new byte[] {1}).chosen(1, new byte[] {1});
        RecoveredState state = b.build();
        b.vote(2, 1, new byte[] {2}).chosen(2, new byte[] {2});
        assertEquals(1, state.votes().size(), "later replay does not reach an earlier state");
        assertEquals(1, state.chosen().size());
        assertThrows(UnsupportedOperationException.class, () -> state.votes().clear());
        assertThrows(UnsupportedOperationException.class, () -> state.chosen().clear());
    }

    @Test
    void aSnapshotAndItsSlotComeTogether() {
        TreeMap<Long, RecoveredState.Vote> votes = new TreeMap<>();
        TreeMap<Long, byte[]> chosen = new TreeMap<>();
        assertEquals("snapshotSlot must be >= 0: -1",
                assertThrows(IllegalArgumentException.class, () -> new RecoveredState(0, votes, chosen, -1, null)).getMessage());
        assertEquals("a snapshot needs a nextSlot >= 1 and a slot needs its snapshot: slot 3, snapshot none",
                assertThrows(IllegalArgumentException.class, () -> new RecoveredState(0, votes, chosen, 3, null)).getMessage());
        assertEquals("a snapshot needs a nextSlot >= 1 and a slot needs its snapshot: slot 0, snapshot 2 bytes",
                assertThrows(IllegalArgumentException.class, () -> new RecoveredState(0, votes, chosen, 0, new byte[2])).getMessage());
        assertTrue(new RecoveredState(0, votes, chosen, 1, new byte[0]).hasSnapshot(), "an empty snapshot is a snapshot");
        RecoveredState none = new RecoveredState(2, votes, chosen);
        assertEquals(0, none.snapshotSlot());
        assertNull(none.snapshot());
        RecoveredState empty = RecoveredState.empty();
        assertEquals(0, empty.promised());
        assertEquals(Collections.emptyNavigableMap(), empty.votes());
        assertEquals(Collections.emptyNavigableMap(), empty.chosen());
        assertFalse(empty.hasSnapshot());
    }
}
