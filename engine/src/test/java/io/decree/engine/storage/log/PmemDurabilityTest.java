package io.decree.engine.storage.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.storage.pmem.SkipWithoutLibPmem;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pmem log's promises checked in a {@link PmemPowerLossView}: what a power failure would leave of its
 * mappings, on both branches of libpmem's verdict (msync, or cache flushes on a mapping reported as pmem).
 */
@ExtendWith(SkipWithoutLibPmem.class)
class PmemDurabilityTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "reported as pmem: {0}")
    @ValueSource(booleans = {false, true})
    void everySyncLeavesEveryPublishedRecordDurable(boolean isPmem) {
        PmemPowerLossView view = new PmemPowerLossView(isPmem);
        try (PmemRecordLog log = PmemRecordLog.open(dir, RecordLogTest.SMALL, Set.of(), RecordVisitor.IGNORE, view)) {
            view.assertPublishedDurable("open() of an empty log (its first segment's header and empty tail persisted: create, publish)");
            for (long id = 0; id < 200; id++) {
                TestRecords.append(log, id, RecordLogTest.EXTRA);
                if (id % 9 == 8) {
                    log.sync();
                    view.assertPublishedDurable("sync() after record " + id + " (every segment's header persisted when it was"
                            + " created, its records persisted before the tail that covers them, the tail persisted: persistAndPublish, publish)");
                }
            }
            assertTrue(log.segmentCount() > 3, "the records span several segments, so seal and create ran: " + log.segmentCount());
        }
    }

    @Test
    void anOpenMakesWhatRecoveryReadDurable() {
        try (PmemRecordLog log = PmemRecordLog.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE)) {
            for (long id = 0; id < 30; id++) TestRecords.append(log, id, RecordLogTest.EXTRA);
            log.sync();
            assertEquals(1, log.segmentCount(), "one segment, the one recovery reopens for appending (sealed ones were persisted before their successor existed)");
        }
        PmemPowerLossView view = new PmemPowerLossView(false);   // a new process knows nothing of what is durable
        TestRecords.Collector seen = new TestRecords.Collector(RecordLogTest.EXTRA);
        try (PmemRecordLog log = PmemRecordLog.open(dir, RecordLogTest.SMALL, Set.of(), seen, view)) {
            assertEquals(LongStream.range(0, 30).boxed().toList(), seen.ids, "every record recovered");
            view.assertPublishedDurable("open() of a log a process left (what recovery read may be in the page cache only:"
                    + " the active segment is persisted before the replica acts on it: startAppending)");
        }
    }
}
