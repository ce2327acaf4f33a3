package io.decree.engine.storage;

import io.decree.engine.storage.log.FileRecordLog;
import io.decree.engine.storage.log.LogKind;
import io.decree.engine.storage.log.LogOptions;
import io.decree.engine.storage.log.RecordLog;
import io.decree.engine.storage.log.RecordVisitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durable acceptor storages behave like {@link InMemoryAcceptorStorage} (the simulator's model) for
 * everything synced: the same random operations, applied to both, recover to the same state after a
 * reopen, snapshots included. Truncation never loses the promise.
 */
class LogAcceptorStorageTest {
    static final LogOptions SMALL = new LogOptions(8 << 10, 2 << 10);

    @TempDir Path dir;

    static LogAcceptorStorage open(LogKind kind, Path dir) {
        return kind == LogKind.FILE ? FileAcceptorStorage.open(dir, SMALL) : PmemAcceptorStorage.open(dir, SMALL);
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void recoversWhatTheModelRecoversAcrossReopens(LogKind kind) {
        for (long seed = 1; seed <= 15; seed++) {
            Path d = dir.resolve("seed-" + seed);
            SplittableRandom random = new SplittableRandom(seed);
            InMemoryAcceptorStorage model = new InMemoryAcceptorStorage();
            long ballot = 1;
            long slot = 0;
            for (int reopen = 0; reopen < 4; reopen++) {
                try (LogAcceptorStorage storage = open(kind, d)) {
                    assertSameState(model.recover(), storage.recover(), "seed " + seed + " reopen " + reopen);
                    for (int op = 0; op < 60; op++) {
                        switch (random.nextInt(6)) {
                            case 0 -> { ballot += random.nextInt(3); model.recordPromise(ballot); storage.recordPromise(ballot); }
                            case 1, 2 -> {
                                long s = Math.max(0, slot - random.nextInt(3));
                                byte[] decree = new byte[random.nextInt(500)];
                                random.nextBytes(decree);
                                long b = ballot - random.nextInt(2);   // sometimes an older ballot, which must not win
                                model.recordVote(s, b, decree);
                                storage.recordVote(s, b, decree);
                                slot++;
                            }
                            case 3 -> {
                                byte[] decree = new byte[random.nextInt(100)];
                                random.nextBytes(decree);
                                long s = random.nextLong(slot + 1);
                                model.recordChosen(s, decree);
                                storage.recordChosen(s, decree);
                            }
                            case 4 -> { model.sync(); storage.sync(); }
                            default -> {
                                // As the engine does: a snapshot first, then truncation at or below it.
                                long covered = model.recover().snapshotSlot();
                                if (slot > covered && random.nextBoolean()) {
                                    covered = covered + 1 + random.nextLong(slot - covered);
                                    byte[] snapshot = new byte[random.nextInt(3000)];
                                    random.nextBytes(snapshot);
                                    model.saveSnapshot(covered, snapshot);
                                    storage.saveSnapshot(covered, snapshot);
                                }
                                if (random.nextInt(3) == 0) {
                                    long floor = random.nextLong(covered + 1);
                                    model.truncateBelow(floor);
                                    storage.truncateBelow(floor);
                                }
                            }
                        }
                    }
                    model.sync();
                    storage.sync();
                }
            }
            try (LogAcceptorStorage storage = open(kind, d)) {
                assertSameState(model.recover(), storage.recover(), "seed " + seed + " final");
            }
        }
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void truncationKeepsThePromiseEvenWhenEverySegmentHoldingItIsDropped(LogKind kind) {
        try (LogAcceptorStorage storage = open(kind, dir)) {
            storage.recordPromise(41);
            storage.recordVote(0, 42, new byte[10]);   // a vote implies a promise of its ballot
            for (long s = 1; s < 200; s++) storage.recordChosen(s, new byte[200]);
            storage.sync();
            assertTrue(storage.log().segmentCount() > 3);
            storage.saveSnapshot(190, new byte[] {1});
            storage.truncateBelow(190);
            assertTrue(storage.log().segmentCount() <= 2, "segments below slot 190 were dropped: " + storage.log().segmentCount());
        }
        try (LogAcceptorStorage storage = open(kind, dir)) {
            RecoveredState state = storage.recover();
            assertEquals(42, state.promised());
            assertTrue(state.votes().isEmpty());
            assertEquals(190, state.chosen().firstKey());
        }
    }

    @Test
    void aRecordOfAnUnknownTypeStopsRecoveryWithItsFileAndOffset() {
        long offset;
        try (RecordLog log = FileRecordLog.open(dir, SMALL, RecordVisitor.IGNORE)) {
            log.append(AcceptorLogCodec.PROMISE, RecordLog.NO_KEY, new byte[8]);
            log.append(99, 5, new byte[3]);
        }
        long[] where = new long[1];
        FileRecordLog.open(dir, SMALL, (sequence, type, key, payload, file, off) -> { if (type == 99) where[0] = off; }).close();
        offset = where[0];
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> FileAcceptorStorage.open(dir, SMALL));
        assertEquals(offset, e.offset());
        assertTrue(e.file().getFileName().toString().endsWith(".log"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown acceptor record type 99"), e.getMessage());
    }

    @Test
    void aShortPayloadStopsRecovery() {
        try (RecordLog log = FileRecordLog.open(dir, SMALL, RecordVisitor.IGNORE)) {
            log.append(AcceptorLogCodec.VOTE, 3, new byte[4]);
        }
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> FileAcceptorStorage.open(dir, SMALL));
        assertTrue(e.getMessage().contains("needs at least 8"), e.getMessage());
    }

    static void assertSameState(RecoveredState expected, RecoveredState actual, String where) {
        assertEquals(expected.promised(), actual.promised(), where + ": promise");
        assertEquals(expected.snapshotSlot(), actual.snapshotSlot(), where + ": snapshot slot");
        assertArrayEquals(expected.snapshot(), actual.snapshot(), where + ": snapshot bytes");
        assertEquals(expected.votes().keySet(), actual.votes().keySet(), where + ": vote slots");
        for (Map.Entry<Long, RecoveredState.Vote> e : expected.votes().entrySet()) {
            RecoveredState.Vote a = actual.votes().get(e.getKey());
            assertEquals(e.getValue().ballot(), a.ballot(), where + ": ballot in slot " + e.getKey());
            assertArrayEquals(e.getValue().decree(), a.decree(), where + ": decree in slot " + e.getKey());
        }
        assertEquals(expected.chosen().keySet(), actual.chosen().keySet(), where + ": chosen slots");
        for (Map.Entry<Long, byte[]> e : expected.chosen().entrySet()) {
            assertTrue(Arrays.equals(e.getValue(), actual.chosen().get(e.getKey())), where + ": chosen decree in slot " + e.getKey());
        }
    }
}
