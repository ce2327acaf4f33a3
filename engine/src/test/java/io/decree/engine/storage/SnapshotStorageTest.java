package io.decree.engine.storage;

import io.decree.engine.storage.log.LogKind;
import io.decree.engine.storage.log.LogOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots in the durable acceptor storages (file and pmem): they round-trip, survive restarts with the
 * log truncated below them, are replaced atomically (a crash before the rename leaves the previous one),
 * refuse damage with the file named, never go backwards, and truncation never overtakes them.
 */
class SnapshotStorageTest {
    static final LogOptions SMALL = new LogOptions(8 << 10, 2 << 10);

    @TempDir Path dir;

    static LogAcceptorStorage open(LogKind kind, Path dir) {
        return kind == LogKind.FILE ? FileAcceptorStorage.open(dir, SMALL) : PmemAcceptorStorage.open(dir, SMALL);
    }

    /** A snapshot's bytes for {@code nextSlot}: deterministic, so a test can check it without a copy. */
    static byte[] snapshotFor(long nextSlot, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(nextSlot * 31 + size).nextBytes(bytes);
        return bytes;
    }

    static byte[] decree(long slot) {
        byte[] bytes = new byte[150];
        new SplittableRandom(slot).nextBytes(bytes);
        return bytes;
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void snapshotAndTruncationSurviveARestartWithOnlyRecordsAtOrAboveTheTruncationPoint(LogKind kind) throws IOException {
        int segmentsBefore;
        int segmentsAfter;
        try (LogAcceptorStorage storage = open(kind, dir)) {
            assertFalse(storage.recover().hasSnapshot());
            assertEquals(0, storage.recover().snapshotSlot());
            storage.recordPromise(7);
            for (long s = 0; s < 300; s++) {
                storage.recordVote(s, 7, decree(s));
                if (s % 2 == 0) storage.recordChosen(s, decree(s));
            }
            storage.sync();
            segmentsBefore = storage.log().segmentCount();
            storage.saveSnapshot(250, snapshotFor(250, 5000));
            assertEquals(segmentsBefore, storage.log().segmentCount(), "saving a snapshot drops nothing by itself");
            storage.truncateBelow(250);
            segmentsAfter = storage.log().segmentCount();
            assertTrue(segmentsBefore > 10 && segmentsAfter <= 3,
                    "sealed segments wholly below slot 250 are deleted: " + segmentsBefore + " -> " + segmentsAfter);
        }
        assertEquals(segmentsAfter, files(dir).stream().filter(f -> f.endsWith(kind.suffix)).count(), "segment files on disk: " + files(dir));
        try (LogAcceptorStorage storage = open(kind, dir)) {
            RecoveredState state = storage.recover();
            assertEquals(250, state.snapshotSlot());
            assertArrayEquals(snapshotFor(250, 5000), state.snapshot());
            assertEquals(7, state.promised(), "the promise outlives the segments that held it");
            assertEquals(250, state.votes().firstKey());
            assertEquals(299, state.votes().lastKey());
            assertEquals(50, state.votes().size());
            assertEquals(250, state.chosen().firstKey());
            assertEquals(25, state.chosen().size());
            for (long s = 250; s < 300; s++) assertArrayEquals(decree(s), state.votes().get(s).decree(), "vote in slot " + s);
            assertEquals(List.of(), files(dir).stream().filter(f -> f.endsWith(".tmp")).toList());
        }
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void theLatestSnapshotIsRecoveredAndAnEmptyOneIsASnapshotToo(LogKind kind) {
        try (LogAcceptorStorage storage = open(kind, dir)) {
            storage.saveSnapshot(1, new byte[0]);
        }
        try (LogAcceptorStorage storage = open(kind, dir)) {
            assertEquals(1, storage.recover().snapshotSlot());
            assertArrayEquals(new byte[0], storage.recover().snapshot());
            for (long next = 10; next <= 50; next += 10) storage.saveSnapshot(next, snapshotFor(next, (int) next * 100));
        }
        try (LogAcceptorStorage storage = open(kind, dir)) {
            assertEquals(50, storage.recover().snapshotSlot());
            assertArrayEquals(snapshotFor(50, 5000), storage.recover().snapshot());
            assertEquals(50, storage.snapshotSlot());
        }
    }

    /** A crash before the rename leaves a temporary file, whole or any prefix of it: the previous snapshot stands. */
    @ParameterizedTest @EnumSource(LogKind.class)
    void aCrashBeforeTheRenameLeavesThePreviousSnapshot(LogKind kind) throws IOException {
        try (LogAcceptorStorage storage = open(kind, dir)) {
            storage.saveSnapshot(100, snapshotFor(100, 3000));
        }
        byte[] next = SnapshotFile.encode(200, snapshotFor(200, 4000));
        SplittableRandom random = new SplittableRandom(5);
        // Every header length, then random cuts, then the whole file (written and forced, never renamed).
        List<Integer> cuts = new java.util.ArrayList<>();
        for (int i = 0; i <= SnapshotFile.HEADER_BYTES; i++) cuts.add(i);
        for (int i = 0; i < 10; i++) cuts.add(random.nextInt(SnapshotFile.HEADER_BYTES, next.length));
        cuts.add(next.length);
        for (int cut : cuts) {
            Files.write(dir.resolve(SnapshotFile.TEMP_NAME), Arrays.copyOf(next, cut));
            try (LogAcceptorStorage storage = open(kind, dir)) {
                assertEquals(100, storage.recover().snapshotSlot(), "temp file of " + cut + " bytes");
                assertArrayEquals(snapshotFor(100, 3000), storage.recover().snapshot(), "temp file of " + cut + " bytes");
            }
            assertFalse(Files.exists(dir.resolve(SnapshotFile.TEMP_NAME)), "recovery deletes the leftover of an interrupted write");
        }
        // And the next save after such a crash works as usual.
        Files.write(dir.resolve(SnapshotFile.TEMP_NAME), Arrays.copyOf(next, 77));
        try (LogAcceptorStorage storage = open(kind, dir)) {
            storage.saveSnapshot(200, snapshotFor(200, 4000));
        }
        try (LogAcceptorStorage storage = open(kind, dir)) {
            assertEquals(200, storage.recover().snapshotSlot());
        }
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void aLeftoverTempFileWithoutAnySnapshotMeansNoSnapshot(LogKind kind) throws IOException {
        open(kind, dir).close();
        Files.write(dir.resolve(SnapshotFile.TEMP_NAME), SnapshotFile.encode(40, snapshotFor(40, 100)));
        try (LogAcceptorStorage storage = open(kind, dir)) {
            assertFalse(storage.recover().hasSnapshot());
            assertNull(storage.recover().snapshot());
        }
    }

    /** Every bit of the file is covered: a flip anywhere in the header or the snapshot bytes is refused, naming the file. */
    @ParameterizedTest @EnumSource(LogKind.class)
    void aFlippedBitAnywhereInTheSnapshotFileIsRefusedNamingTheFile(LogKind kind) throws IOException {
        try (LogAcceptorStorage storage = open(kind, dir)) {
            storage.saveSnapshot(64, snapshotFor(64, 700));
        }
        Path file = dir.resolve(SnapshotFile.NAME);
        byte[] good = Files.readAllBytes(file);
        SplittableRandom random = new SplittableRandom(11);
        List<Integer> positions = new java.util.ArrayList<>();
        for (int i = 0; i < SnapshotFile.HEADER_BYTES; i++) positions.add(i);
        for (int i = 0; i < 20; i++) positions.add(random.nextInt(SnapshotFile.HEADER_BYTES, good.length));
        for (int at : positions) {
            byte[] bad = good.clone();
            int bit = random.nextInt(8);
            bad[at] ^= (byte) (1 << bit);
            Files.write(file, bad);
            StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> open(kind, dir),
                    "bit " + bit + " of byte " + at + " flipped");
            assertEquals(file, e.file(), e.getMessage());
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("snapshot") || e.getMessage().contains("magic"), e.getMessage());
        }
        Files.write(file, good);
        try (LogAcceptorStorage storage = open(kind, dir)) {
            assertArrayEquals(snapshotFor(64, 700), storage.recover().snapshot(), "the undamaged file opens again (the lock was released)");
        }
    }

    @Test
    void damageIsDescribed() throws IOException {
        try (LogAcceptorStorage storage = open(LogKind.FILE, dir)) {
            storage.saveSnapshot(9, snapshotFor(9, 300));
        }
        Path file = dir.resolve(SnapshotFile.NAME);
        byte[] good = Files.readAllBytes(file);

        Files.write(file, Arrays.copyOf(good, good.length - 1));
        assertMessage("says 300 bytes of snapshot but the file holds 299", SnapshotFile.LENGTH_OFFSET);
        Files.write(file, Arrays.copyOf(good, 10));
        assertMessage("shorter than its 24-byte header", 10);
        byte[] bad = good.clone();
        bad[SnapshotFile.HEADER_BYTES + 5] ^= 4;
        Files.write(file, bad);
        assertMessage("snapshot checksum mismatch", SnapshotFile.CRC_OFFSET);
        bad = good.clone();
        bad[0] = 'X';
        Files.write(file, bad);
        assertMessage("not a snapshot file: magic", 0);
        bad = good.clone();
        bad[SnapshotFile.VERSION_OFFSET] = 2;
        Files.write(file, bad);
        assertMessage("snapshot file version 2 is not supported", SnapshotFile.VERSION_OFFSET);
    }

    private void assertMessage(String expected, long offset) {
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> open(LogKind.FILE, dir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertEquals(dir.resolve(SnapshotFile.NAME), e.file());
    }

    /** The log below a snapshot may be gone, so a missing snapshot file is refused rather than read as "no snapshot". */
    @ParameterizedTest @EnumSource(LogKind.class)
    void aMissingSnapshotBelowATruncationIsRefused(LogKind kind) throws IOException {
        try (LogAcceptorStorage storage = open(kind, dir)) {
            storage.saveSnapshot(30, snapshotFor(30, 10));
            storage.truncateBelow(30);
        }
        Files.delete(dir.resolve(SnapshotFile.NAME));
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> open(kind, dir));
        assertTrue(e.getMessage().contains("truncated below slot 30 but there is no snapshot file"), e.getMessage());
        assertEquals(dir.resolve(SnapshotFile.NAME), e.file());
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void aSnapshotNeverGoesBackwards(LogKind kind) {
        try (LogAcceptorStorage storage = open(kind, dir)) {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> storage.saveSnapshot(0, new byte[1]));
            assertTrue(none.getMessage().contains("nextSlot >= 1"), none.getMessage());
            storage.saveSnapshot(80, snapshotFor(80, 20));
            for (long back : new long[] {79, 80, 1}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> storage.saveSnapshot(back, new byte[1]));
                assertTrue(e.getMessage().contains("slots below " + back) && e.getMessage().contains("slots below 80"), e.getMessage());
            }
        }
        try (LogAcceptorStorage storage = open(kind, dir)) {
            assertEquals(80, storage.recover().snapshotSlot(), "a refused snapshot changed nothing");
            assertArrayEquals(snapshotFor(80, 20), storage.recover().snapshot());
            assertThrows(IllegalArgumentException.class, () -> storage.saveSnapshot(80, new byte[1]), "also after a restart");
        }
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void truncationNeverOvertakesTheSnapshot(LogKind kind) {
        try (LogAcceptorStorage storage = open(kind, dir)) {
            IllegalStateException none = assertThrows(IllegalStateException.class, () -> storage.truncateBelow(1));
            assertTrue(none.getMessage().contains("below slot 1") && none.getMessage().contains("slots below 0"), none.getMessage());
            storage.truncateBelow(0);   // nothing below slot 0: always allowed
            storage.saveSnapshot(20, new byte[3]);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> storage.truncateBelow(21));
            assertTrue(e.getMessage().contains("below slot 21") && e.getMessage().contains("slots below 20"), e.getMessage());
            storage.truncateBelow(20);
            storage.truncateBelow(15);   // a lower truncation point is harmless
        }
    }

