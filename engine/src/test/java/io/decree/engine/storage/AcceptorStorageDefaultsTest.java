package io.decree.engine.storage;

import io.decree.engine.storage.log.LogOptions;
import io.decree.engine.storage.pmem.SkipWithoutLibPmem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The overloads without options open a working storage with {@link LogOptions#DEFAULT} (the segment size is read
 * from the segment's header), and what it made durable is recovered by the next open.
 */
class AcceptorStorageDefaultsTest {
    /** Where a segment header keeps its capacity (SegmentHeader.CAPACITY_OFFSET, pinned as on-media format). */
    static final int CAPACITY_OFFSET = 24;

    @TempDir Path dir;

    @Test
    void fileStorageWithoutOptionsUsesTheDefaults() throws IOException {
        roundTrip(FileAcceptorStorage::open, dir.resolve("00000000000000000000.log"));
    }

    @Test @ExtendWith(SkipWithoutLibPmem.class)
    void pmemStorageWithoutOptionsUsesTheDefaults() throws IOException {
        roundTrip(PmemAcceptorStorage::open, dir.resolve("00000000000000000000.pmem"));
    }

    private void roundTrip(Function<Path, AcceptorStorage> open, Path firstSegment) throws IOException {
        try (AcceptorStorage storage = open.apply(dir)) {
            storage.recordPromise(9);
            storage.recordVote(3, 9, new byte[] {1, 2});
            storage.sync();
        }
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(firstSegment)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(LogOptions.DEFAULT.segmentBytes(), header.getLong(CAPACITY_OFFSET));
        try (AcceptorStorage storage = open.apply(dir)) {
            RecoveredState state = storage.recover();
            assertEquals(9, state.promised());
            assertArrayEquals(new byte[] {1, 2}, state.votes().get(3L).decree());
        }
    }
}
