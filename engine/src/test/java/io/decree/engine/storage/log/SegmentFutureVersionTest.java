package io.decree.engine.storage.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.decree.engine.storage.StorageCorruptionException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment of a version newer than any this build knows is refused for its version before any other field is read:
 * a later format may have moved or redefined the kind field, so a kind this build does not expect says nothing, and
 * the operator must be told to use the newer build, not that the directory holds the other log.
 */
class SegmentFutureVersionTest {
    @TempDir Path dir;

    @Test
    void aNewerVersionIsNamedEvenWhenTheKindFieldDoesNotMatch() throws IOException {
        Path segment = FileLogDamageTest.oneSyncedRecord(dir);
        int newer = Math.max(SegmentHeader.FILE_VERSION, SegmentHeader.PMEM_VERSION) + 1;
        FileLogDamageTest.rewriteHeader(segment, SegmentHeader.VERSION_OFFSET, newer);
        FileLogDamageTest.rewriteHeader(segment, SegmentHeader.KIND_OFFSET, SegmentHeader.KIND_PMEM);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class,
                () -> LogKind.FILE.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE));
        assertEquals(segment, e.file());
        assertEquals(SegmentHeader.VERSION_OFFSET, e.offset());
        assertEquals("unsupported log format version " + newer + " (this build reads version " + SegmentHeader.FILE_VERSION
                + " of a file log)", e.getMessage().substring(e.getMessage().indexOf("unsupported")));
    }
}
