package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;
import io.decree.engine.storage.pmem.LibPmem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One persistent-memory segment file: what a new one holds, and each check {@code open} makes of the
 * header, the file size, the reserved bytes and the tail word before it trusts a record.
 */
class PmemSegmentTest {
    static final long CAPACITY = 4096;
    static final long BASE = 7;

    @TempDir Path dir;
    LibPmem pmem;
    Path file;

    @BeforeEach
    void createSegment() throws IOException {
        pmem = LibPmem.get();
        file = dir.resolve("segment");
        PmemSegment.create(pmem, PmemSegment.LIBPMEM, file, BASE, CAPACITY).unmap();
    }

    private PmemSegment open() throws IOException { return PmemSegment.open(pmem, PmemSegment.LIBPMEM, file, BASE, Files.size(file)); }

    private StorageCorruptionException refused() {
        return assertThrows(StorageCorruptionException.class, this::open);
    }

    private void putLong(long offset, long value) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong((int) offset, value);
        Files.write(file, bytes);
    }

    private void setTail(long tail) throws IOException { putLong(PmemSegment.TAIL_OFFSET, (long) PmemSegment.check(tail, BASE) << 32 | tail); }

    @Test
    void aNewSegmentHasItsHeaderAnEmptyTailAndZeroes() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(CAPACITY, bytes.length, "a pmem segment is preallocated to its capacity");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(SegmentHeader.MAGIC, b.getLong(0));
        assertEquals(SegmentHeader.KIND_PMEM, b.getInt(SegmentHeader.KIND_OFFSET));
        assertEquals(BASE, b.getLong(SegmentHeader.BASE_OFFSET));
        assertEquals(CAPACITY, b.getLong(SegmentHeader.CAPACITY_OFFSET));
        assertEquals((long) PmemSegment.check(128, BASE) << 32 | 128, b.getLong((int) PmemSegment.TAIL_OFFSET), "tail word: empty");
        for (int p = 72; p < bytes.length; p++) assertEquals(0, bytes[p], "byte " + p);
        PmemSegment segment = open();
        try {
            assertEquals(PmemSegment.RECORDS_OFFSET, segment.published);
            assertEquals(PmemSegment.RECORDS_OFFSET, segment.writeOffset);
            assertEquals(CAPACITY, segment.capacity);
            assertEquals(BASE, segment.base);
        } finally {
            segment.unmap();
        }
    }

    /** The tail word's check is part of the on-media format: a segment written by an earlier build must still open. */
    @Test
    void theTailChecksArePinned() {
        assertEquals(0xfcff3a9b, PmemSegment.check(128, 0));
        assertEquals(0x72be3d2e, PmemSegment.check(4096, 7));
        assertEquals(0xe92bc9a4, PmemSegment.check(1L << 20, 1_000_000));
    }

    @Test
    void aPublishedTailIsReadBack() throws IOException {
        setTail(CAPACITY);
        PmemSegment segment = open();
        try {
            assertEquals(CAPACITY, segment.published, "a full segment");
            assertEquals(CAPACITY, segment.writeOffset);
        } finally {
            segment.unmap();
        }
        setTail(PmemSegment.RECORDS_OFFSET + 8);
        segment = open();
        segment.unmap();
        assertEquals(PmemSegment.RECORDS_OFFSET + 8, segment.published);
    }

    @Test
    void aTailWordThatIsNotAValidTailIsDamage() throws IOException {
        for (long tail : new long[] {PmemSegment.RECORDS_OFFSET - 8, CAPACITY + 8, PmemSegment.RECORDS_OFFSET + 4}) {
            setTail(tail);
            StorageCorruptionException e = refused();
            assertEquals(PmemSegment.TAIL_OFFSET, e.offset(), "tail " + tail);
            assertTrue(e.getMessage().contains("tail word damaged (0x" + Long.toHexString((long) PmemSegment.check(tail, BASE) << 32 | tail) + ")"),
                    e.getMessage());
        }
        putLong(PmemSegment.TAIL_OFFSET, (long) PmemSegment.check(256, BASE + 1) << 32 | 256);   // another segment's tail
        assertEquals(PmemSegment.TAIL_OFFSET, refused().offset());
    }

    @Test
    void reservedBytesAfterTheTailWordMustBeZero() throws IOException {
        byte[] clean = Files.readAllBytes(file);
        for (int p : new int[] {72, 127}) {
            byte[] bytes = clean.clone();
            bytes[p] = 1;
            Files.write(file, bytes);
            StorageCorruptionException e = refused();
            assertEquals(p, e.offset());
            assertTrue(e.getMessage().contains("reserved bytes after the tail word are not zero"), e.getMessage());
        }
        byte[] bytes = clean.clone();
        bytes[128] = 1;   // the first record byte: not the header's business (it is above the tail, so never read)
        Files.write(file, bytes);
        open().unmap();
    }

    @Test
    void aFileShorterOrLongerThanItsHeaderSaysIsRefused() throws IOException {
        byte[] clean = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(clean, 127));
        StorageCorruptionException shortFile = refused();
        assertEquals(127, shortFile.offset());
        assertEquals("truncated segment: the file has 127 bytes, a persistent-memory segment needs at least 128",
                shortFile.getMessage().substring(shortFile.getMessage().indexOf("truncated segment")));

        Files.write(file, java.util.Arrays.copyOf(clean, 128));
        StorageCorruptionException cut = refused();
        assertEquals(128, cut.offset(), cut.getMessage());
        assertTrue(cut.getMessage().contains("segment file has 128 bytes but its header says 4096: truncated or extended"), cut.getMessage());

        Files.write(file, java.util.Arrays.copyOf(clean, 8192));
        StorageCorruptionException extended = refused();
        assertEquals(4096, extended.offset(), extended.getMessage());
        assertTrue(extended.getMessage().contains("segment file has 8192 bytes but its header says 4096"), extended.getMessage());
    }
}
