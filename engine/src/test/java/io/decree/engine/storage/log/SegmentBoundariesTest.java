package io.decree.engine.storage.log;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What both logs do at their edges: a segment filled to the last byte (no early roll, and it reopens), the
 * largest record, what recovery reports, truncation after a reopen (the largest keys are recovered, not
 * remembered), and a log used after it was closed.
 */
class SegmentBoundariesTest {
    @TempDir Path dir;

    /** Two records that fill a 4096-byte segment exactly: with the file log's final marker, or up to the pmem segment's end. */
    private static int[] payloadsFillingOneSegment(LogKind kind) {
        // File: 64-byte header + 1992 + 2000 + a 40-byte marker = 4096. Pmem: 128 bytes of header and tail + 1984 + 1984 = 4096.
        return kind == LogKind.FILE ? new int[] {1960, 1968} : new int[] {1952, 1952};
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void aSegmentIsFilledToItsLastByteBeforeTheLogRolls(LogKind kind) {
        LogOptions options = new LogOptions(4096, 2048);
        int[] payloads = payloadsFillingOneSegment(kind);
        try (RecordLog log = kind.open(dir, options, RecordVisitor.IGNORE)) {
            for (int i = 0; i < payloads.length; i++) log.append(1, i, new byte[payloads[i]]);
            assertEquals(1, log.segmentCount(), "the second record fits exactly");
        }
        assertEquals(4096, size(StoredRecords.segments(dir, kind).getFirst()));
        List<Long> sizes = new java.util.ArrayList<>();
        try (RecordLog log = kind.open(dir, options, (sequence, type, key, payload, file, offset) -> sizes.add(payload.byteSize()))) {
            assertEquals(List.of((long) payloads[0], (long) payloads[1]), sizes, "a full segment reopens whole");
            assertTrue(log.recovery().tornTail().isEmpty(), log.recovery().toString());
            log.append(1, 2, new byte[8]);
            assertEquals(2, log.segmentCount(), "the next record starts a segment");
        }
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void theLargestRecordFitsAndRoundTrips(LogKind kind) {
        int largest = 2 << 20;
        LogOptions options = new LogOptions(4L << 20, largest);
        byte[] payload = TestRecords.payload(9, 0);
        byte[] big = java.util.Arrays.copyOf(payload, largest);
        big[largest - 1] = 42;
        try (RecordLog log = kind.open(dir, options, RecordVisitor.IGNORE)) {
            log.append(2, 9, big);
            log.append(2, 10, big);
            log.sync();
            assertEquals(2, log.segmentCount(), "two of them do not fit in one segment");
        }
        List<byte[]> read = new java.util.ArrayList<>();
        kind.open(dir, options, (sequence, type, key, p, file, offset) -> read.add(p.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))).close();
        assertEquals(2, read.size());
        assertTrue(java.util.Arrays.equals(big, read.get(0)) && java.util.Arrays.equals(big, read.get(1)));
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void recoveryReportsWhatItRead(LogKind kind) {
        LogOptions options = RecordLogTest.SMALL;
        int segments;
        try (RecordLog log = kind.open(dir, options, RecordVisitor.IGNORE)) {
            assertEquals("recovered 0 records from 0 segments", log.recovery().toString());
            assertEquals(0, log.recovery().firstSequence());
            for (long id = 0; id < 400; id++) TestRecords.append(log, id, RecordLogTest.EXTRA);
            segments = log.segmentCount();
            assertTrue(segments > 5, "records span several segments: " + segments);
        }
        try (RecordLog log = kind.open(dir, options, RecordVisitor.IGNORE)) {
            assertEquals(0, log.recovery().firstSequence(), "the first segment's base, not a later one's");
            assertEquals("recovered 400 records from " + segments + " segments", log.recovery().toString());
            log.truncateBelow(150);
        }
        StoredRecords stored = StoredRecords.of(kind, dir, options);
        long first = stored.locations.getFirst().sequence();
        assertTrue(first > 0 && first <= 150, "first kept record " + first);
        try (RecordLog log = kind.open(dir, options, RecordVisitor.IGNORE)) {
            RecoveryReport report = log.recovery();
            assertEquals(log.segmentCount(), report.segments());
            assertEquals(400 - first, report.records());
            assertEquals(first, report.firstSequence());
            assertEquals("recovered " + (400 - first) + " records from " + report.segments() + " segments", report.toString());
            assertEquals(400, log.nextSequence());
        }
    }

    /** Truncation reads each segment's largest key; after a reopen it must come from recovery and drop the same segments. */
    @ParameterizedTest @EnumSource(LogKind.class)
    void truncationAfterAReopenDropsTheSameSegments(LogKind kind) {
        LogOptions options = RecordLogTest.SMALL;
        try (RecordLog log = kind.open(dir, options, RecordVisitor.IGNORE)) {
            for (long id = 0; id < 400; id++) {
                TestRecords.append(log, id, RecordLogTest.EXTRA);
                if (id % 7 == 0) log.append(1, RecordLog.NO_KEY, new byte[16]);   // unkeyed: no key to hold a segment back
            }
        }
        List<Path> files = StoredRecords.segments(dir, kind);
        Map<Path, Long> maxId = new HashMap<>();
        kind.open(dir, options, (sequence, type, key, payload, file, offset) -> {
            if (key != RecordLog.NO_KEY) maxId.merge(file, key, Math::max);
        }).close();
        long key = 250;
        int expected = 0;
        while (expected < files.size() - 1 && maxId.getOrDefault(files.get(expected), RecordLog.NO_KEY) < key) expected++;
        assertTrue(expected >= 2 && expected < files.size() - 1, expected + " of " + files.size());
        try (RecordLog log = kind.open(dir, options, RecordVisitor.IGNORE)) {
            assertEquals(expected, log.truncateBelow(key));
            assertEquals(files.size() - expected, log.segmentCount());
        }
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void truncationMakesWhatWasAppendedDurableFirst(LogKind kind) {
        try (RecordLog log = kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE)) {
            TestRecords.append(log, 0, 10);
            assertEquals(0, log.stats().persists());
            log.truncateBelow(0);
            assertEquals(1, log.stats().persists(), "truncation syncs before it deletes");
            assertEquals(1, log.stats().records());
        }
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void aClosedLogRefusesWorkAndClosesOnce(LogKind kind) {
        RecordLog log = kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE);
        TestRecords.append(log, 0, 10);
        TestRecords.append(log, 1, 10);
        log.close();
        log.close();   // a second close does nothing
        IllegalStateException sync = assertThrows(IllegalStateException.class, log::sync, "records committed but not synced before the close");
        assertEquals("log " + dir + " is closed", sync.getMessage());
        TestRecords.Collector seen = new TestRecords.Collector(10);
        kind.open(dir, RecordLogTest.SMALL, seen).close();
        assertEquals(List.of(0L, 1L), seen.ids, "close made them durable");
        assertEquals(LongStream.range(0, 2).boxed().toList(), seen.sequences);
    }

    private static long size(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
    /** Segments larger than the file log's 1 MiB staging buffer: it is written out when full, not overrun. */
    @ParameterizedTest @EnumSource(LogKind.class)
    void moreThanAStagingBufferOfRecordsBetweenSyncs(LogKind kind) {
        LogOptions options = new LogOptions(8L << 20, 1024);
        try (RecordLog log = kind.open(dir, options, RecordVisitor.IGNORE)) {
            for (long id = 0; id < 5000; id++) TestRecords.append(log, id, 1000);   // about 2.7 MiB
            assertEquals(1, log.segmentCount());
        }
        TestRecords.Collector seen = new TestRecords.Collector(1000);
        kind.open(dir, options, seen).close();
        assertEquals(LongStream.range(0, 5000).boxed().toList(), seen.ids);
    }
    @ParameterizedTest @EnumSource(LogKind.class)
    void syncSaysBelowWhichNumberEveryRecordIsDurable(LogKind kind) {
        try (RecordLog log = kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE)) {
            assertEquals(0, log.sync(), "nothing yet");
            for (long id = 0; id < 5; id++) TestRecords.append(log, id, 10);
            assertEquals(5, log.sync());
            assertEquals(5, log.sync(), "nothing new");
        }
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void truncationAndCloseGiveTheAppendLockBack(LogKind kind) {
        RecordLog log = kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE);
        java.util.concurrent.locks.ReentrantLock appendLock = ((SegmentedRecordLog<?>) log).appendLock;
        TestRecords.append(log, 0, 10);
        log.truncateBelow(0);
        assertTrue(!appendLock.isLocked(), "after truncation");
        log.close();
        assertTrue(!appendLock.isLocked(), "after close");
    }

    @org.junit.jupiter.api.Test
    void theDefaultOptionsAre64MiBSegments() throws java.io.IOException {
        try (RecordLog file = FileRecordLog.open(dir.resolve("file"), RecordVisitor.IGNORE);
             RecordLog pmem = PmemRecordLog.open(dir.resolve("pmem"), RecordVisitor.IGNORE)) {
            file.append(1, 0, new byte[1]);
            pmem.append(1, 0, new byte[1]);
        }
        for (Path segment : List.of(dir.resolve("file/00000000000000000000.log"), dir.resolve("pmem/00000000000000000000.pmem"))) {
            java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(segment)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(64L << 20, header.getLong(SegmentHeader.CAPACITY_OFFSET), segment.toString());
        }
        assertEquals(64L << 20, size(dir.resolve("pmem/00000000000000000000.pmem")), "a pmem segment is preallocated");
    }
}