    @Test
    void theInMemoryModelFollowsTheSameRules() {
        InMemoryAcceptorStorage storage = new InMemoryAcceptorStorage();
        assertThrows(IllegalStateException.class, () -> storage.truncateBelow(5));
        storage.recordVote(3, 1, new byte[] {1});
        storage.recordVote(9, 1, new byte[] {2});
        byte[] snapshot = {4, 5, 6};
        storage.saveSnapshot(5, snapshot);
        snapshot[0] = 0;   // the storage kept its own copy
        storage.crash();   // the snapshot was durable at once; the votes were not
        RecoveredState state = storage.recover();
        assertEquals(5, state.snapshotSlot());
        assertArrayEquals(new byte[] {4, 5, 6}, state.snapshot());
        assertTrue(state.votes().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> storage.saveSnapshot(5, new byte[0]));
        storage.recordVote(3, 1, new byte[] {1});
        storage.recordVote(9, 1, new byte[] {2});
        storage.truncateBelow(5);   // syncs first, as the log storages do
        storage.crash();
        assertEquals(List.of(9L), List.copyOf(storage.recover().votes().keySet()));
    }

    @Test
    void aForeignFileBesideTheSnapshotIsStillRefused() throws IOException {
        open(LogKind.FILE, dir).close();
        Files.write(dir.resolve("snapshot.bak"), new byte[8]);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> open(LogKind.FILE, dir));
        assertTrue(e.getMessage().contains("unexpected file in the log directory"), e.getMessage());
    }
}
