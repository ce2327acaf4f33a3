package io.decree.engine.storage.log;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A log's sizes are checked when they are given, each limit at its boundary, with a message naming the value and the limit. */
class LogOptionsTest {

    private static String refused(long segmentBytes, int maxPayloadBytes) {
        return assertThrows(IllegalArgumentException.class, () -> new LogOptions(segmentBytes, maxPayloadBytes)).getMessage();
    }

    @Test
    void thePayloadLimitIsNotNegative() {
        assertEquals("maxPayloadBytes must be >= 0: -1", refused(4096, -1));
        assertEquals(0, new LogOptions(4096, 0).maxPayloadBytes(), "records of no payload only");
    }

    @Test
    void aSegmentFitsOneByteBufferView() {
        assertEquals(LogOptions.MAX_SEGMENT_BYTES, new LogOptions(LogOptions.MAX_SEGMENT_BYTES, 1024).segmentBytes());
        assertEquals("segmentBytes " + (LogOptions.MAX_SEGMENT_BYTES + 8) + " exceeds the limit " + LogOptions.MAX_SEGMENT_BYTES,
                refused(LogOptions.MAX_SEGMENT_BYTES + 8, 1024));
    }

    @Test
    void aSegmentHoldsAtLeastTheLargestRecordAfterItsHeaders() {
        // 128 bytes of headers (the pmem segment's header and tail line), then one frame of the largest payload.
        long needed = 128 + RecordFrame.frameLength(1000);
        assertEquals(1160, needed);
        assertEquals(needed, new LogOptions(needed, 1000).segmentBytes());
        assertEquals("segmentBytes 1152 cannot hold a record of 1000 bytes (needs at least 1160)", refused(needed - 8, 1000));
    }

    @Test
    void aSegmentIsAMultipleOfEightBytes() {
        assertEquals("segmentBytes must be a multiple of 8: 4100", refused(4100, 100));
        assertEquals(4104, new LogOptions(4104, 100).segmentBytes());
    }

    @Test
    void aPayloadIsCheckedAgainstTheLimitWhenItIsClaimed() {
        LogOptions options = new LogOptions(4096, 100);
        options.checkPayload(0);
        options.checkPayload(100);
        IllegalArgumentException over = assertThrows(IllegalArgumentException.class, () -> options.checkPayload(101));
        assertEquals("record payload of 101 bytes exceeds the log's limit of 100 bytes (LogOptions.maxPayloadBytes)", over.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> options.checkPayload(-1));
        assertEquals("record payload of -1 bytes exceeds the log's limit of 100 bytes (LogOptions.maxPayloadBytes)", negative.getMessage());
    }

    @Test
    void theDefaultIs64MiBSegmentsOf4MiBRecordsAtMost() {
        assertEquals(64L << 20, LogOptions.DEFAULT.segmentBytes());
        assertEquals(4 << 20, LogOptions.DEFAULT.maxPayloadBytes());
    }
}
