package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * other damage stops recovery with the file and offset, and no damaged record is ever handed out.
 */
class FileLogDamageTest {
    static final LogKind KIND = LogKind.FILE;
    static final LogOptions OPTIONS = new LogOptions(4 << 10, 1 << 10);
    static final int EXTRA = 400;
    static final int RECORDS = 60;

    @TempDir Path root;
    Path template;
    StoredRecords stored;

    @BeforeEach
    void writeTemplateLog() {
        template = root.resolve("template");
        stored = StoredRecords.writeTemplate(KIND, template, OPTIONS, RECORDS, EXTRA);
    }

    private Path copyOfTemplate(String name) {
        Path dir = root.resolve(name);
        StoredRecords.copy(template, dir);
        return dir;
    }

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
        StoredRecords.Location damaged = stored.at(template.resolve(first.getFileName()), size - 6);
        assertEquals(damaged.offset(), e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains("sealed segment"), e.getMessage());
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
            boolean lastRecord = hit != null && hit.equals(stored.last());
            TestRecords.Collector seen = new TestRecords.Collector(EXTRA);
            try (RecordLog log = KIND.open(dir, OPTIONS, seen)) {
                RecoveryReport.TornTail torn = log.recovery().tornTail()
                        .orElseThrow(() -> new AssertionError("flip at " + file + ":" + position + " went unnoticed"));
                assertTrue(lastRecord, "only damage to the very last record may pass for a torn tail: " + torn);
                assertEquals(file, torn.file());
                assertEquals(hit.offset(), torn.offset());
                assertEquals(LongStream.range(0, RECORDS - 1).boxed().toList(), seen.ids);
                tornTails++;
            } catch (StorageCorruptionException e) {
                assertEquals(file, e.file(), e.getMessage());
                if (hit == null) {
                    assertTrue(position < SegmentHeader.BYTES && e.offset() < SegmentHeader.BYTES, position + " / " + e.getMessage());
                } else {
                    assertEquals(hit.offset(), e.offset(), e.getMessage());
                }
                for (long id : seen.ids) assertTrue(id < hit(hit), "record " + id + " was handed out after the damage");
                corruptions++;
            }
        }
        assertTrue(corruptions > 50 && tornTails > 0, corruptions + " corruptions, " + tornTails + " torn tails");
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
        rewriteHeader(first, SegmentHeader.VERSION_OFFSET, 2);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> KIND.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(first, e.file());
        assertEquals(SegmentHeader.VERSION_OFFSET, e.offset());
        assertTrue(e.getMessage().contains("unsupported log format version 2"), e.getMessage());

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
