package io.decree.engine.storage.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file log's promises checked in a {@link PowerLossView}: what a power failure would leave, which no
 * in-process test sees otherwise (the page cache keeps unforced bytes and unsynced names alive, even across a
 * SIGKILL). Each check names the operation that returned and the rule it promised.
 */
class FileLogDurabilityTest {
    private static final Predicate<String> SEGMENTS = name -> name.endsWith(FileRecordLog.SUFFIX) || name.endsWith(SegmentDirectory.TEMP_SUFFIX);

    @TempDir Path dir;
    @TempDir Path images;

    private final PowerLossView view = new PowerLossView();

    private FileRecordLog open(RecordVisitor visitor) {
        return FileRecordLog.open(dir, RecordLogTest.SMALL, Set.of(), visitor, view::open);
    }

    @Test
    void everySyncLeavesEverySegmentAndItsNameDurable() {
        try (FileRecordLog log = open(RecordVisitor.IGNORE)) {
            for (long id = 0; id < 300; id++) {
                TestRecords.append(log, id, RecordLogTest.EXTRA);
                if (id % 7 == 6) {
                    log.sync();
                    view.assertDurable(dir, SEGMENTS, "sync() after record " + id
                            + " (every record committed before it is durable: each segment's bytes forced after they were written"
                            + " (persistSync, seal), each segment's name fsynced into the directory (publish))");
                }
            }
            assertTrue(log.segmentCount() > 3, "the records span several segments, so seal and publish ran: " + log.segmentCount());
        }
    }

    @Test
    void closeLeavesEveryAppendedRecordDurable() {
        try (FileRecordLog log = open(RecordVisitor.IGNORE)) {
            for (long id = 0; id < 30; id++) TestRecords.append(log, id, RecordLogTest.EXTRA);
            log.sync();
            for (long id = 30; id < 33; id++) TestRecords.append(log, id, RecordLogTest.EXTRA);
        }
        view.assertDurable(dir, SEGMENTS, "close() with records appended since the last sync"
                + " (a clean shutdown writes out and forces what was appended (closeMedium): it loses nothing)");
    }

    @Test
    void truncationMakesTheDroppedSegmentsGoneDurably() {
        try (FileRecordLog log = open(RecordVisitor.IGNORE)) {
            for (long id = 0; id < 80; id++) TestRecords.append(log, id, RecordLogTest.EXTRA);
            log.sync();
            int before = log.segmentCount();
            int dropped = log.truncateBelow(60);
            assertTrue(dropped > 0 && dropped < before, "truncateBelow(60) dropped some sealed segments: " + dropped + " of " + before);
            view.assertDurable(dir, SEGMENTS, "truncateBelow(60) dropped " + dropped
                    + " segments (the deletions are durable when it returns: dropBelow fsyncs the directory)");
        }
    }

    /**
     * A power failure right after any force or directory fsync (between two of them the disk holds what the
     * earlier left) leaves a log that opens and recovers, in order and intact, every record a sync had
     * acknowledged by then. Catches a segment published before its header was forced (createSegment):
     * recovery refuses a segment whose header is cut as damage.
     */
    @Test
    void aPowerFailureAfterAnyDurabilityEventLeavesEveryAcknowledgedRecord() throws IOException {
        List<int[]> acknowledged = new ArrayList<>();   // {images when a sync returned, records it acknowledged}
        try (FileRecordLog log = open(RecordVisitor.IGNORE)) {
            for (long id = 0; id < 150; id++) {
                TestRecords.append(log, id, RecordLogTest.EXTRA);
                if (id % 5 == 4) {
                    log.sync();
                    acknowledged.add(new int[] {view.images(dir).size(), (int) id + 1});
                }
            }
        }
        List<PowerLossView.Image> all = view.images(dir);
        assertTrue(all.size() > 20, "forces and fsyncs recorded: " + all.size());
        for (int i = 0; i < all.size(); i++) {
            PowerLossView.Image image = all.get(i);
            int mustHave = 0;
            for (int[] sync : acknowledged) if (sync[0] - 1 <= i) mustHave = Math.max(mustHave, sync[1]);
            Path disk = images.resolve("after-" + i);
            PowerLossView.materialize(image, disk);
            TestRecords.Collector seen = new TestRecords.Collector(RecordLogTest.EXTRA);
            try (RecordLog recovered = FileRecordLog.open(disk, RecordLogTest.SMALL, seen)) {
                assertEquals(LongStream.range(0, seen.ids.size()).boxed().toList(), seen.ids, "records in order after a power failure at " + image.event());
            } catch (RuntimeException e) {
                throw new AssertionError("a power failure after event " + image.event() + " leaves a log that does not open"
                        + " (a segment name must be published only once its header is forced: createSegment): " + e, e);
            }
            assertTrue(seen.ids.size() >= mustHave, "a power failure after event " + image.event() + " keeps the " + mustHave
                    + " records acknowledged by a sync before it; recovered " + seen.ids.size());
        }
    }
}
