package io.decree.engine.storage.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where each record of a log is stored (found by a clean recovery), and helpers to damage and copy logs. */
final class StoredRecords {
    record Location(Path file, long offset, long frameLength, long sequence) {}

    final List<Location> locations = new ArrayList<>();

    static StoredRecords of(LogKind kind, Path dir, LogOptions options) {
        StoredRecords stored = new StoredRecords();
        kind.open(dir, options, (sequence, type, key, payload, file, offset) ->
                stored.locations.add(new Location(file, offset, RecordFrame.frameLength(payload.byteSize()), sequence))).close();
        return stored;
    }

    /**
     * Writes {@code records} test records of {@code extra} payload bytes into a new log in {@code dir} and
     * returns where each was stored: the undamaged template the damage tests copy and break.
     */
    static StoredRecords writeTemplate(LogKind kind, Path dir, LogOptions options, int records, int extra) {
        try (RecordLog log = kind.open(dir, options, RecordVisitor.IGNORE)) {
            for (long id = 0; id < records; id++) TestRecords.append(log, id, extra);
        }
        StoredRecords stored = of(kind, dir, options);
        if (segments(dir, kind).size() < 3) throw new AssertionError("the template must span several segments");
        return stored;
    }

    /** The record whose frame holds byte {@code position} of {@code file}, or null. */
    Location at(Path file, long position) {
        for (Location l : locations) {
            if (l.file.equals(file) && position >= l.offset && position < l.offset + l.frameLength) return l;
        }
        return null;
    }

    Location last() { return locations.getLast(); }

    static void flipBit(Path file, long position, int bit) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            bytes[(int) position] ^= (byte) (1 << bit);
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals(SegmentDirectory.LOCK_FILE)) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> segments(Path dir, LogKind kind) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(kind.suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
