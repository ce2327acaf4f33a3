package io.decree.engine.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snapshot file's frame on its own: what it refuses to write, and what it refuses to read even when the checksum matches. */
class SnapshotFileTest {
    @TempDir Path dir;

    @Test
    void aSnapshotCoversAtLeastSlotZero() {
        assertEquals("a snapshot's nextSlot must be >= 1: 0",
                assertThrows(IllegalArgumentException.class, () -> SnapshotFile.encode(0, new byte[1])).getMessage());
        SnapshotFile.Stored one = SnapshotFile.decode(dir.resolve(SnapshotFile.NAME), SnapshotFile.encode(1, new byte[] {5}));
        assertEquals(1, one.nextSlot());
        assertArrayEquals(new byte[] {5}, one.bytes());
    }

    /** A frame another writer sealed with a valid checksum but a slot below 1 (no snapshot covers nothing). */
    @Test
    void aSealedFrameForSlotZeroIsRefused() {
        byte[] bytes = SnapshotFile.encode(7, new byte[] {1, 2});
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(SnapshotFile.SLOT_OFFSET, 0);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SnapshotFile.CRC_OFFSET);
        crc.update(bytes, SnapshotFile.HEADER_BYTES, 2);
        b.putInt(SnapshotFile.CRC_OFFSET, (int) crc.getValue());
        Path file = dir.resolve(SnapshotFile.NAME);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> SnapshotFile.decode(file, bytes));
        assertEquals(SnapshotFile.SLOT_OFFSET, e.offset());
        assertTrue(e.getMessage().endsWith("snapshot covers slots below 0, must be >= 1"), e.getMessage());
    }

    /** Larger than any snapshot could be: refused from its size, before the file is read into memory. */
    @Test
    void aFileLargerThanAnySnapshotIsRefusedUnread() throws IOException {
        Path file = dir.resolve(SnapshotFile.NAME);
        long size = SnapshotFile.HEADER_BYTES + (long) Integer.MAX_VALUE + 1;
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(size);   // a sparse file: no blocks are written
        }
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> SnapshotFile.read(dir));
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().endsWith("snapshot file has " + size + " bytes, more than any snapshot"), e.getMessage());
        Files.delete(file);
    }
}
