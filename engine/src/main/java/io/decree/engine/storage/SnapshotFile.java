package io.decree.engine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The acceptor storage's snapshot: one file, {@value #NAME}, in the storage directory (beside the log
 * segments, under the log's directory lock), replaced atomically. Little-endian frame:
 *
 * <pre>
 *   offset  size  field
 *   0       4     magic "DSNP" (0x504E5344 read little-endian)
 *   4       4     version (1)
 *   8       8     nextSlot: the snapshot covers every slot below it (>= 1)
 *   16      4     length of the snapshot bytes
 *   20      4     CRC32C of bytes 0..20 and the snapshot bytes
 *   24      n     the snapshot bytes (opaque: the engine's own encoding)
 * </pre>
 *
 * <p>Atomicity: a new snapshot is written whole to {@value #TEMP_NAME}, forced, renamed over {@value #NAME}
 * (rename(2) replaces the target atomically) and then the directory is forced. A crash before the rename
 * leaves the previous file untouched and a temporary file, whole or in part, that recovery deletes without
 * reading; a crash after it leaves the new file, or (if the directory was not yet forced) the old one. So
 * {@value #NAME} always holds a whole snapshot, and any damage to it is corruption, never a crash artefact:
 * recovery refuses it, because the log below the snapshot may already be gone.
 */
public final class SnapshotFile {
    /** The snapshot's file name in the storage directory. */
    public static final String NAME = "snapshot";
    /** The name a new snapshot is written under before it is renamed over {@value #NAME}. */
    public static final String TEMP_NAME = "snapshot.tmp";
    /** Both names: the log leaves them alone. */
    static final Set<String> NAMES = Set.of(NAME, TEMP_NAME);

    static final int MAGIC = 0x504E5344;   // "DSNP" in file order
    static final int VERSION = 1;
    /** Bytes of the frame before the snapshot bytes. */
    public static final int HEADER_BYTES = 24;
    static final int VERSION_OFFSET = 4;
    static final int SLOT_OFFSET = 8;
    static final int LENGTH_OFFSET = 16;
    static final int CRC_OFFSET = 20;

    /**
     * Opens the channels a snapshot write forces (the temporary file) and the directory fsyncs go through.
     * Production opens the file ({@link #FILES}); a test records what was forced, the only way an in-process
     * test sees a missing fsync (the bytes stay in the page cache either way).
     */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path path, OpenOption... options) throws IOException;
    }

    static final ChannelOpener FILES = FileChannel::open;

    /** A snapshot read back: it covers every slot below {@code nextSlot}. */
    record Stored(long nextSlot, byte[] bytes) {}

    private SnapshotFile() {}

    /** The whole file for a snapshot of {@code snapshot} covering every slot below {@code nextSlot}. */
    public static byte[] encode(long nextSlot, byte[] snapshot) {
        ByteBuffer file = ByteBuffer.allocate(HEADER_BYTES + snapshot.length).order(ByteOrder.LITTLE_ENDIAN);
        file.put(header(nextSlot, snapshot)).put(snapshot);
        return file.array();
    }

    private static ByteBuffer header(long nextSlot, byte[] snapshot) {
        if (nextSlot < 1) throw new IllegalArgumentException("a snapshot's nextSlot must be >= 1: " + nextSlot);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putInt(VERSION).putLong(nextSlot).putInt(snapshot.length);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, CRC_OFFSET);
        crc.update(snapshot);
        header.putInt((int) crc.getValue());
        return header.flip();
    }

    /** Writes the snapshot durably and atomically replaces the stored one (see the class comment). */
    static void write(Path dir, long nextSlot, byte[] snapshot) { write(dir, nextSlot, snapshot, FILES); }

    /** As {@link #write(Path, long, byte[])}, opening the temporary file and the directory with {@code channels}. */
    static void write(Path dir, long nextSlot, byte[] snapshot, ChannelOpener channels) {
        Path temp = dir.resolve(TEMP_NAME);
        ByteBuffer[] parts = {header(nextSlot, snapshot), ByteBuffer.wrap(snapshot)};
        try {
            try (FileChannel channel = channels.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                while (parts[0].hasRemaining() || parts[1].hasRemaining()) channel.write(parts);
                channel.force(true);
            }
            Files.move(temp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir, channels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the snapshot for slots below " + nextSlot + " in " + dir, e);
        }
    }

    /**
     * Recovers the stored snapshot, or {@code null} if there is none. Deletes a leftover temporary file
     * first (a write a crash interrupted before its rename: never read). Throws
     * {@link StorageCorruptionException} naming the file and what is wrong if the snapshot is damaged.
     */
    static Stored read(Path dir) { return read(dir, FILES); }

    /** As {@link #read(Path)}, opening the directory for its fsync with {@code channels}. */
    static Stored read(Path dir, ChannelOpener channels) {
        Path file = dir.resolve(NAME);
        try {
            if (Files.deleteIfExists(dir.resolve(TEMP_NAME))) syncDirectory(dir, channels);
            if (!Files.exists(file)) return null;
            long size = Files.size(file);
            if (size < HEADER_BYTES) {
                throw new StorageCorruptionException(file, size, "snapshot file has " + size + " bytes, shorter than its "
                        + HEADER_BYTES + "-byte header");
            }
            if (size > HEADER_BYTES + (long) Integer.MAX_VALUE) {
                throw new StorageCorruptionException(file, 0, "snapshot file has " + size + " bytes, more than any snapshot");
            }
            byte[] bytes = Files.readAllBytes(file);
            return decode(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the snapshot " + file, e);
        }
    }

    /** Checks a whole snapshot file's frame and returns what it holds. */
    static Stored decode(Path file, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < HEADER_BYTES) {
            throw new StorageCorruptionException(file, bytes.length, "snapshot file has " + bytes.length
                    + " bytes, shorter than its " + HEADER_BYTES + "-byte header");
        }
        if (in.getInt(0) != MAGIC) {
            throw new StorageCorruptionException(file, 0, String.format("not a snapshot file: magic is 0x%08x, expected 0x%08x",
                    in.getInt(0), MAGIC));
        }
        if (in.getInt(VERSION_OFFSET) != VERSION) {
            throw new StorageCorruptionException(file, VERSION_OFFSET, "snapshot file version " + in.getInt(VERSION_OFFSET)
                    + " is not supported (this build reads version " + VERSION + "; written by a newer version?)");
        }
        long length = Integer.toUnsignedLong(in.getInt(LENGTH_OFFSET));
        if (HEADER_BYTES + length != bytes.length) {
            throw new StorageCorruptionException(file, LENGTH_OFFSET, "snapshot header says " + length
                    + " bytes of snapshot but the file holds " + (bytes.length - HEADER_BYTES) + " after its header");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        crc.update(bytes, HEADER_BYTES, (int) length);
        int stored = in.getInt(CRC_OFFSET);
        if ((int) crc.getValue() != stored) {
            throw new StorageCorruptionException(file, CRC_OFFSET, String.format(
                    "snapshot checksum mismatch: stored CRC32C 0x%08x, computed 0x%08x over the header and %d snapshot bytes",
                    stored, (int) crc.getValue(), length));
        }
        long nextSlot = in.getLong(SLOT_OFFSET);
        if (nextSlot < 1) {
            throw new StorageCorruptionException(file, SLOT_OFFSET, "snapshot covers slots below " + nextSlot + ", must be >= 1");
        }
        byte[] snapshot = new byte[(int) length];
        System.arraycopy(bytes, HEADER_BYTES, snapshot, 0, (int) length);
        return new Stored(nextSlot, snapshot);
    }

    private static void syncDirectory(Path dir, ChannelOpener channels) throws IOException {
        try (FileChannel d = channels.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
