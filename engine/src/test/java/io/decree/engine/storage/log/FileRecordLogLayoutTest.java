package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file log's bytes and durable end: every segment ends with a commit marker naming its last record, a
 * sync moves the durable end to the end of the file, and what recovery says about a damaged last segment
 * names the frame and the rule it broke.
 */
class FileRecordLogLayoutTest {
    static final LogOptions OPTIONS = new LogOptions(4096, 2048);

    @TempDir Path dir;

    /** Walks a segment file's frames and checks that the last one is a marker right after, and naming, the last record. */
    private static void assertEndsWithAMarkerNamingItsLastRecord(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        MemorySegment s = MemorySegment.ofArray(bytes);
        long offset = SegmentHeader.BYTES;
        long lastRecord = -1;
        long lastFrame = -1;
        while (offset < bytes.length) {
            lastFrame = offset;
            if (!RecordFrame.isCommit(s, offset)) lastRecord = offset;
            offset += RecordFrame.frameLength(RecordFrame.length(s, offset));
        }
        assertEquals(bytes.length, offset, segment + ": whole frames");
        assertTrue(lastRecord >= 0, segment + " holds records");
        assertTrue(RecordFrame.isCommit(s, lastFrame), segment + ": the last frame is a commit marker");
        long recordLength = RecordFrame.frameLength(RecordFrame.length(s, lastRecord));
        assertEquals(lastRecord + recordLength, lastFrame, segment + ": right after the last record");
        ByteBuffer payload = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(RecordFrame.crc(s, lastRecord), payload.getInt((int) lastFrame + RecordFrame.HEADER_BYTES), segment + ": names its checksum");
        assertEquals(recordLength, payload.getInt((int) lastFrame + RecordFrame.HEADER_BYTES + 4), segment + ": and its length");
    }

    @Test
    void everySegmentEndsWithACommitMarkerNamingItsLastRecord() throws IOException {
        try (RecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            for (long id = 0; id < 60; id++) {
                TestRecords.append(log, id, 600);
                if (id % 5 == 0) log.sync();
            }
            assertTrue(log.segmentCount() > 4, "several segments: " + log.segmentCount());
        }
        List<Path> segments = StoredRecords.segments(dir, LogKind.FILE);
        for (Path segment : segments) assertEndsWithAMarkerNamingItsLastRecord(segment);
    }

    /** A claim that rolled the log and was then abandoned leaves a new segment without records: a sync must not mark it. */
    @Test
    void anAbandonedClaimAfterARollLeavesNoMarkerInTheNewSegment() {
        try (RecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            log.append(1, 0, new byte[2000]);
            log.claim(1, 1, 2000).abort();   // does not fit: the log rolls, then nothing is appended
            assertEquals(2, log.segmentCount());
            log.sync();
        }
        List<Long> sequences = new java.util.ArrayList<>();
        try (RecordLog log = FileRecordLog.open(dir, OPTIONS, (sequence, type, key, payload, file, offset) -> sequences.add(sequence))) {
            assertEquals(List.of(0L), sequences);
            assertTrue(log.recovery().tornTail().isEmpty(), log.recovery().toString());
        }
    }

    @Test
    void aSyncMovesTheDurableEndToTheEndOfTheFile() throws IOException {
        try (FileRecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            FileRecordLog.DurableEnd start = log.durableEnd();
            assertEquals(SegmentHeader.BYTES, start.bytes(), "a new segment: its header is durable");
            assertEquals(dir.resolve("00000000000000000000.log"), start.file());
            TestRecords.append(log, 0, 100);
            assertEquals(SegmentHeader.BYTES, log.durableEnd().bytes(), "appended, not synced");
            log.sync();
            assertEquals(Files.size(start.file()), log.durableEnd().bytes());
            assertEquals(SegmentHeader.BYTES + RecordFrame.frameLength(TestRecords.length(0, 100)) + RecordFrame.COMMIT_FRAME_BYTES,
                    log.durableEnd().bytes());
            log.append(1, 1, new byte[2000]);
            log.append(1, 2, new byte[2000]);   // rolls
            log.sync();
            FileRecordLog.DurableEnd rolled = log.durableEnd();
            assertEquals(dir.resolve("00000000000000000002.log"), rolled.file());
            assertEquals(Files.size(rolled.file()), rolled.bytes());
        }
        try (FileRecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            assertEquals(Files.size(log.durableEnd().file()), log.durableEnd().bytes(), "what recovery read is durable");
        }
    }

