package io.decree.engine.storage.log;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The record frame on its own, over bytes the test lays out: the documented layout, and each rule of
 * {@link RecordFrame#check} at its boundary with the message that names what is wrong. The damage suites
 * reach these rules through whole logs; here each one is isolated, so a rule that stopped checking, or
 * checked one byte off, is seen.
 */
class RecordFrameTest {
    static final int MAX_PAYLOAD = 64;
    static final byte FILL = (byte) 0xA5;

    final CRC32C crc = new CRC32C();
    MemorySegment memory;
    ByteBuffer view;

    @BeforeEach
    void fill() {
        byte[] bytes = new byte[512];
        java.util.Arrays.fill(bytes, FILL);
        memory = MemorySegment.ofArray(bytes);
        view = memory.asByteBuffer();
    }

    /** Writes an intact record at {@code frame}: header, payload of {@code length} bytes (1, 2, 3...), checksum. */
    private long record(long frame, int length, long sequence, long key, int type) {
        RecordFrame.writeHeader(memory, frame, length, sequence, key, type);
        for (int i = 0; i < length; i++) memory.set(ValueLayout.JAVA_BYTE, frame + RecordFrame.HEADER_BYTES + i, (byte) (i + 1));
        long frameLength = RecordFrame.frameLength(length);
        RecordFrame.sealCrc(memory, crc, view, frame, frameLength);
        return frameLength;
    }

    private String check(long frame, long end, long expectedSequence) {
        return RecordFrame.check(memory, view, crc, frame, end, expectedSequence, MAX_PAYLOAD);
    }

    /** Rewrites an int field and reseals the checksum, as a writer with other rules would have. */
    private void rewrite(long frame, int fieldOffset, int value, long frameLength) {
        memory.set(RecordFrame.INT, frame + fieldOffset, value);
        RecordFrame.sealCrc(memory, crc, view, frame, frameLength);
    }

    @Test
    void framesArePaddedToEightBytes() {
        assertEquals(32, RecordFrame.frameLength(0));
        assertEquals(40, RecordFrame.frameLength(1));
        assertEquals(40, RecordFrame.frameLength(8));
        assertEquals(48, RecordFrame.frameLength(9));
        assertEquals(0, RecordFrame.align(0));
        assertEquals(8, RecordFrame.align(1));
        assertEquals(8, RecordFrame.align(8));
        assertEquals(16, RecordFrame.align(9));
    }

    @Test
    void aWrittenFrameHasTheDocumentedLayoutAndTouchesNothingAfterItsPadding() {
        long frame = 16;
        long frameLength = record(frame, 5, 0x0102_0304_0506_0708L, -3L, 7);
        assertEquals(40, frameLength);
        ByteBuffer b = ByteBuffer.wrap(memory.toArray(ValueLayout.JAVA_BYTE)).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) frame;
        assertEquals(5, b.getInt(at + 4), "length");
        assertEquals(0x0102_0304_0506_0708L, b.getLong(at + 8), "sequence");
        assertEquals(-3L, b.getLong(at + 16), "key");
        assertEquals(7, b.getInt(at + 24), "type");
        assertEquals(0, b.getInt(at + 28), "reserved, over bytes that held other data");
        for (int i = 0; i < 5; i++) assertEquals(i + 1, b.get(at + 32 + i), "payload byte " + i);
        for (int p = at + 37; p < at + 40; p++) assertEquals(0, b.get(p), "padding byte " + p);
        assertEquals(FILL, b.get(at + 40), "the byte after the padding belongs to the next frame");
        assertEquals(FILL, b.get(at - 1), "the byte before the frame");
        CRC32C expected = new CRC32C();
        expected.update(memory.asSlice(frame + 4, frameLength - 4).asByteBuffer());
        assertEquals((int) expected.getValue(), b.getInt(at), "CRC32C of every byte after the checksum field, padding included");
        assertEquals(7, RecordFrame.type(memory, frame));
        assertEquals(-3L, RecordFrame.key(memory, frame));
        assertNull(check(frame, frame + frameLength, 0x0102_0304_0506_0708L));
    }

    @Test
    void aHeaderMustBeWhole() {
        long frameLength = record(0, 0, 4, 1, 1);
        assertEquals(32, frameLength);
        assertNull(check(0, 32, 4), "an empty record is exactly a header");
        assertEquals("incomplete record header (31 of 32 bytes)", check(0, 31, 4));
        assertEquals("incomplete record header (0 of 32 bytes)", check(0, 0, 4));
    }

    @Test
    void thePayloadLengthMustBePlausibleAndTheFrameWhole() {
        long frameLength = record(0, MAX_PAYLOAD, 0, 1, 1);
        assertNull(check(0, frameLength, 0), "a payload of exactly the limit");
        assertEquals("incomplete record (" + (frameLength - 1) + " of " + frameLength + " bytes)", check(0, frameLength - 1, 0));
        rewrite(0, RecordFrame.LENGTH_OFFSET, MAX_PAYLOAD + 1, frameLength);
        assertEquals("implausible payload length 65 (limit 64)", check(0, 512, 0));
        rewrite(0, RecordFrame.LENGTH_OFFSET, -1, frameLength);
        assertEquals("implausible payload length -1 (limit 64)", check(0, 512, 0));
    }

    @Test
    void aFlipAnywhereIsAChecksumMismatch() {
        long frameLength = record(0, 3, 0, 1, 1);
        for (long p = 0; p < frameLength; p++) {
            if (p >= RecordFrame.LENGTH_OFFSET && p < RecordFrame.LENGTH_OFFSET + 4) continue;   // the length field: other messages
            byte before = memory.get(ValueLayout.JAVA_BYTE, p);
            memory.set(ValueLayout.JAVA_BYTE, p, (byte) (before ^ 0x10));
            assertEquals("checksum mismatch", check(0, frameLength, 0), "flip at byte " + p);
            memory.set(ValueLayout.JAVA_BYTE, p, before);
        }
        assertNull(check(0, frameLength, 0));
    }

    @Test
    void typesArePositiveOrACommitMarkerOfEightBytes() {
        long frameLength = record(0, 8, 0, 1, 1);
        assertNull(check(0, frameLength, 0), "type 1, the smallest client type");
        rewrite(0, RecordFrame.TYPE_OFFSET, 0, frameLength);
        assertEquals("invalid record type 0", check(0, frameLength, 0));
        rewrite(0, RecordFrame.TYPE_OFFSET, -2, frameLength);
        assertEquals("invalid record type -2", check(0, frameLength, 0));
        rewrite(0, RecordFrame.TYPE_OFFSET, RecordFrame.COMMIT_TYPE, frameLength);
        assertNull(check(0, frameLength, 0), "a commit marker's 8-byte payload");
        long longer = record(64, 16, 0, 1, RecordFrame.COMMIT_TYPE);
        assertEquals("commit marker with a payload of 16 bytes", check(64, 64 + longer, 0));
    }

    @Test
    void theRecordNumberMustBeTheExpectedOne() {
        long frameLength = record(0, 0, 10, 1, 1);
        assertNull(check(0, frameLength, 10));
        assertEquals("record number 10 where 11 was expected", check(0, frameLength, 11));
        assertEquals("record number 10 where 9 was expected", check(0, frameLength, 9));
    }

    @Test
    void aCommitMarkerNamesTheRecordRightBeforeIt() {
        long recordLength = record(0, 5, 3, 1, 1);
        int recordCrc = RecordFrame.crc(memory, 0);
        RecordFrame.writeCommit(memory, crc, view, recordLength, 4, recordCrc, (int) recordLength);
        assertNull(check(recordLength, recordLength + RecordFrame.COMMIT_FRAME_BYTES, 4), "an intact marker");
        assertEquals(true, RecordFrame.isCommit(memory, recordLength));
        assertEquals(false, RecordFrame.isCommit(memory, 0));
        assertEquals(4, RecordFrame.sequence(memory, recordLength), "numbered as the next record: it consumes no number");
        assertEquals(RecordLog.NO_KEY, RecordFrame.key(memory, recordLength));
        assertNull(RecordFrame.checkCommit(memory, recordLength, 0, recordCrc, recordLength));

        assertEquals("commit marker with no record before it in its segment",
                RecordFrame.checkCommit(memory, recordLength, -1, recordCrc, recordLength));
        String crcHex = Integer.toHexString(recordCrc);
        assertEquals("commit marker names a record of 40 bytes with checksum " + crcHex
                        + ", but the record before it has 40 bytes and checksum " + Integer.toHexString(recordCrc + 1),
                RecordFrame.checkCommit(memory, recordLength, 0, recordCrc + 1, recordLength), "another checksum");
        assertEquals("commit marker names a record of 40 bytes with checksum " + crcHex
                        + ", but the record before it has 48 bytes and checksum " + crcHex,
                RecordFrame.checkCommit(memory, recordLength, 0, recordCrc, 48), "another length");
        assertEquals("commit marker names a record of 40 bytes with checksum " + crcHex
                        + ", but the record before it has 40 bytes and checksum " + crcHex,
                RecordFrame.checkCommit(memory, recordLength, 8, recordCrc, recordLength), "a record that does not end at the marker");
    }

    @Test
    void onlyAnIntactFrameThatCouldFollowTheDamageCountsAsIntactAfterIt() {
        // Damage at 0 (the record numbered 5 that should be there is unreadable); an intact record
        // numbered 6 at 64 is what a torn tail can never have after it.
        long length = record(64, 8, 6, 1, 1);
        assertEquals(40, length);
        assertEquals(64, after(1, 104, 5, MAX_PAYLOAD), "searched from the next aligned offset");
        assertEquals(64, after(64, 104, 5, MAX_PAYLOAD), "a frame right at the start");
        assertEquals(-1, after(65, 104, 5, MAX_PAYLOAD), "a frame before the start");
        assertEquals(-1, after(8, 103, 5, MAX_PAYLOAD), "a frame that overruns the end");
        assertEquals(-1, after(8, 104, 7, MAX_PAYLOAD), "numbered below the damaged record: stale");
        assertEquals(64, after(8, 104, 6, MAX_PAYLOAD), "numbered like the damaged record: it counts");
        // At most (end - from) / 32 records fit between the damage and the end, so a number further on is not plausible.
        assertEquals(64, after(40, 104, 4, MAX_PAYLOAD), "6 - 4 = (104 - 40) / 32: plausible");
        assertEquals(-1, after(40, 104, 3, MAX_PAYLOAD), "6 - 3 > (104 - 40) / 32: not plausible");
        assertEquals(64, after(8, 104, 5, 8), "a payload of exactly the limit");
        assertEquals(-1, after(8, 104, 5, 7), "a payload over the limit");

        rewrite(64, RecordFrame.TYPE_OFFSET, 0, length);
        assertEquals(-1, after(8, 104, 5, MAX_PAYLOAD), "type 0 is no record");
        rewrite(64, RecordFrame.TYPE_OFFSET, RecordFrame.COMMIT_TYPE, length);
        assertEquals(64, after(8, 104, 5, MAX_PAYLOAD), "a commit marker counts");
        memory.set(ValueLayout.JAVA_BYTE, 64 + 20, (byte) 1);
        assertEquals(-1, after(8, 104, 5, MAX_PAYLOAD), "its checksum no longer matches");
        // A negative length whose checksum matches the 24 bytes it would give: refused for its length alone.
        memory.set(RecordFrame.INT, 64 + RecordFrame.LENGTH_OFFSET, -8);
        RecordFrame.sealCrc(memory, crc, view, 64, RecordFrame.frameLength(-8));
        assertEquals(-1, after(8, 104, 5, MAX_PAYLOAD), "a negative length");
    }

    @Test
    void anEmptyRecordEndingExactlyAtTheEndIsFound() {
        record(64, 0, 6, 1, 1);
        assertEquals(64, after(8, 96, 5, MAX_PAYLOAD));
        assertEquals(-1, after(8, 95, 5, MAX_PAYLOAD));
    }

    private long after(long from, long end, long fromSequence, int maxPayload) {
        return RecordFrame.findIntactAfter(memory, view, crc, from, end, fromSequence, maxPayload);
    }
}
