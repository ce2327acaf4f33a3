package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.SnapshotChunk;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** State transfer's receiving end: chunks strictly in order, refusals that change nothing. */
class SnapshotAssemblerTest {
    private static final byte[] SNAPSHOT = new byte[100];

    static {
        for (int i = 0; i < SNAPSHOT.length; i++) SNAPSHOT[i] = (byte) (i * 7);
    }

    private static SnapshotChunk chunk(long nextSlot, int from, int to) {
        return new SnapshotChunk(nextSlot, from, SNAPSHOT.length, Arrays.copyOfRange(SNAPSHOT, from, to));
    }

    @Test
    void chunksInOrderGiveBackTheWholeSnapshot() {
        SnapshotAssembler a = new SnapshotAssembler();
        assertNull(a.accept(1, chunk(40, 0, 30)));
        assertNull(a.accept(1, chunk(40, 30, 60)));
        byte[] whole = a.accept(1, chunk(40, 60, 100));
        assertArrayEquals(SNAPSHOT, whole);
        assertTrue(!a.inProgress());
    }

    @Test
    void aChunkOutOfOrderIsRefusedNamingBothOffsetsAndChangesNothing() {
        SnapshotAssembler a = new SnapshotAssembler();
        a.accept(1, chunk(40, 0, 30));
        var e = assertThrows(SnapshotAssembler.IllegalChunkException.class, () -> a.accept(1, chunk(40, 60, 100)));
        assertTrue(e.getMessage().contains("offset 60") && e.getMessage().contains("expected offset 30"), e.getMessage());
        assertEquals(30, a.received(), "the transfer resumes from the last good byte");
        a.accept(1, chunk(40, 30, 60));
        assertArrayEquals(SNAPSHOT, a.accept(1, chunk(40, 60, 100)));
    }

    @Test
    void aDuplicateOfBytesAlreadyReceivedIsIgnored() {
        SnapshotAssembler a = new SnapshotAssembler();
        a.accept(1, chunk(40, 0, 30));
        assertNull(a.accept(1, chunk(40, 0, 30)), "the network duplicated it");
        assertEquals(30, a.received());
        a.accept(1, chunk(40, 30, 60));
        assertArrayEquals(SNAPSHOT, a.accept(1, chunk(40, 60, 100)));
    }

    @Test
    void aChunkOfNoTransferOrOfAnotherSnapshotMidTransferIsRefused() {
        SnapshotAssembler a = new SnapshotAssembler();
        var none = assertThrows(SnapshotAssembler.IllegalChunkException.class, () -> a.accept(1, chunk(40, 30, 60)));
        assertTrue(none.getMessage().contains("no transfer of it has started"), none.getMessage());
        a.accept(1, chunk(40, 0, 30));
        assertThrows(SnapshotAssembler.IllegalChunkException.class, () -> a.accept(1, chunk(50, 30, 60)), "another snapshot's middle");
        assertThrows(SnapshotAssembler.IllegalChunkException.class, () -> a.accept(2, chunk(40, 30, 60)), "another sender's middle");
        assertEquals(30, a.received());
        // A first chunk of a newer snapshot restarts the transfer.
        assertNull(a.accept(1, chunk(50, 0, 10)));
        assertEquals(50, a.nextSlot());
        assertEquals(10, a.received());
    }

    @Test
    void inconsistentLengthsAreRefused() {
        SnapshotAssembler a = new SnapshotAssembler();
        a.accept(1, chunk(40, 0, 30));
        var e = assertThrows(SnapshotAssembler.IllegalChunkException.class,
                () -> a.accept(1, new SnapshotChunk(40, 30, 200, new byte[10])));
        assertTrue(e.getMessage().contains("200") && e.getMessage().contains("100"), e.getMessage());
        assertThrows(SnapshotAssembler.IllegalChunkException.class, () -> a.accept(1, new SnapshotChunk(40, 95, 100, new byte[10])), "runs past the end");
        assertThrows(SnapshotAssembler.IllegalChunkException.class, () -> a.accept(1, new SnapshotChunk(40, 0, 0, new byte[0])), "empty snapshot");
        assertEquals(30, a.received());
    }

