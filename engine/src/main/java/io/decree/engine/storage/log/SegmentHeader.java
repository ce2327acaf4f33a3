package io.decree.engine.storage.log;

import io.decree.engine.storage.StorageCorruptionException;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The 64-byte header at the start of every segment, as static accessors over a {@link MemorySegment}.
 * It lets a reader recognise a foreign or damaged file before trusting a byte of it.
 *
 * <pre>
 *   offset size field
 *   0      8    magic     the ASCII bytes "DECREELG"
 *   8      4    version   format version: {@link #FILE_VERSION} for a file log, {@link #PMEM_VERSION} for a pmem log
 *   12     4    kind      1 = file log, 2 = persistent-memory log (a segment of one is foreign to the other)
 *   16     8    base      sequence number of the segment's first record (also in the file name)
 *   24     8    capacity  the segment's size limit in bytes (the exact file size for a pmem segment)
 *   32     28   reserved  zero
 *   60     4    crc32c    CRC32C of bytes [0, 60)
 * </pre>
 *
 * <p>Versions: file-log version 2 adds commit markers ({@link RecordFrame#COMMIT_TYPE}) after every sync;
 * a version-1 file segment has none, so a flip in its last synced record could not be told from a torn
 * write, and it is refused with a message saying so rather than read under weaker rules. The pmem log's
 * tail word already marks what is durable: its format is unchanged at version 1.
 */
public final class SegmentHeader {
    public static final int BYTES = 64;
    public static final long MAGIC = magic();
    public static final int FILE_VERSION = 2;
    public static final int PMEM_VERSION = 1;
    /** The first file-log version with commit markers. */
    static final int FIRST_MARKED_FILE_VERSION = 2;
    public static final int KIND_FILE = 1;
    public static final int KIND_PMEM = 2;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int KIND_OFFSET = 12;
    static final int BASE_OFFSET = 16;
    static final int CAPACITY_OFFSET = 24;
    static final int CRC_OFFSET = 60;

    private SegmentHeader() {}

    private static long magic() {
        byte[] ascii = "DECREELG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return ByteBuffer.wrap(ascii).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Writes a complete header (checksum included) at offset 0 of {@code s}. */
    public static void write(MemorySegment s, int kind, long base, long capacity) {
        s.asSlice(0, BYTES).fill((byte) 0);
        s.set(RecordFrame.LONG, MAGIC_OFFSET, MAGIC);
        s.set(RecordFrame.INT, VERSION_OFFSET, versionOf(kind));
        s.set(RecordFrame.INT, KIND_OFFSET, kind);
        s.set(RecordFrame.LONG, BASE_OFFSET, base);
        s.set(RecordFrame.LONG, CAPACITY_OFFSET, capacity);
        s.set(RecordFrame.INT, CRC_OFFSET, crcOf(s));
    }

    private static int crcOf(MemorySegment s) {
        CRC32C crc = new CRC32C();
        crc.update(s.asSlice(0, CRC_OFFSET).asByteBuffer());
        return (int) crc.getValue();
    }

    /** The format version this build writes for a log of {@code kind}. */
    public static int versionOf(int kind) { return kind == KIND_FILE ? FILE_VERSION : PMEM_VERSION; }

    public static long base(MemorySegment s) { return s.get(RecordFrame.LONG, BASE_OFFSET); }

    public static long capacity(MemorySegment s) { return s.get(RecordFrame.LONG, CAPACITY_OFFSET); }

    /**
     * Validates the header of {@code file} (whose first {@code available} bytes are in {@code s}) and
     * throws a {@link StorageCorruptionException} naming the file and the offending field's offset.
     */
    public static void verify(Path file, MemorySegment s, long available, int expectedKind, long expectedBase) {
        if (available < BYTES) {
            throw new StorageCorruptionException(file, available,
                    "truncated segment header: the file has " + available + " bytes, a header needs " + BYTES);
        }
        if (s.get(RecordFrame.LONG, MAGIC_OFFSET) != MAGIC) {
            throw new StorageCorruptionException(file, MAGIC_OFFSET, "not a Decree log segment (no DECREELG magic)");
        }
        int stored = s.get(RecordFrame.INT, CRC_OFFSET);
        if (stored != crcOf(s)) {
            throw new StorageCorruptionException(file, CRC_OFFSET, "segment header checksum mismatch");
        }
        int version = s.get(RecordFrame.INT, VERSION_OFFSET);
        if (version < 1 || version > Math.max(FILE_VERSION, PMEM_VERSION)) {
            throw new StorageCorruptionException(file, VERSION_OFFSET, "unsupported log format version " + version
                    + " (this build reads version " + versionOf(expectedKind) + " of a " + kindName(expectedKind) + " log)");
        }
        int kind = s.get(RecordFrame.INT, KIND_OFFSET);
        if (kind != expectedKind) {
            throw new StorageCorruptionException(file, KIND_OFFSET, "segment of kind " + kindName(kind)
                    + " found where a " + kindName(expectedKind) + " log was expected");
        }
        if (version != versionOf(kind)) {
            String why = kind == KIND_FILE && version < FIRST_MARKED_FILE_VERSION
                    ? ": version " + version + " predates commit markers, so a damaged last synced record could not be told"
                    + " from a torn write; open it with the build that wrote it, or start this replica with an empty"
                    + " directory and let it catch up from its peers"
                    : "";
            throw new StorageCorruptionException(file, VERSION_OFFSET, "unsupported log format version " + version
                    + " (this build reads version " + versionOf(kind) + " of a " + kindName(kind) + " log)" + why);
        }
        if (base(s) != expectedBase) {
            throw new StorageCorruptionException(file, BASE_OFFSET,
                    "segment base " + base(s) + " does not match its file name (" + expectedBase + ")");
        }
    }

    static String kindName(int kind) {
        return switch (kind) {
            case KIND_FILE -> "file";
            case KIND_PMEM -> "persistent-memory";
            default -> "unknown (" + kind + ")";
        };
    }
}
