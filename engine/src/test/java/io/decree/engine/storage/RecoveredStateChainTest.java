package io.decree.engine.storage;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every step of the builder returns the builder, so a replay can be written as one chain of the records read. */
class RecoveredStateChainTest {
    @Test
    void truncationAndSnapshotChainLikeEveryOtherStep() {
        byte[] image = {7};
        RecoveredState state = new RecoveredState.Builder()
                .vote(1, 3, new byte[] {1}).vote(5, 3, new byte[] {5})
                .truncateBelow(4).vote(2, 4, new byte[] {2}).vote(6, 4, new byte[] {6})
                .snapshot(4, image).chosen(6, new byte[] {6})
                .build();
        assertEquals(List.of(5L, 6L), List.copyOf(state.votes().keySet()), "votes below the truncation are gone, before and after it");
        assertEquals(4, state.snapshotSlot());
        assertArrayEquals(image, state.snapshot());
        assertEquals(List.of(6L), List.copyOf(state.chosen().keySet()));
        assertEquals(4, state.promised());
    }
}