    @Test
    void aFirstChunkFromAnotherSenderRestartsTheTransferFromIt() {
        SnapshotAssembler a = new SnapshotAssembler();
        a.accept(1, chunk(40, 0, 30));
        assertNull(a.accept(2, chunk(40, 0, 10)), "the same snapshot, now from replica 2");
        assertEquals(2, a.source());
        assertEquals(10, a.received(), "started over");
    }

    @Test
    void theAnnouncedLengthMustBeAtLeastOneByteAndAtMostTheLargestArray() {
        assertArrayEquals(new byte[] {7}, new SnapshotAssembler().accept(1, new SnapshotChunk(3, 0, 1, new byte[] {7})), "a one-byte snapshot is whole at once");
        var e = assertThrows(SnapshotAssembler.IllegalChunkException.class,
                () -> new SnapshotAssembler().accept(1, new SnapshotChunk(3, 0, Integer.MAX_VALUE, new byte[] {7})));
        assertEquals("snapshot chunk announces " + Integer.MAX_VALUE + " bytes in all, outside [1, " + SnapshotAssembler.MAX_SNAPSHOT_BYTES + "]",
                e.getMessage(), "refused before any array is allocated");
    }

    @Test
    void aSnapshotOfExactlyTheLargestSizeIsAcceptedAndOneByteMoreIsNot() {
        // The bound set to 100 bytes stands for MAX_SNAPSHOT_BYTES, which a test cannot reach without a 2 GiB array.
        SnapshotAssembler a = new SnapshotAssembler(SNAPSHOT.length);
        assertNull(a.accept(1, chunk(40, 0, 30)), "exactly the largest size: accepted");
        a.accept(1, chunk(40, 30, 60));
        assertArrayEquals(SNAPSHOT, a.accept(1, chunk(40, 60, 100)));
        var e = assertThrows(SnapshotAssembler.IllegalChunkException.class,
                () -> new SnapshotAssembler(SNAPSHOT.length - 1).accept(1, chunk(40, 0, 30)));
        assertEquals("snapshot chunk announces 100 bytes in all, outside [1, 99]", e.getMessage());
    }

    @Test
    void theLargestSizeItselfMustBeAtLeastOneByteAndAtMostTheLargestArray() {
        new SnapshotAssembler(1);
        new SnapshotAssembler(SnapshotAssembler.MAX_SNAPSHOT_BYTES);
        var zero = assertThrows(IllegalArgumentException.class, () -> new SnapshotAssembler(0));
        assertEquals("largest snapshot 0 is outside [1, " + SnapshotAssembler.MAX_SNAPSHOT_BYTES + "]", zero.getMessage());
        var over = assertThrows(IllegalArgumentException.class, () -> new SnapshotAssembler(SnapshotAssembler.MAX_SNAPSHOT_BYTES + 1));
        assertEquals("largest snapshot " + (SnapshotAssembler.MAX_SNAPSHOT_BYTES + 1) + " is outside [1, " + SnapshotAssembler.MAX_SNAPSHOT_BYTES + "]", over.getMessage());
    }

    @Test
    void aLateDuplicateOfTheFirstChunkIsIgnoredAndDoesNotRestartTheTransfer() {
        SnapshotAssembler a = new SnapshotAssembler();
        a.accept(1, chunk(40, 0, 30));
        a.accept(1, chunk(40, 30, 60));
        assertNull(a.accept(1, chunk(40, 0, 30)), "a retransmission of the first chunk, after the second");
        assertEquals(60, a.received(), "the transfer keeps its place");
        assertArrayEquals(SNAPSHOT, a.accept(1, chunk(40, 60, 100)));
    }
}
