package io.decree.engine.storage;

import io.decree.engine.storage.log.FileRecordLog;
import io.decree.engine.storage.log.LogKind;
import io.decree.engine.storage.log.LogOptions;
import io.decree.engine.storage.log.RecordVisitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptor storages' own rules, one at a time: the in-memory model keeps copies and loses exactly what
 * was not synced, slots are never negative, a snapshot never goes backwards and always covers every
 * truncation, and the messages say which rule was broken.
 */
class AcceptorStorageRulesTest {
    static final LogOptions SMALL = new LogOptions(8 << 10, 2 << 10);

    @TempDir Path dir;

    @Test
    void theModelKeepsItsOwnCopiesAndLosesExactlyWhatWasNotSynced() {
        InMemoryAcceptorStorage storage = new InMemoryAcceptorStorage();
        byte[] vote = {1, 2};
        byte[] chosen = {3, 4};
        storage.recordPromise(5);
        storage.recordVote(1, 5, vote);
        storage.recordChosen(1, chosen);
        vote[0] = 9;
        chosen[0] = 9;
        assertEquals(3, storage.unsynced());
        assertEquals(0, storage.syncs());
        storage.sync();
        assertEquals(0, storage.unsynced());
        assertEquals(1, storage.syncs());
        storage.recordPromise(8);
        storage.recordVote(2, 8, new byte[] {5});
        assertEquals(2, storage.unsynced());
        storage.crash();
        assertEquals(0, storage.unsynced());
        RecoveredState state = storage.recover();
        assertEquals(5, state.promised(), "the promise of 8 was never synced");
        assertEquals(List.of(1L), List.copyOf(state.votes().keySet()));
        assertArrayEquals(new byte[] {1, 2}, state.votes().get(1L).decree(), "the caller's later change does not reach the storage");
        assertArrayEquals(new byte[] {3, 4}, state.chosen().get(1L));
    }

    @Test
    void theModelSyncsBeforeItTruncates() {
        InMemoryAcceptorStorage storage = new InMemoryAcceptorStorage();
        storage.saveSnapshot(4, new byte[] {1});
        storage.recordVote(2, 1, new byte[] {1});
        storage.recordVote(6, 1, new byte[] {2});
        storage.truncateBelow(4);
        assertEquals(1, storage.syncs());
        assertEquals(0, storage.unsynced());
        storage.crash();
        assertEquals(List.of(6L), List.copyOf(storage.recover().votes().keySet()), "slot 6 was synced by the truncation");
        storage.truncateBelow(4);   // at the snapshot: allowed
        IllegalStateException over = assertThrows(IllegalStateException.class, () -> storage.truncateBelow(5));
        assertEquals("cannot truncate below slot 5: the durable snapshot covers only slots below 4 (save a snapshot covering them first)",
                over.getMessage());
    }