    private Path closedLogWithOneSegment() {
        try (RecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            log.append(1, 0, new byte[100]);
            log.append(1, 1, new byte[100]);
        }
        return dir.resolve("00000000000000000000.log");
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(size);
        }
    }

    private long marker() { return SegmentHeader.BYTES + 2 * RecordFrame.frameLength(100); }

    @Test
    void aTornFinalMarkerIsReportedAsOne() throws IOException {
        Path file = closedLogWithOneSegment();
        truncate(file, marker() + RecordFrame.HEADER_BYTES);
        try (RecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            RecoveryReport.TornTail torn = log.recovery().tornTail().orElseThrow();
            assertEquals(marker(), torn.offset());
            assertEquals(RecordFrame.HEADER_BYTES, torn.bytes());
            assertEquals("incomplete record (32 of 40 bytes) (a commit marker: the records it covers were read intact)", torn.reason());
            assertEquals(file + " at offset " + marker() + ": discarded 32 bytes of torn tail (" + torn.reason() + ")", torn.toString());
            assertEquals("recovered 2 records from 1 segments; " + torn, log.recovery().toString());
            assertEquals(2, log.nextSequence());
        }
        assertEquals(marker() + RecordFrame.COMMIT_FRAME_BYTES, Files.size(file), "cut, then marked again");
        truncate(file, marker() + RecordFrame.HEADER_BYTES - 1);
        try (RecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            assertEquals("incomplete record header (31 of 32 bytes)", log.recovery().tornTail().orElseThrow().reason(),
                    "too little is left to tell what the frame was");
        }
    }

    @Test
    void aDamagedLengthIsNamedWithTheSegmentsLimit() throws IOException {
        Path file = closedLogWithOneSegment();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(SegmentHeader.BYTES + RecordFrame.LENGTH_OFFSET, 4001);
        Files.write(file, bytes);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE));
        // A segment of 4096 bytes has room for a payload of at most 4096 - 64 - 32 = 4000 bytes.
        assertTrue(e.getMessage().contains("implausible payload length 4001 (limit 4000); an intact record follows at offset "
                + (SegmentHeader.BYTES + RecordFrame.frameLength(100))), e.getMessage());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(SegmentHeader.BYTES + RecordFrame.LENGTH_OFFSET, 4000);
        Files.write(file, bytes);
        e = assertThrows(StorageCorruptionException.class, () -> FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertTrue(e.getMessage().contains("incomplete record (" + (Files.size(file) - SegmentHeader.BYTES) + " of 4032 bytes)"), e.getMessage());
    }

    @Test
    void aSegmentLongerThanItsCapacityIsRefused() throws IOException {
        Path file = closedLogWithOneSegment();
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(new byte[1]), 4096);
        }
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(4096, e.offset());
        assertTrue(e.getMessage().endsWith("segment file has 4097 bytes, more than its capacity of 4096"), e.getMessage());
    }
    @Test
    void recordsReadWithoutAMarkerAreMarkedAsTheLogOpensNotOnlyWhenItCloses() throws IOException {
        Path file = closedLogWithOneSegment();
        truncate(file, marker());   // the records were written out, the process died before the sync's marker
        try (RecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            assertEquals(marker() + RecordFrame.COMMIT_FRAME_BYTES, Files.size(file), "marked (and forced) before the replica acts on them");
            assertEquals(2, log.nextSequence());
        }
    }

    @Test
    void aTornRecordIsCutOffTheFileBeforeTheRecordsBeforeItAreMarked() throws IOException {
        try (RecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            log.append(1, 0, new byte[100]);
            log.sync();
            log.append(1, 1, new byte[1000]);
        }
        Path file = dir.resolve("00000000000000000000.log");
        long second = SegmentHeader.BYTES + RecordFrame.frameLength(100) + RecordFrame.COMMIT_FRAME_BYTES;
        truncate(file, second + 500);   // half of the unsynced record reached the file
        try (RecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            assertEquals(second, log.recovery().tornTail().orElseThrow().offset());
            assertEquals(500, log.recovery().tornTail().orElseThrow().bytes());
            assertEquals(second, Files.size(file), "the torn bytes are gone; the first record kept its marker");
        }
    }

    @Test
    void aFinalMarkerWithTheWrongNumberIsCutLikeAnyDamagedFinalMarker() throws IOException {
        Path file = closedLogWithOneSegment();
        byte[] bytes = Files.readAllBytes(file);
        MemorySegment s = MemorySegment.ofArray(bytes);
        s.set(RecordFrame.LONG, marker() + RecordFrame.SEQUENCE_OFFSET, 3L);   // 3 where 2 was expected, checksum resealed
        RecordFrame.sealCrc(s, new java.util.zip.CRC32C(), s.asByteBuffer(), marker(), RecordFrame.COMMIT_FRAME_BYTES);
        Files.write(file, bytes);
        try (RecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            RecoveryReport.TornTail torn = log.recovery().tornTail().orElseThrow();
            assertEquals(marker(), torn.offset());
            assertEquals("record number 3 where 2 was expected (a commit marker: the records it covers were read intact)", torn.reason());
            assertEquals(2, log.nextSequence());
        }
    }

    /** What a sync acknowledges is in the file, marked, at once: a copy taken right after it, with its last record damaged, is refused. */
    @Test
    void aSyncedRecordIsMarkedInTheFileBeforeTheSyncReturns() {
        Path copy = dir.resolve("copy");
        try (RecordLog log = FileRecordLog.open(dir.resolve("log"), OPTIONS, RecordVisitor.IGNORE)) {
            for (long id = 0; id < 3; id++) TestRecords.append(log, id, 100);
            log.sync();
            StoredRecords.copy(dir.resolve("log"), copy);
        }
        // Where the records are, read from the original (opening the copy would mark it if the sync had not).
        StoredRecords stored = StoredRecords.of(LogKind.FILE, dir.resolve("log"), OPTIONS);
        assertEquals(3, stored.locations.size());
        Path copied = copy.resolve(stored.last().file().getFileName());
        StoredRecords.flipBit(copied, stored.last().offset() + RecordFrame.HEADER_BYTES, 2);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> FileRecordLog.open(copy, OPTIONS, RecordVisitor.IGNORE),
                "the damaged last synced record has a marker after it in the copy");
        assertEquals(stored.last().offset(), e.offset(), e.getMessage());
    }

    @Test
    void inspectionTakesTheAppendLockAndGivesItBack() {
        try (FileRecordLog log = FileRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            log.durableEnd();
            log.segmentCount();
            assertFalse(log.appendLock.isLocked());
            assertEquals(dir, log.directory());
        }
    }
}
