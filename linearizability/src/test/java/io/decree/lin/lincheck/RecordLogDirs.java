package io.decree.lin.lincheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Directories of the record-log suites: one root per JUnit test (in {@code /dev/shm} when there is one, so
 * that an fsync costs microseconds, else {@code java.io.tmpdir}), a fresh directory per Lincheck invocation,
 * and copies of a live log directory for the readers.
 */
final class RecordLogDirs {
    private static volatile Path root;
    private static final AtomicLong names = new AtomicLong();

    private RecordLogDirs() {}

    /** Creates the root for one JUnit test; every directory handed out until {@link #deleteRoot()} lives in it. */
    static void createRoot() {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            root = Files.createTempDirectory(base, "decree-lincheck-log-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory in " + base, e);
        }
    }

    /** A directory name that no other invocation or reader of this test uses (not created: the log creates it). */
    static Path fresh(String prefix) {
        Path r = root;
        if (r == null) throw new IllegalStateException("RecordLogDirs.createRoot() was not called");
        return r.resolve(prefix + names.incrementAndGet());
    }

    /**
     * Copies the segment files of a log that is being appended to, as a backup or a catching-up reader
     * would: the lock file and segments still under their temporary name (not yet part of the log) are left
     * out; a segment file is copied as far as it is written at the moment it is read.
     */
    static Path copyLog(Path dir) {
        Path copy = fresh("copy");
        try {
            Files.createDirectory(copy);
            List<Path> files;
            try (Stream<Path> entries = Files.list(dir)) { files = entries.toList(); }
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".tmp")) continue;
                Files.copy(file, copy.resolve(name));
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy log directory " + dir + " to " + copy, e);
        }
    }

    /** Deletes a directory tree; a file already gone is fine. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException ignored) {
                    // removed concurrently: what we wanted
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** Deletes the root and everything left in it (directories of invocations that failed before their validation). */
    static void deleteRoot() {
        Path r = root;
        root = null;
        delete(r);
    }

    /** Number of entries directly in the root: 0 once every invocation cleaned up after itself. */
    static long leftovers() {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }
}