    @Test
    void aSnapshotIsRefusedUnlessItMovesForwardAndSaysWhy() {
        assertEquals("snapshot for slots below 0 refused: the stored snapshot is none, and a snapshot must cover at least slot 0 (nextSlot >= 1)",
                assertThrows(IllegalArgumentException.class, () -> LogAcceptorStorage.checkForward(0, 0)).getMessage());
        LogAcceptorStorage.checkForward(1, 0);
        assertEquals("snapshot for slots below 8 refused: the stored snapshot already covers slots below 8 and a snapshot never goes backwards",
                assertThrows(IllegalArgumentException.class, () -> LogAcceptorStorage.checkForward(8, 8)).getMessage());
        LogAcceptorStorage.checkForward(9, 8);
        assertThrows(IllegalArgumentException.class, () -> LogAcceptorStorage.checkForward(-1, 0));
        LogAcceptorStorage.checkCoveredBySnapshot(8, 8);
        assertThrows(IllegalStateException.class, () -> LogAcceptorStorage.checkCoveredBySnapshot(9, 8));
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void slotsAreNeverNegativeAndSlotZeroIsASlot(LogKind kind) {
        try (LogAcceptorStorage storage = LogAcceptorStorageTest.open(kind, dir)) {
            assertEquals("slot must be >= 0: -1",
                    assertThrows(IllegalArgumentException.class, () -> storage.recordVote(-1, 1, new byte[1])).getMessage());
            assertEquals("slot must be >= 0: -1",
                    assertThrows(IllegalArgumentException.class, () -> storage.recordChosen(-1, new byte[1])).getMessage());
            storage.recordVote(0, 3, new byte[] {7});
            storage.recordChosen(0, new byte[] {8});
            storage.sync();
            assertEquals(dir, storage.directory());
            assertEquals(0, storage.recoveryReport().records());
        }
        try (LogAcceptorStorage storage = LogAcceptorStorageTest.open(kind, dir)) {
            assertArrayEquals(new byte[] {7}, storage.recover().votes().get(0L).decree());
            assertArrayEquals(new byte[] {8}, storage.recover().chosen().get(0L));
            assertEquals(3, storage.recover().promised());
            assertEquals(2, storage.recoveryReport().records(), "the refused records were never appended");
        }
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void theHighestPromiseIsReRecordedWhenSegmentsAreDropped(LogKind kind) {
        try (LogAcceptorStorage storage = LogAcceptorStorageTest.open(kind, dir)) {
            storage.recordVote(0, 30, new byte[10]);
            storage.recordPromise(50);
            storage.recordPromise(10);   // lower: the acceptor still promised 50
            for (long s = 1; s < 200; s++) storage.recordChosen(s, new byte[200]);
            storage.saveSnapshot(190, new byte[] {1});
            assertEquals(190, storage.snapshotSlot());
            storage.truncateBelow(190);
        }
        try (LogAcceptorStorage storage = LogAcceptorStorageTest.open(kind, dir)) {
            assertEquals(50, storage.recover().promised());
            assertEquals(190, storage.snapshotSlot(), "read back at open");
        }
    }

    /** Slots between an older snapshot and a later truncation mark are in neither: recovery refuses, and lets go of the directory. */
    @ParameterizedTest @EnumSource(LogKind.class)
    void aSnapshotOlderThanTheTruncationMarkIsRefused(LogKind kind) throws IOException {
        try (LogAcceptorStorage storage = LogAcceptorStorageTest.open(kind, dir)) {
            storage.saveSnapshot(30, new byte[] {1});
            storage.truncateBelow(30);
        }
        Path file = dir.resolve(SnapshotFile.NAME);
        byte[] current = Files.readAllBytes(file);
        Files.write(file, SnapshotFile.encode(20, new byte[] {2}));
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> LogAcceptorStorageTest.open(kind, dir));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().endsWith("the log was truncated below slot 30 but the snapshot covers only slots below 20: slots in between are in neither"),
                e.getMessage());
        Files.write(file, current);
        try (LogAcceptorStorage storage = LogAcceptorStorageTest.open(kind, dir)) {
            assertEquals(30, storage.recover().snapshotSlot(), "the refused open released the directory");
        }
    }

    @Test
    void theSnapshotFileLivesBesideTheSegmentsUnderTheSameLock() {
        try (LogAcceptorStorage storage = FileAcceptorStorage.open(dir, SMALL)) {
            storage.saveSnapshot(3, new byte[] {1});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> FileRecordLog.open(dir, SMALL, RecordVisitor.IGNORE));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }
    @Test
    void aRecordForANegativeSlotStopsRecoveryWithItsFileAndOffset() {
        long[] where = new long[1];
        try (io.decree.engine.storage.log.RecordLog log = FileRecordLog.open(dir, SMALL, RecordVisitor.IGNORE)) {
            log.append(AcceptorLogCodec.CHOSEN, 4, new byte[3]);
            log.append(AcceptorLogCodec.CHOSEN, -5, new byte[3]);
        }
        FileRecordLog.open(dir, SMALL, (sequence, type, key, payload, file, offset) -> { if (key < 0) where[0] = offset; }).close();
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> FileAcceptorStorage.open(dir, SMALL));
        assertEquals(where[0], e.offset());
        assertTrue(e.getMessage().endsWith("acceptor record for negative slot -5"), e.getMessage());
    }
}
