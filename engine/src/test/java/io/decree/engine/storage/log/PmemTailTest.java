package io.decree.engine.storage.log;

import io.decree.engine.storage.pmem.LibPmem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the pmem log reports about bytes after a segment's published tail: nothing if the first header's worth
 * is zero, else a torn tail as long as the frame its length field claims (bounded by the segment), and never
 * a record. And the log's inspection calls give the append lock back.
 */
class PmemTailTest {
    static final LogOptions OPTIONS = new LogOptions(4096, 2048);
    static final long TAIL = PmemSegment.RECORDS_OFFSET + RecordFrame.frameLength(100);

    @TempDir Path dir;
    Path file;

    private void oneRecord() {
        try (RecordLog log = PmemRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            log.append(1, 0, new byte[100]);
        }
        file = dir.resolve("00000000000000000000.pmem");
    }

    private void put(long offset, int value) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) offset, value);
        Files.write(file, bytes);
    }

    private RecoveryReport.TornTail torn() {
        try (RecordLog log = PmemRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            assertEquals(1, log.nextSequence(), "only the published record");
            return log.recovery().tornTail().orElse(null);
        }
    }

    @Test
    void anUnpublishedHeaderIsReportedAsLongAsItsFrame() throws IOException {
        oneRecord();
        put(TAIL + RecordFrame.LENGTH_OFFSET, 100);
        RecoveryReport.TornTail torn = torn();
        assertEquals(file, torn.file());
        assertEquals(TAIL, torn.offset());
        assertEquals(RecordFrame.frameLength(100), torn.bytes());
        assertEquals("unpublished record after the tail (written but never made durable, so never acknowledged)", torn.reason());
    }

    @Test
    void aLengthBeyondTheSegmentIsBoundedByIt() throws IOException {
        oneRecord();
        put(TAIL + RecordFrame.LENGTH_OFFSET, -1);   // 4 GiB read unsigned: the rest of the segment at most
        assertEquals(4096 - TAIL, torn().bytes());
    }

    @Test
    void aStrayByteInTheFirstHeaderIsAtLeastAHeader() throws IOException {
        oneRecord();
        put(TAIL + RecordFrame.HEADER_BYTES - 4, 1);   // the last header bytes; the length field reads 0
        assertEquals(RecordFrame.HEADER_BYTES, torn().bytes());
    }

    @Test
    void bytesPastTheFirstHeaderAreNotLookedAt() throws IOException {
        oneRecord();
        put(TAIL + RecordFrame.HEADER_BYTES, 1);
        assertEquals(null, torn());
    }

    @Test
    void isPmemSaysWhatLibPmemSaysAndTakesNoLockForGood() throws IOException {
        boolean expected;
        LibPmem pmem = LibPmem.get();
        LibPmem.Mapping probe = pmem.map(dir.resolve("probe"), 4096, true);
        expected = probe.isPmem();
        pmem.unmap(probe.memory());
        Files.delete(dir.resolve("probe"));
        try (PmemRecordLog log = PmemRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            assertEquals(expected, log.isPmem());
            assertFalse(log.appendLock.isLocked());
            assertEquals(1, log.segmentCount());
            assertFalse(log.appendLock.isLocked());
            assertTrue(log.directory().equals(dir));
        }
    }
    /** A sync publishes before it returns: a copy of the directory taken right after it holds the record. */
    @Test
    void aSyncedRecordIsPublishedBeforeTheSyncReturns() {
        Path copy = dir.resolve("copy");
        Path log = dir.resolve("log");
        try (RecordLog open = PmemRecordLog.open(log, OPTIONS, RecordVisitor.IGNORE)) {
            open.append(1, 0, new byte[100]);
            open.append(1, 1, new byte[100]);
            open.sync();
            StoredRecords.copy(log, copy);
        }
        try (RecordLog copied = PmemRecordLog.open(copy, OPTIONS, RecordVisitor.IGNORE)) {
            assertEquals(2, copied.nextSequence());
        }
    }

    @Test
    void damageBelowTheTailNamesTheSegmentsLimit() throws IOException {
        oneRecord();
        put(PmemSegment.RECORDS_OFFSET + RecordFrame.LENGTH_OFFSET, 3937);   // 4096 - 128 - 32 = 3936 fit in the segment
        io.decree.engine.storage.StorageCorruptionException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.decree.engine.storage.StorageCorruptionException.class, () -> PmemRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertTrue(e.getMessage().contains("implausible payload length 3937 (limit 3936) below the published tail at " + TAIL), e.getMessage());
    }
    /** The pmem log writes no commit markers (its tail word marks what is durable): a marker frame below the tail is damage. */
    @Test
    void aCommitMarkerBelowThePmemTailIsDamage() throws IOException {
        try (RecordLog log = PmemRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            log.append(1, 0, new byte[8]);   // a 40-byte frame, the size of a marker
        }
        file = dir.resolve("00000000000000000000.pmem");
        byte[] bytes = Files.readAllBytes(file);
        java.lang.foreign.MemorySegment s = java.lang.foreign.MemorySegment.ofArray(bytes);
        RecordFrame.writeCommit(s, new java.util.zip.CRC32C(), s.asByteBuffer(), PmemSegment.RECORDS_OFFSET, 0, 0, 40);
        Files.write(file, bytes);
        io.decree.engine.storage.StorageCorruptionException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.decree.engine.storage.StorageCorruptionException.class, () -> PmemRecordLog.open(dir, OPTIONS, RecordVisitor.IGNORE));
        assertEquals(PmemSegment.RECORDS_OFFSET, e.offset());
        assertTrue(e.getMessage().contains("commit marker in a log that writes none below the published tail"), e.getMessage());
    }
}
