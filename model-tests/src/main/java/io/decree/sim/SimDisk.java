package io.decree.sim;

import io.decree.engine.storage.FileAcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import io.decree.engine.storage.SnapshotFile;
import io.decree.engine.storage.StorageCorruptionException;
import io.decree.engine.storage.log.FileRecordLog;
import io.decree.engine.storage.log.LogOptions;
import io.decree.engine.storage.log.RecordFrame;
import io.decree.engine.storage.log.RecoveryReport;
import io.decree.engine.storage.log.SegmentHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * One simulated replica's disk: the real {@link FileAcceptorStorage} (segmented, checksummed log with its
 * real recovery) in a directory of its own, and the storage faults a crash can leave behind.
 *
 * <p>A simulated crash cannot kill the JVM, so it is modelled on the files: the log is closed (which writes
 * out everything appended, as the page cache would hold it) and the active segment is then cut back to the
 * bytes that were durable at its last force ({@link FileRecordLog#durableEnd()}). Every earlier segment was
 * forced in full when it was sealed. So what a crash loses is exactly what was never synced, as with
 * {@link io.decree.engine.storage.InMemoryAcceptorStorage}. Variations, each seeded by its fault event:
 * <ul>
 *   <li><b>torn write</b>: after the cut, a prefix (1 byte to one short of whole) of the first record that
 *       was not durable is left in the file, as a crash in the middle of a write leaves it. The next
 *       recovery must cut it off and report it at exactly that offset.</li>
 *   <li><b>torn snapshot write</b>: with a torn write, if the replica has saved snapshots, a coin (seeded
 *       by the same event) decides whether it was also in the middle of saving the next one: a prefix (1
 *       byte up to the whole frame, never renamed) of that snapshot's file is left as
 *       {@link SnapshotFile#TEMP_NAME}. The next recovery must delete it and come back with exactly the
 *       snapshot that was durable before the crash.</li>
 *   <li><b>corrupt byte</b>: one bit flipped in a durable record, the log's last included, or in the
 *       snapshot file (one more candidate when there is one). The next recovery must refuse with a
 *       {@link StorageCorruptionException} naming that file and, for a record, its offset. (Every sync
 *       writes a commit marker after the records it makes durable, so damage to the last synced record has
 *       an intact marker after it and cannot pass for a torn write: see docs/storage.md.)</li>
 * </ul>
 * {@code saveSnapshot} and {@code truncateBelow} go straight to the real storage: a saved snapshot is
 * durable when the call returns, so a crash never takes it back.
 * Anything else is a {@code StorageFaultDetection} violation. Files are a function of the records, so a run
 * stays a pure function of its seed; only the directory's name is random, and it never reaches the trace.
 */
final class SimDisk {
    /**
     * Small segments so that runs roll segments (and corruption can land in a sealed one). The largest
     * record the simulated workload writes is a decree of at most {@code maxBatchCommands} short key-value
     * commands, far below the payload limit; a larger one would fail its append with an error naming both.
     */
    static final LogOptions OPTIONS = new LogOptions(16 << 10, 8 << 10);

    private final Path dir;
    private FileAcceptorStorage open;
    private String expectedTorn;      // "file@offset" the next recovery must report as a torn tail
    private String expectedCorrupt;   // "file@offset" the next recovery must refuse at ("file@*": anywhere in that file)
    private byte[] expectedSnapshotFile;   // after a torn snapshot write: the snapshot file recovery must come back with
    private boolean corrupt;
    long tornTailsCut;
    long corruptionsDetected;
    long snapshotWritesTorn;   // interrupted snapshot writes recovery came back from with the previous snapshot

    SimDisk(Path dir) { this.dir = dir; }

    /**
     * Opens the storage, recovering what the files hold, and checks recovery found exactly the damage that
     * was injected. Throws {@link StorageCorruptionException} when recovery refuses (as it must for a flipped
     * byte); the caller keeps the replica down.
     */
    FileAcceptorStorage open() {
        if (open != null) throw new IllegalStateException("storage of " + dir.getFileName() + " is already open");
        FileAcceptorStorage storage;
        try {
            storage = FileAcceptorStorage.open(dir, OPTIONS);
        } catch (StorageCorruptionException e) {
            String at = e.file().getFileName() + "@" + e.offset();
            if (!at.equals(expectedCorrupt) && !(e.file().getFileName() + "@*").equals(expectedCorrupt))
                throw new InvariantViolation("StorageFaultDetection", "recovery of " + dir.getFileName() + " refused at " + at
                        + " but the injected damage was " + (expectedCorrupt == null ? "none" : "at " + expectedCorrupt) + ": " + e.getMessage());
            corruptionsDetected++;
            throw e;
        }
        RecoveryReport report = storage.recoveryReport();
        String torn = report.tornTail().map(t -> t.file().getFileName() + "@" + t.offset()).orElse(null);
        if (expectedCorrupt != null || !java.util.Objects.equals(torn, expectedTorn)) {
            storage.close();
            throw new InvariantViolation("StorageFaultDetection", "recovery of " + dir.getFileName() + " accepted its log ("
                    + report + ") but the injected damage was " + (expectedCorrupt != null ? "a flipped byte in the record at " + expectedCorrupt
                    : expectedTorn != null ? "a torn record at " + expectedTorn : "none"));
        }
        checkSnapshotSurvivedTornWrite(storage);
        if (torn != null) tornTailsCut++;
        expectedTorn = null;
        open = storage;
        return storage;
    }

    /** After a torn snapshot write: the leftover is gone and the snapshot is the one durable before the crash. */
    private void checkSnapshotSurvivedTornWrite(FileAcceptorStorage storage) {
        if (expectedSnapshotFile == null) return;
        RecoveredState state = storage.recover();
        String problem = null;
        if (Files.exists(dir.resolve(SnapshotFile.TEMP_NAME))) problem = "the interrupted write's " + SnapshotFile.TEMP_NAME + " is still there";
        else if ((!state.hasSnapshot()
                || !Arrays.equals(expectedSnapshotFile, SnapshotFile.encode(state.snapshotSlot(), state.snapshot())))) {
            problem = "recovered " + (state.hasSnapshot() ? "a different snapshot (for slots below " + state.snapshotSlot() + ")" : "no snapshot")
                    + " instead of the one durable before the crash";
        }
        expectedSnapshotFile = null;
        if (problem != null) {
            storage.close();
            throw new InvariantViolation("StorageFaultDetection", "recovery of " + dir.getFileName() + " after a torn snapshot write: " + problem);
        }
        snapshotWritesTorn++;
    }

    /** What the last successful recovery found (for the trace). */
    RecoveryReport lastRecovery() { return open.recoveryReport(); }

    /**
     * Crashes the storage: unsynced records are lost. With {@code tornSeed} non-null, the first record that
     * was not durable is left behind in part; {@code promised} is re-recorded first (a harmless record: it
     * repeats the current promise) so that there is always a record in flight to tear. Returns a line for
     * the trace.
     */
    String crash(Long tornSeed, long promised) {
        if (open == null) return "storage already down";
        // Append first: an append that fills the segment rolls it, which forces it whole (durable after all).
        if (tornSeed != null) open.recordPromise(promised);
        FileRecordLog.DurableEnd end = ((FileRecordLog) open.log()).durableEnd();
        long snapshotSlot = open.snapshotSlot();
        open.close();   // writes out what was appended: the "page cache" the cut below takes back
        open = null;
        try {
            long written = Files.size(end.file());
            long keep = end.bytes();
            String line = "lost " + (written - end.bytes()) + " unsynced bytes of " + end.file().getFileName();
            if (tornSeed != null && written > end.bytes()) {
                long frame = RecordFrame.frameLength(payloadLength(end.file(), end.bytes()));
                long fragment = 1 + new SplittableRandom(tornSeed).nextLong(Math.min(frame, written - end.bytes()) - 1);
                keep += fragment;
                expectedTorn = end.file().getFileName() + "@" + end.bytes();
                line += ", kept " + fragment + " bytes of the " + frame + "-byte record at offset " + end.bytes() + " (torn)";
            }
            try (FileChannel channel = FileChannel.open(end.file(), StandardOpenOption.WRITE)) {
                channel.truncate(keep);
            }
            if (tornSeed != null && snapshotSlot > 0) line += tearSnapshotWrite(new SplittableRandom(tornSeed ^ SNAPSHOT_STREAM), snapshotSlot);
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot crash the storage in " + dir, e);
        }
    }

    /** Separates the snapshot tear's random stream from the log tear's (same event seed). */
    private static final long SNAPSHOT_STREAM = 0x5A4F_5348_4F54_0001L;

    /**
     * Half the time (by {@code random}), leaves what a crash in the middle of saving the next snapshot (for
     * slots below {@code snapshotSlot + 1}, same content) leaves: a prefix of its file under the temporary
     * name, up to the whole file written and forced but never renamed. Returns the trace's addition.
     */
    private String tearSnapshotWrite(SplittableRandom random, long snapshotSlot) throws IOException {
        if (random.nextBoolean()) return "";
        Path file = dir.resolve(SnapshotFile.NAME);
        byte[] current = Files.readAllBytes(file);
        byte[] next = SnapshotFile.encode(snapshotSlot + 1, Arrays.copyOfRange(current, SnapshotFile.HEADER_BYTES, current.length));
        int kept = 1 + random.nextInt(next.length);
        Files.write(dir.resolve(SnapshotFile.TEMP_NAME), Arrays.copyOf(next, kept));
        expectedSnapshotFile = current;
        return ", and a snapshot write was under way: kept " + kept + " of its " + next.length + " bytes, not renamed";
    }

    /**
     * Flips one bit, chosen by {@code seed}, in a durable record that is not the log's last (the storage
     * must be down). Returns a line for the trace; without such a record nothing is damaged.
     */
    String corrupt(long seed) {
        if (open != null) throw new IllegalStateException("corrupt the storage of " + dir.getFileName() + " only while it is down");
        if (corrupt) return "already corrupt";
        List<long[]> records = new ArrayList<>();   // {segment index, offset, frame length}
        List<Path> segments = segments();
        try {
            for (int i = 0; i < segments.size(); i++) {
                long size = Files.size(segments.get(i));
                long offset = SegmentHeader.BYTES;
                while (offset + RecordFrame.HEADER_BYTES <= size) {
                    MemorySegment header = frameHeader(segments.get(i), offset);
                    long frame = RecordFrame.frameLength(RecordFrame.length(header, 0));
                    if (offset + frame > size) break;   // a torn fragment at the end is not a record
                    if (!RecordFrame.isCommit(header, 0)) records.add(new long[] {i, offset, frame});   // markers hold no record
                    offset += frame;
                }
            }
            Path snapshot = dir.resolve(SnapshotFile.NAME);
            int candidates = records.size() + (Files.exists(snapshot) ? 1 : 0);   // the snapshot file last
            if (candidates == 0) return "no durable record and no snapshot: nothing damaged";
            SplittableRandom random = new SplittableRandom(seed);
            int pick = random.nextInt(candidates);
            if (pick >= records.size()) return flipInSnapshot(snapshot, random);
            long[] victim = records.get(pick);
            Path file = segments.get((int) victim[0]);
            long at = victim[1] + random.nextLong(victim[2]);
            int bit = random.nextInt(8);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate(1);
                channel.read(b, at);
                b.put(0, (byte) (b.get(0) ^ (1 << bit))).position(0);
                channel.write(b, at);
            }
            corrupt = true;
            expectedCorrupt = file.getFileName() + "@" + victim[1];
            return "flipped bit " + bit + " of byte " + at + " in " + file.getFileName() + " (record at offset " + victim[1] + ", "
                    + victim[2] + " bytes, " + records.size() + " durable records)";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot corrupt the storage in " + dir, e);
        }
    }

    /** Flips one bit of the snapshot file: recovery must refuse, naming it (the offset depends on the field hit). */
    private String flipInSnapshot(Path file, SplittableRandom random) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int at = random.nextInt(bytes.length);
        int bit = random.nextInt(8);
        bytes[at] ^= (byte) (1 << bit);
        Files.write(file, bytes);
        corrupt = true;
        expectedCorrupt = file.getFileName() + "@*";
        return "flipped bit " + bit + " of byte " + at + " in " + file.getFileName() + " (" + bytes.length + " bytes)";
    }

    boolean isOpen() { return open != null; }

    /** Segment files in base order (their names are zero-padded bases). */
    private List<Path> segments() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The payload length in the header of the frame at {@code frame}, read through the log's own layout. */
    private static int payloadLength(Path file, long frame) throws IOException {
        return RecordFrame.length(frameHeader(file, frame), 0);
    }

    /** The header of the frame at {@code frame} (as far as the file has it), to read through {@link RecordFrame}. */
    private static MemorySegment frameHeader(Path file, long frame) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(RecordFrame.HEADER_BYTES);
            while (b.hasRemaining() && channel.read(b, frame + b.position()) > 0) { /* until the header is in */ }
            return MemorySegment.ofArray(b.array());
        }
    }

    /** Closes the storage if it is open (a clean shutdown at the end of a run). */
    void close() {
        if (open != null) {
            open.close();
            open = null;
        }
    }

    /** Creates a fresh directory for a run's disks: under /dev/shm (tmpfs: fsync is cheap) when usable, else java.io.tmpdir. */
    static Path createRunDirectory() {
        Path shm = Path.of("/dev/shm");
        try {
            if (Files.isDirectory(shm) && Files.isWritable(shm)) return Files.createTempDirectory(shm, "decree-sim-");
        } catch (IOException ignored) {
            // fall back below
        }
        try {
            return Files.createTempDirectory("decree-sim-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the simulated disks", e);
        }
    }

    /** Deletes a run's directory and everything in it. */
    static void deleteRecursively(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
