package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Torn writes, flipped bits and foreign files in a persistent-memory log. Everything below a segment's
 * published tail was persisted before publication, so any damage there stops recovery with the file and
 * offset; bytes after the tail were never acknowledged and are discarded (and reported).
 */
class PmemLogDamageTest extends LogDamageFixture {
    static final LogKind KIND = LogKind.PMEM;

    @Override LogKind kind() { return KIND; }

    private static long tail(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong((int) PmemSegment.TAIL_OFFSET) & 0xFFFF_FFFFL;
    }

    @Test
    void everyFlipBelowTheTailIsDetectedWhereItIsAndNeverApplied() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        List<Path> segments = StoredRecords.segments(template, KIND);
        for (int trial = 0; trial < 120; trial++) {
            Path dir = copyOfTemplate("flip-" + trial);
            Path templateFile = segments.get(random.nextInt(segments.size()));
            long tail = tail(templateFile);
            long position = random.nextLong(tail);
            if (position >= PmemSegment.TAIL_OFFSET + 8 && position < PmemSegment.RECORDS_OFFSET && trial % 2 == 0) {
                position = random.nextLong(PmemSegment.RECORDS_OFFSET, tail);   // mostly aim at records
            }
            Path file = dir.resolve(templateFile.getFileName());
            StoredRecords.flipBit(file, position, random.nextInt(8));
            StoredRecords.Location hit = stored.at(templateFile, position);
            TestRecords.Collector seen = new TestRecords.Collector(EXTRA);
            long where = position;
            StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, seen),
                    "flip at " + file + ":" + where + " went unnoticed");
            assertEquals(file, e.file(), e.getMessage());
            if (hit != null) {
                assertEquals(hit.offset(), e.offset(), e.getMessage());
                for (long id : seen.ids) assertTrue(id < hit.sequence(), "record " + id + " handed out after the damage");
            } else if (position < SegmentHeader.BYTES) {
                assertTrue(e.offset() < SegmentHeader.BYTES, e.getMessage());
            } else if (position < PmemSegment.TAIL_OFFSET + 8) {
                assertEquals(PmemSegment.TAIL_OFFSET, e.offset(), e.getMessage());
            } else {
                assertEquals(position, e.offset(), e.getMessage());
            }
        }
    }

    @Test
    void bytesAfterTheTailAreNeverRead() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        Path dir = copyOfTemplate("after-tail");
        for (Path file : StoredRecords.segments(dir, KIND)) {
            long tail = tail(file);
            long size = Files.size(file);
            for (int i = 0; i < 20 && tail < size; i++) StoredRecords.flipBit(file, random.nextLong(tail, size), random.nextInt(8));
        }
        TestRecords.Collector seen = new TestRecords.Collector(EXTRA);
        KIND.open(dir, OPTIONS, seen).close();
        assertEquals(LongStream.range(0, RECORDS).boxed().toList(), seen.ids);
    }

    @Test
    void aTornUnpublishedRecordIsDiscardedAndReported() throws IOException {
        Path dir = copyOfTemplate("torn");
        Path last = StoredRecords.segments(dir, KIND).getLast();
        long tail = tail(last);
        // A record the process was writing when it died: its bytes reached the file, the tail did not move.
        byte[] partial = Files.readAllBytes(template.resolve(stored.locations.get(3).file().getFileName()));
        int from = (int) stored.locations.get(3).offset();
        try (FileChannel c = FileChannel.open(last, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(partial, from, 100), tail);
        }
        TestRecords.Collector seen = new TestRecords.Collector(EXTRA);
        try (RecordLog log = KIND.open(dir, OPTIONS, seen)) {
            assertEquals(LongStream.range(0, RECORDS).boxed().toList(), seen.ids);
            RecoveryReport.TornTail torn = log.recovery().tornTail().orElseThrow(() -> new AssertionError("not reported"));
            assertEquals(last, torn.file());
            assertEquals(tail, torn.offset());
            assertEquals(RECORDS, TestRecords.append(log, RECORDS, EXTRA), "appending overwrites the unpublished bytes");
        }
        TestRecords.Collector after = new TestRecords.Collector(EXTRA);
        KIND.open(dir, OPTIONS, after).close();
        assertEquals(LongStream.range(0, RECORDS + 1).boxed().toList(), after.ids);
    }

    @Test
    void aTruncatedSegmentFileIsRejected() throws IOException {
        SplittableRandom random = new SplittableRandom(9);
        for (int trial = 0; trial < 6; trial++) {
            Path dir = copyOfTemplate("short-" + trial);
            List<Path> segments = StoredRecords.segments(dir, KIND);
            Path file = segments.get(random.nextInt(segments.size()));
            long cut = trial == 0 ? 20 : random.nextLong(PmemSegment.RECORDS_OFFSET, Files.size(file));
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(cut);
            }
            StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
            assertEquals(file, e.file());
            assertEquals(cut, e.offset(), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void foreignFilesAreRejected() throws IOException {
        Path dir = copyOfTemplate("foreign");
        Path foreign = dir.resolve(String.format("%020d%s", 1_000_000, KIND.suffix));
        byte[] junk = new byte[8192];
        new SplittableRandom(3).nextBytes(junk);
        Files.write(foreign, junk);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(foreign, e.file());
        assertEquals(0, e.offset());

        Path mixed = copyOfTemplate("mixed");
        Path fileLogSegment = mixed.resolve(String.format("%020d%s", 0, LogKind.FILE.suffix));
        Files.write(fileLogSegment, new byte[128]);
        e = assertThrows(StorageCorruptionException.class, () -> KIND.open(mixed, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(fileLogSegment, e.file());
        assertTrue(e.getMessage().contains("unexpected file"), e.getMessage());
    }
}
