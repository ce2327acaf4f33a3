package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A segment of version 0 (no build ever wrote one: a zeroed or foreign header with a valid checksum) is refused as
 * an unknown version, not explained as an old one that predates commit markers.
 */
class SegmentVersionZeroTest {
    @TempDir Path dir;

    @Test
    void versionZeroIsUnknownNotOld() throws IOException {
        Path segment = FileLogDamageTest.oneSyncedRecord(dir);
        FileLogDamageTest.rewriteHeader(segment, SegmentHeader.VERSION_OFFSET, 0);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class,
                () -> LogKind.FILE.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE));
        assertEquals(segment, e.file());
        assertEquals(SegmentHeader.VERSION_OFFSET, e.offset());
        assertEquals("unsupported log format version 0 (this build reads version " + SegmentHeader.FILE_VERSION
                + " of a file log)", e.getMessage().substring(e.getMessage().indexOf("unsupported")));
    }
}
