package io.decree.engine.ring;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Fabric 2: rings in memory-mapped files between processes on one host (the way Aeron IPC works). A
 * receiver's region for one writer is the file {@link ShmLayout#file}; the writer maps the same file, so its
 * {@code write} is a copy into the receiver's pages and its {@code publish} a compare-and-set of the tail
 * word ({@link TailWord}) that also checks its permission. The layout is in {@link ShmLayout}.
 *
 * <h2>Why a revoked writer's later writes are invisible</h2>
 * Unlike an RDMA NIC, shared memory cannot stop a process from storing into a page it has mapped. What it
 * can stop is those stores <em>counting</em>: the receiver reads data only below the position in the tail
 * word, and the only way a writer moves that position is a CAS from the exact word it last saw. Revoking
 * sets the revoked bit in the word with a CAS, so:
 * <ol>
 *   <li>a publication whose CAS came first is before the revocation, and the fence that {@code revoke}
 *       returns (the position in the word it replaced) covers it;</li>
 *   <li>a publication whose CAS comes later fails (the word no longer equals the writer's copy), and nothing
 *       else the writer does moves the position, so the receiver never reads past the fence again;</li>
 *   <li>a data write after the revocation lands at or beyond the writer's own tail, which is the fence or
 *       below an unpublished position, so it lies in bytes the receiver does not read; it cannot overwrite
 *       unconsumed records because the writer writes only below {@code head + capacity};</li>
 *   <li>after a re-grant the epoch differs, so a writer holding a word from before the revocation still
 *       fails, even at the same position.</li>
 * </ol>
 * The writer is assumed crash-stop, not Byzantine: it follows the protocol, but may be slow, deposed, or
 * mid-write at any moment. {@code specs-tla/RingFence.tla} models this argument and model-tests'
 * {@code io.decree.spec.ring} mirror checks it, with the {@link RingMutant#IGNORES_REVOCATION} mutant (a
 * plain store of the tail) as the model that must fail.
 *
 * <p>Restarts: exposing a region whose file exists revokes the old file first, then renames a fresh one over
 * it, so a writer still attached to the old file learns it must reconnect. A receiver that closes revokes
 * and deletes its file.
 */
public final class ShmFabric implements RingFabric {
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path dir;
    private final boolean ignoresRevocation;

    public ShmFabric(Path dir) { this(dir, Set.of()); }

    /** With test-only {@link RingMutant}s (checked by {@link RingMutant#enable}). */
    public ShmFabric(Path dir, Set<RingMutant> mutants) {
        this.dir = dir;
        this.ignoresRevocation = RingMutant.enable(mutants).contains(RingMutant.IGNORES_REVOCATION);
    }

    public Path dir() { return dir; }

    @Override public RegisteredRegion expose(int receiver, int writer, int capacity) throws FabricException {
        RingRecord.checkCapacity(capacity);
        Path file = ShmLayout.file(dir, receiver, writer);
        try {
            Files.createDirectories(dir);
            revokeExisting(file);
            Path fresh = dir.resolve(file.getFileName() + ".new-" + ProcessHandle.current().pid());
            Mapping m = map(fresh, ShmLayout.fileLength(capacity), true);
            MemorySegment s = m.segment;
            s.set(LE_INT, ShmLayout.VERSION_OFFSET, ShmLayout.VERSION);
            s.set(LE_INT, ShmLayout.CAPACITY_OFFSET, capacity);
            s.set(LE_INT, ShmLayout.RECEIVER_OFFSET, receiver);
            s.set(LE_INT, ShmLayout.WRITER_OFFSET, writer);
            ShmLayout.headRelease(s, 0);
            ShmLayout.storeTailRelease(s, TailWord.of(0, 0, false));
            s.set(LE_LONG, ShmLayout.MAGIC_OFFSET, ShmLayout.MAGIC); // last: a file with the magic is complete
            s.force();
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new ShmRegisteredRegion(file, m.arena, s, writer, capacity);
        } catch (IOException | RuntimeException e) {
            throw new FabricException("shm: cannot expose the ring of writer " + writer + " in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override public RemoteRegion connect(int receiver, int writer) throws FabricException {
        Path file = ShmLayout.file(dir, receiver, writer);
        Mapping m;
        try {
            m = map(file, -1, false);
        } catch (NoSuchFileException e) {
            throw new FabricException("shm: replica " + receiver + " has not exposed a ring for writer " + writer + " (no file " + file + ")", e);
        } catch (IOException e) {
            throw new FabricException("shm: cannot map " + file + ": " + e.getMessage(), e);
        }
        try {
            MemorySegment s = m.segment;
            String problem = check(s, receiver, writer);
            if (problem != null) throw new FabricException("shm: " + file + ": " + problem);
            long word = ShmLayout.tailAcquire(s);
            if (TailWord.revoked(word)) throw new FabricException("shm: " + file + ": writer " + writer + " is revoked (" + TailWord.toString(word) + ")");
            return new ShmRemoteRegion(m.arena, s, s.get(LE_INT, ShmLayout.CAPACITY_OFFSET), word, ignoresRevocation);
        } catch (FabricException | RuntimeException e) {
            m.arena.close();
            throw e instanceof FabricException f ? f : new FabricException("shm: cannot attach to " + file + ": " + e.getMessage(), e);
        }
    }

    private static String check(MemorySegment s, int receiver, int writer) {
        if (s.byteSize() < ShmLayout.DATA_OFFSET) return s.byteSize() + " bytes, shorter than the " + ShmLayout.DATA_OFFSET + "-byte header";
        if (s.get(LE_LONG, ShmLayout.MAGIC_OFFSET) != ShmLayout.MAGIC) return "no ring magic (a file being created, or not a ring)";
        int version = s.get(LE_INT, ShmLayout.VERSION_OFFSET);
        if (version != ShmLayout.VERSION) return "layout version " + version + ", this build reads " + ShmLayout.VERSION;
        int capacity = s.get(LE_INT, ShmLayout.CAPACITY_OFFSET);
        if (capacity < RingRecord.MIN_CAPACITY || Integer.bitCount(capacity) != 1 || s.byteSize() != ShmLayout.fileLength(capacity))
            return "capacity " + capacity + " does not match the file's " + s.byteSize() + " bytes";
        if (s.get(LE_INT, ShmLayout.RECEIVER_OFFSET) != receiver || s.get(LE_INT, ShmLayout.WRITER_OFFSET) != writer)
            return "names receiver " + s.get(LE_INT, ShmLayout.RECEIVER_OFFSET) + " and writer " + s.get(LE_INT, ShmLayout.WRITER_OFFSET);
        return null;
    }

    /** Revokes the writer of a ring file left by an earlier incarnation, so a writer still attached to it reconnects. */
    private static void revokeExisting(Path file) throws IOException {
        if (!Files.exists(file)) return;
        Mapping m;
        try {
            m = map(file, -1, false);
        } catch (NoSuchFileException gone) {
            return;
        }
        try {
            if (m.segment.byteSize() >= ShmLayout.DATA_OFFSET && m.segment.get(LE_LONG, ShmLayout.MAGIC_OFFSET) == ShmLayout.MAGIC)
                ShmRegisteredRegion.revoke(m.segment);
        } finally {
            m.arena.close();
        }
    }

    private record Mapping(Arena arena, MemorySegment segment) { }

    /** Maps a whole file ({@code length} -1) or creates one of {@code length} bytes. */
    private static Mapping map(Path file, long length, boolean create) throws IOException {
        var options = create ? Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
        try (FileChannel ch = FileChannel.open(file, options)) {
            if (create) ch.truncate(0).write(java.nio.ByteBuffer.allocate(1), length - 1);
            long size = create ? length : ch.size();
            Arena arena = Arena.ofShared();
            try {
                return new Mapping(arena, ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena));
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }
    }

    @Override public void close() { }
}
