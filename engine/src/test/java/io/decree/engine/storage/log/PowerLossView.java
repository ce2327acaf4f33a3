package io.decree.engine.storage.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What a power failure would leave of the files a test opens through {@link #open}: strict POSIX durability,
 * the model the storage code is written against. A file's bytes survive as they were at its last
 * {@code force} (an unforced file is empty); a name survives as the directory was at its last fsync (a
 * {@code force} of a channel on the directory), pointing at the file it named then. Files are told apart by
 * their file key (device and inode), so a rename carries the forced bytes with it.
 *
 * <p>This is the only way an in-process test sees a missing fsync: on a live machine the bytes stay in the
 * page cache either way, and even a SIGKILL crash keeps them. The view records; it changes nothing the
 * storage code does (every call goes to the real channel first).
 */
public final class PowerLossView {
    /** A power failure's image of one directory after one durability event: surviving name to surviving bytes. */
    public record Image(String event, Map<String, byte[]> files) {}

    private final Map<Object, byte[]> forced = new HashMap<>();                // file key -> bytes at its last force
    private final Map<Path, Map<String, Object>> fsynced = new HashMap<>();    // directory -> name -> file key at its last fsync
    private final Map<Path, List<Image>> images = new HashMap<>();             // directory -> image after each event

    /** Opens {@code path} as {@link FileChannel#open(Path, OpenOption...)} does, recording the channel's forces. */
    public synchronized FileChannel open(Path path, OpenOption... options) throws IOException {
        FileChannel channel = FileChannel.open(path, options);
        Path absolute = path.toAbsolutePath().normalize();
        boolean directory = Files.isDirectory(absolute);
        Object key = fileKey(absolute);
        List<OpenOption> opts = Arrays.asList(options);
        if (!directory && (opts.contains(StandardOpenOption.CREATE_NEW) || opts.contains(StandardOpenOption.TRUNCATE_EXISTING))) {
            forced.put(key, new byte[0]);   // a new or emptied file: a reused inode's old bytes are gone
        }
        // The view reads what a force made durable through a channel on the same file (not by name: the file
        // may be renamed while open); a write-only channel gets a reading companion.
        FileChannel reader = directory || opts.contains(StandardOpenOption.READ) ? channel : FileChannel.open(path, StandardOpenOption.READ);
        return new Recording(channel, reader, absolute, directory, key);
    }

    /** The image a power failure now would leave of {@code dir}. */
    public synchronized Map<String, byte[]> image(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        fsynced.getOrDefault(dir.toAbsolutePath().normalize(), Map.of())
                .forEach((name, key) -> files.put(name, forced.getOrDefault(key, new byte[0])));
        return files;
    }

    /** The images of {@code dir} after each durability event so far (a power failure between two events leaves the earlier one). */
    public synchronized List<Image> images(Path dir) {
        return List.copyOf(images.getOrDefault(dir.toAbsolutePath().normalize(), List.of()));
    }

    /**
     * Asserts that a power failure now would leave the files of {@code dir} whose names {@code names} accepts
     * exactly as they are: the same names, each with all its bytes. {@code rule} names what the operation
     * that just returned promised; it leads the failure message.
     */
    public void assertDurable(Path dir, Predicate<String> names, String rule) {
        Map<String, byte[]> image = image(dir);
        Map<String, byte[]> now = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (names.test(name) && Files.isRegularFile(entry)) now.put(name, Files.readAllBytes(entry));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TreeSet<String> surviving = new TreeSet<>(image.keySet());
        surviving.removeIf(names.negate());
        if (!surviving.equals(now.keySet())) {
            throw new AssertionError(rule + ": power-loss view of " + dir + ": the names " + now.keySet()
                    + " are in the directory but a power failure would leave " + surviving + " (no directory fsync since they changed)");
        }
        for (var file : now.entrySet()) {
            byte[] durable = image.get(file.getKey());
            if (!Arrays.equals(durable, file.getValue())) {
                throw new AssertionError(rule + ": power-loss view of " + dir + ": " + file.getKey() + " has " + file.getValue().length
                        + " bytes but a power failure would leave " + durable.length + " bytes"
                        + (durable.length == file.getValue().length ? " that differ" : "") + " (written after its last force)");
            }
        }
    }

    /** Writes {@code image} into the empty directory {@code into}, as the disk would hold it after the power failure. */
    public static void materialize(Image image, Path into) throws IOException {
        Files.createDirectories(into);
        for (var file : image.files().entrySet()) Files.write(into.resolve(file.getKey()), file.getValue());
    }

    private static Object fileKey(Path path) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        if (key == null) throw new IllegalStateException("no file key (inode) for " + path + ": the power-loss view needs one");
        return key;
    }

    private synchronized void forcedFile(FileChannel file, Object key, Path path) throws IOException {
        long size = file.size();
        if (size > Integer.MAX_VALUE) throw new IllegalStateException(path + " too large for the power-loss view");
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        while (bytes.hasRemaining() && file.read(bytes, bytes.position()) >= 0) { /* positional: the channel's position is left alone */ }
        forced.put(key, bytes.array());
        event(path.getParent(), "force " + path.getFileName() + " (" + size + " bytes)");
    }

    private synchronized void fsyncedDirectory(Path dir) throws IOException {
        Map<String, Object> names = new HashMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (Files.isRegularFile(entry)) names.put(entry.getFileName().toString(), fileKey(entry));
            }
        }
        fsynced.put(dir, names);
        event(dir, "fsync of the directory");
    }

    private void event(Path dir, String what) {
        List<Image> list = images.computeIfAbsent(dir, d -> new ArrayList<>());
        list.add(new Image(list.size() + ": " + what, image(dir)));
    }

    /** The real channel, and a note in the view after each force it completes. */
    private final class Recording extends DelegatingFileChannel {
        private final FileChannel reader;
        private final Path path;
        private final boolean directory;
        private final Object key;

        Recording(FileChannel file, FileChannel reader, Path path, boolean directory, Object key) {
            super(file);
            this.reader = reader;
            this.path = path;
            this.directory = directory;
            this.key = key;
        }

        @Override public void force(boolean metaData) throws IOException {
            file.force(metaData);
            if (directory) fsyncedDirectory(path); else forcedFile(reader, key, path);
        }

        @Override protected void implCloseChannel() throws IOException {
            try {
                file.close();
            } finally {
                reader.close();   // the same channel again (a no-op) unless it is the companion
            }
        }
    }
}
