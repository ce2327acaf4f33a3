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
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Torn writes, flipped bits and foreign files in a file log: a torn tail is cut off and reported, any
 * other damage stops recovery with the file and offset, and no damaged record is ever handed out. The
 * template log was closed, so every record in it was synced (acknowledged) and is followed by a commit
 * marker: a flip in any of them, the last included, is corruption, and only a flip in the final marker
 * (which holds no record) may be cut off as a torn tail, with every record kept.
 */
class FileLogDamageTest extends LogDamageFixture {
    static final LogKind KIND = LogKind.FILE;

    @Override LogKind kind() { return KIND; }

    @Test
    void aTornLastRecordIsCutOffReportedAndTheLogKeepsWorking() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 20; trial++) {
            Path dir = copyOfTemplate("torn-" + trial);
            StoredRecords.Location last = stored.last();
            long cut = last.offset() + random.nextLong(1, last.frameLength());
            Path lastFile = dir.resolve(last.file().getFileName());
            try (FileChannel c = FileChannel.open(lastFile, StandardOpenOption.WRITE)) {
                c.truncate(cut);
            }
            TestRecords.Collector seen = new TestRecords.Collector(EXTRA);
            try (RecordLog log = KIND.open(dir, OPTIONS, seen)) {
                assertEquals(LongStream.range(0, RECORDS - 1).boxed().toList(), seen.ids, "the torn record is not applied");
                RecoveryReport.TornTail torn = log.recovery().tornTail().orElseThrow(() -> new AssertionError("torn tail not reported"));
                assertEquals(lastFile, torn.file());
                assertEquals(last.offset(), torn.offset());
                assertEquals(cut - last.offset(), torn.bytes());
                assertEquals(RECORDS - 1, TestRecords.append(log, RECORDS - 1, EXTRA), "the torn record's number is reused");
            }
            TestRecords.Collector after = new TestRecords.Collector(EXTRA);
            try (RecordLog log = KIND.open(dir, OPTIONS, after)) {
                assertEquals(LongStream.range(0, RECORDS).boxed().toList(), after.ids);
                assertTrue(log.recovery().tornTail().isEmpty());
            }
        }
    }

    @Test
    void aTornRecordInASealedSegmentIsCorruption() throws IOException {
        Path dir = copyOfTemplate("sealed");
        Path first = StoredRecords.segments(dir, KIND).getFirst();
        long size = Files.size(first);
        try (FileChannel c = FileChannel.open(first, StandardOpenOption.WRITE)) {
            c.truncate(size - 5);
        }
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(first, e.file());
        Path templateFile = template.resolve(first.getFileName());
        StoredRecords.Location damaged = stored.at(templateFile, size - 6);   // null: the segment's commit marker
        assertEquals(damaged != null ? damaged.offset() : markerAt(templateFile, size - 6), e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains("sealed segment"), e.getMessage());
    }

    /** The offset of the commit marker holding byte {@code position} of template segment {@code file}, or -1. */
    private long markerAt(Path file, long position) {
        long end = SegmentHeader.BYTES;   // each segment of the template ends with one marker, after its last record
        for (StoredRecords.Location l : stored.locations) {
            if (l.file().equals(file)) end = Math.max(end, l.offset() + l.frameLength());
        }
        return position >= end && position < end + RecordFrame.COMMIT_FRAME_BYTES ? end : -1;
    }

    private long finalMarker() {
        StoredRecords.Location last = stored.last();
        return last.offset() + last.frameLength();
    }

    @Test
    void everyFlippedBitIsDetectedReportedWhereItIsAndNeverApplied() {
        SplittableRandom random = new SplittableRandom(7);
        List<Path> segments = StoredRecords.segments(template, KIND);
        int corruptions = 0;
        int tornTails = 0;
        for (int trial = 0; trial < 120; trial++) {
            Path dir = copyOfTemplate("flip-" + trial);
            boolean inLast = trial % 4 == 0;
            Path templateFile = inLast ? segments.getLast() : segments.get(random.nextInt(segments.size()));
            Path file = dir.resolve(templateFile.getFileName());
            long position = random.nextLong(fileSize(file));
            StoredRecords.flipBit(file, position, random.nextInt(8));
            StoredRecords.Location hit = stored.at(templateFile, position);
            long marker = markerAt(templateFile, position);
            boolean finalMarker = inLast && marker == finalMarker();
            TestRecords.Collector seen = new TestRecords.Collector(EXTRA);
            try (RecordLog log = KIND.open(dir, OPTIONS, seen)) {
                RecoveryReport.TornTail torn = log.recovery().tornTail()
                        .orElseThrow(() -> new AssertionError("flip at " + file + ":" + position + " went unnoticed"));
                assertTrue(finalMarker, "only damage to the final commit marker may pass for a torn tail: " + torn);
                assertEquals(file, torn.file());
                assertEquals(marker, torn.offset());
                assertEquals(LongStream.range(0, RECORDS).boxed().toList(), seen.ids, "no acknowledged record is lost");
                tornTails++;
            } catch (StorageCorruptionException e) {
                assertEquals(file, e.file(), e.getMessage());
                if (hit != null) {
                    assertEquals(hit.offset(), e.offset(), e.getMessage());
                } else if (marker >= 0) {
                    assertEquals(marker, e.offset(), e.getMessage());
                } else {
                    assertTrue(position < SegmentHeader.BYTES && e.offset() < SegmentHeader.BYTES, position + " / " + e.getMessage());
                }
                for (long id : seen.ids) assertTrue(id < hit(hit), "record " + id + " was handed out after the damage");
                corruptions++;
            }
        }
        assertTrue(corruptions > 100, corruptions + " corruptions, " + tornTails + " torn tails");
    }

    /** The hole commit markers close: a flip in the last synced record used to pass for a torn tail and lose it. */
    @Test
    void aFlipInTheLastSyncedRecordIsCorruptionNotATornTail() {
        StoredRecords.Location last = stored.last();
        SplittableRandom random = new SplittableRandom(16);
        for (long position = last.offset(); position < last.offset() + last.frameLength(); position += 3) {   // header, payload, padding
            Path dir = copyOfTemplate("last-" + position);
            Path file = dir.resolve(last.file().getFileName());
            StoredRecords.flipBit(file, position, random.nextInt(8));
            StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE),
                    "flip at byte " + position + " of the last synced record");
            assertEquals(file, e.file());
            assertEquals(last.offset(), e.offset(), e.getMessage());
            assertTrue(e.getMessage().contains("intact record follows at offset " + finalMarker()), e.getMessage());
        }
    }

    /** The final marker holds no record: damage to it (or a torn one) is cut off and every record is kept, then re-marked. */
    @Test
    void aFlipInTheFinalCommitMarkerLosesNoRecordAndIsRemarked() {
        StoredRecords.Location last = stored.last();
        long marker = finalMarker();
        for (long position = marker; position < marker + RecordFrame.COMMIT_FRAME_BYTES; position++) {
            Path dir = copyOfTemplate("marker-" + position);
            Path file = dir.resolve(last.file().getFileName());
            StoredRecords.flipBit(file, position, (int) (position % 8));
            TestRecords.Collector seen = new TestRecords.Collector(EXTRA);
            try (RecordLog log = KIND.open(dir, OPTIONS, seen)) {
                RecoveryReport.TornTail torn = log.recovery().tornTail().orElseThrow(() -> new AssertionError("flip in the marker went unnoticed"));
                assertEquals(marker, torn.offset(), torn.toString());
                assertEquals(LongStream.range(0, RECORDS).boxed().toList(), seen.ids);
            }
            // Recovery wrote a new marker after the last record, so a later flip in that record is caught again.
            StoredRecords.flipBit(file, last.offset() + RecordFrame.HEADER_BYTES, 0);
            StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
            assertEquals(last.offset(), e.offset(), e.getMessage());
        }
    }

    /** Records read intact after the last marker (written out, never synced) get a marker at open. */
    @Test
    void recordsWithoutAMarkerAreMarkedWhenTheLogOpens() throws IOException {
        Path dir = copyOfTemplate("unmarked");
        Path file = dir.resolve(stored.last().file().getFileName());
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(finalMarker());   // as if the process died after writing the records but before the sync's marker
        }
        try (RecordLog log = KIND.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            assertTrue(log.recovery().tornTail().isEmpty(), log.recovery().toString());
        }
        assertEquals(finalMarker() + RecordFrame.COMMIT_FRAME_BYTES, Files.size(file), "a marker was appended and forced");
        StoredRecords.flipBit(file, stored.last().offset() + RecordFrame.HEADER_BYTES, 1);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(stored.last().offset(), e.offset(), e.getMessage());
    }

    private static long hit(StoredRecords.Location hit) { return hit == null ? Long.MAX_VALUE : hit.sequence(); }

    @Test
    void damageInTheMiddleOfTheLastSegmentIsNotMistakenForATornTail() {
        Path dir = copyOfTemplate("middle");
        StoredRecords.Location last = stored.last();
        StoredRecords.Location previous = stored.locations.get(stored.locations.size() - 2);
        assertEquals(last.file(), previous.file(), "the last segment holds at least two records");
        Path file = dir.resolve(previous.file().getFileName());
        StoredRecords.flipBit(file, previous.offset() + RecordFrame.LENGTH_OFFSET + 2, 3);   // its length field: the frame now overruns
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(file, e.file());
        assertEquals(previous.offset(), e.offset());
        assertTrue(e.getMessage().contains("intact record follows at offset " + last.offset()), e.getMessage());
    }

    @Test
    void aForeignFileWithASegmentNameIsRejected() throws IOException {
        Path dir = copyOfTemplate("foreign");
        Path foreign = dir.resolve(String.format("%020d%s", 1_000_000, KIND.suffix));
        byte[] junk = new byte[300];
        new SplittableRandom(3).nextBytes(junk);
        Files.write(foreign, junk);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(foreign, e.file());
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("not a Decree log segment"), e.getMessage());
    }

    @Test
    void anUnexpectedFileInTheDirectoryIsRejected() throws IOException {
        Path dir = copyOfTemplate("stray");
        Path stray = dir.resolve("notes.txt");
        Files.writeString(stray, "hello");
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(stray, e.file());
        assertTrue(e.getMessage().contains("unexpected file"), e.getMessage());
    }

    @Test
    void aTruncatedHeaderIsRejected() throws IOException {
        for (int length : new int[] {0, 10, SegmentHeader.BYTES - 1}) {
            Path dir = copyOfTemplate("short-" + length);
            Path first = StoredRecords.segments(dir, KIND).getFirst();
            try (FileChannel c = FileChannel.open(first, StandardOpenOption.WRITE)) {
                c.truncate(length);
            }
            StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
            assertEquals(first, e.file());
            assertEquals(length, e.offset());
            assertTrue(e.getMessage().contains("truncated segment header"), e.getMessage());
        }
    }

    @Test
    void aSegmentOfAnotherFormatVersionOrKindIsRejected() throws IOException {
        Path dir = copyOfTemplate("version");
        Path first = StoredRecords.segments(dir, KIND).getFirst();
        rewriteHeader(first, SegmentHeader.VERSION_OFFSET, 3);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(first, e.file());
        assertEquals(SegmentHeader.VERSION_OFFSET, e.offset());
        assertTrue(e.getMessage().contains("unsupported log format version 3"), e.getMessage());

        // Version 1 (before commit markers) is refused with the reason and what to do, not read under weaker rules.
        Path oldDir = copyOfTemplate("version1");
        Path old = StoredRecords.segments(oldDir, KIND).getLast();
        rewriteHeader(old, SegmentHeader.VERSION_OFFSET, 1);
        e = assertThrows(StorageCorruptionException.class, () -> KIND.open(oldDir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(old, e.file());
        assertEquals(SegmentHeader.VERSION_OFFSET, e.offset());
        assertTrue(e.getMessage().contains("unsupported log format version 1") && e.getMessage().contains("predates commit markers"), e.getMessage());

        Path kindDir = copyOfTemplate("kind");
        Path other = StoredRecords.segments(kindDir, KIND).getFirst();
        rewriteHeader(other, SegmentHeader.KIND_OFFSET, SegmentHeader.KIND_PMEM);
        e = assertThrows(StorageCorruptionException.class, () -> KIND.open(kindDir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(SegmentHeader.KIND_OFFSET, e.offset());
        assertTrue(e.getMessage().contains("persistent-memory"), e.getMessage());
    }

    @Test
    void aMissingSegmentIsRejected() throws IOException {
        Path dir = copyOfTemplate("missing");
        List<Path> segments = StoredRecords.segments(dir, KIND);
        Files.delete(segments.get(1));
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(segments.get(2), e.file());
        assertTrue(e.getMessage().contains("records are missing"), e.getMessage());
    }

    @Test
    void aRenamedSegmentIsRejected() throws IOException {
        Path dir = copyOfTemplate("renamed");
        Path first = StoredRecords.segments(dir, KIND).getFirst();
        Path renamed = dir.resolve(String.format("%020d%s", 5, KIND.suffix));
        Files.move(first, renamed);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(renamed, e.file());
        assertEquals(SegmentHeader.BASE_OFFSET, e.offset());
    }

    /** A file log in {@code dir} holding one synced record; returns its one segment. */
    static Path oneSyncedRecord(Path dir) throws IOException {
        try (RecordLog log = LogKind.FILE.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE)) {
            log.append(1, RecordLog.NO_KEY, new byte[] {1});
            log.sync();
        }
        return dir.resolve("00000000000000000000" + FileRecordLog.SUFFIX);
    }

    /** Sets an int header field and recomputes the header checksum, as a different writer would have. */
    static void rewriteHeader(Path segment, int fieldOffset, int value) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(fieldOffset, value);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SegmentHeader.CRC_OFFSET);
        b.putInt(SegmentHeader.CRC_OFFSET, (int) crc.getValue());
        Files.write(segment, bytes);
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            fail(e);
            return 0;
        }
    }

}
