package io.decree.engine.storage.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.storage.pmem.LibPmem;
import io.decree.engine.storage.pmem.SkipWithoutLibPmem;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pmem log's two branches on libpmem's verdict, in a JVM whose files are not persistent memory: a
 * {@link PmemSegment.Mapper} maps as libpmem does and reports the mapping as pmem (as libpmem does on a DAX
 * mount or with {@code PMEM_IS_PMEM_FORCE=1}), or not. On "pmem" a new segment's header is copied and persisted
 * in one libpmem call and records are persisted by cache flushes; the bytes must be the same as on the msync
 * path, which a later open with libpmem's own verdict reads.
 */
@ExtendWith(SkipWithoutLibPmem.class)
class PmemBranchesTest {
    private static final int RECORDS = 200;

    @TempDir Path dir;

    private static PmemSegment.Mapper reporting(boolean isPmem) {
        return (pmem, path, length, create) -> new LibPmem.Mapping(pmem.map(path, length, create).memory(), isPmem);
    }

    private void writeRecords(PmemSegment.Mapper mapper, boolean isPmem) {
        try (PmemRecordLog log = PmemRecordLog.open(dir, RecordLogTest.SMALL, Set.of(), RecordVisitor.IGNORE, mapper)) {
            assertEquals(isPmem, log.isPmem(), "the active segment is as the mapping was reported");
            for (long id = 0; id < RECORDS; id++) {
                TestRecords.append(log, id, RecordLogTest.EXTRA);
                if (id % 10 == 0) log.sync();
            }
            assertTrue(log.segmentCount() > 3, "several segments created on this branch");
            assertEquals(isPmem, log.isPmem(), "and each new one too");
        }
    }

    private void readBackWithLibPmemsVerdict() {
        TestRecords.Collector seen = new TestRecords.Collector(RecordLogTest.EXTRA);
        try (PmemRecordLog log = PmemRecordLog.open(dir, RecordLogTest.SMALL, seen)) {
            assertEquals(LongStream.range(0, RECORDS).boxed().toList(), seen.ids, "every record, under headers that verify");
        }
    }

    @Test
    void onPersistentMemoryTheLogSaysSoAndItsSegmentsReadBack() {
        writeRecords(reporting(true), true);
        readBackWithLibPmemsVerdict();
    }

    @Test
    void onOrdinaryMemoryTheLogSaysSoAndItsSegmentsReadBack() {
        writeRecords(reporting(false), false);
        readBackWithLibPmemsVerdict();
    }

    @Test
    void aSegmentCreatedOnPersistentMemoryReopensAsPersistentMemory() throws Exception {
        LibPmem pmem = LibPmem.get();
        Path file = dir.resolve("0.pmem");
        PmemSegment created = PmemSegment.create(pmem, reporting(true), file, 0, 1 << 16);
        assertTrue(created.isPmem);
        created.unmap();
        PmemSegment opened = PmemSegment.open(pmem, reporting(true), file, 0, 1 << 16);
        try {
            assertTrue(opened.isPmem);
            assertEquals(PmemSegment.RECORDS_OFFSET, opened.published, "the header and the empty tail were persisted");
        } finally {
            opened.unmap();
        }
        PmemSegment plain = PmemSegment.open(pmem, reporting(false), file, 0, 1 << 16);
        try {
            assertFalse(plain.isPmem);
        } finally {
            plain.unmap();
        }
    }
}
