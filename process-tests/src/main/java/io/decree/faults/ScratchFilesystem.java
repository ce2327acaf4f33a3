package io.decree.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small tmpfs mounted on one replica's data directory, so the suite can give that replica a real full disk
 * ({@link #fill()}: ENOSPC on the next write) or a real read-only file system ({@link #readOnly()}: EROFS).
 * Neither is emulated: the replica's storage code meets the same errors as on a real disk.
 *
 * <p>Why tmpfs: the suite runs as root in the sandbox, where {@code chmod} does not stop writes, and a file size
 * rlimit would also hit the replica's log. Mounting needs CAP_SYS_ADMIN: run as root, or with passwordless
 * {@code sudo -n} (as on GitHub's runners). {@link #unavailableReason()} says why it cannot, and the disk-fault
 * tests are then skipped with that reason rather than faked.
 *
 * <p>Linux refuses to remount read-only while a file on it is open for writing ("busy"), so the read-only fault
 * is applied to a stopped replica, which is then restarted on it.
 */
public final class ScratchFilesystem implements AutoCloseable {
    private static final String FILLER = "decree-fault-filler";
    private static volatile Optional<String> probe;

    private final Path mountPoint;
    private boolean mounted;

    private ScratchFilesystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Why a tmpfs cannot be mounted here (empty if it can); probed once by mounting and unmounting one. */
    public static synchronized Optional<String> unavailableReason() {
        if (probe == null) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("decree-tmpfs-probe");
                ScratchFilesystem fs = mount(dir, 64 * 1024);
                fs.close();
                probe = Optional.empty();
            } catch (IOException | RuntimeException e) {
                probe = Optional.of("cannot mount a tmpfs (needs root or passwordless sudo): " + e.getMessage());
            } finally {
                if (dir != null) try { Files.deleteIfExists(dir); } catch (IOException ignored) { /* a probe leftover in /tmp */ }
            }
        }
        return probe;
    }

    /** Mounts a tmpfs of {@code bytes} on {@code dir} (created if missing). */
    public static ScratchFilesystem mount(Path dir, long bytes) throws IOException {
        Files.createDirectories(dir);
        ScratchFilesystem fs = new ScratchFilesystem(dir.toAbsolutePath());
        run("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0755", "decree-fault", fs.mountPoint.toString());
        fs.mounted = true;
        return fs;
    }

    public Path path() { return mountPoint; }

    /**
     * Fills the file system with a filler file until the kernel says ENOSPC; returns the bytes written. What
     * the replica writes next fails with "No space left on device".
     */
    public long fill() throws IOException {
        byte[] block = new byte[4096];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(mountPoint.resolve(FILLER))) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) throw e;
        }
        return written;
    }

    /** Deletes the filler: space is available again. */
    public void unfill() throws IOException { Files.deleteIfExists(mountPoint.resolve(FILLER)); }

    /** Free bytes as the file system reports them. */
    public long usableBytes() throws IOException { return Files.getFileStore(mountPoint).getUsableSpace(); }

    /** Remounts read-only; fails with "busy" if a process holds a file on it open for writing. */
    public void readOnly() throws IOException { run("mount", "-o", "remount,ro", mountPoint.toString()); }

    public void readWrite() throws IOException { run("mount", "-o", "remount,rw", mountPoint.toString()); }

    /** Unmounts (lazily if a process still holds it, so a test's end never hangs on a stuck replica). */
    @Override public void close() throws IOException {
        if (!mounted) return;
        mounted = false;
        try {
            run("umount", mountPoint.toString());
        } catch (IOException busy) {
            run("umount", "-l", mountPoint.toString());
        }
    }

    private static void run(String... command) throws IOException {
        List<String> full = new ArrayList<>();
        if (!isRoot()) full.addAll(List.of("sudo", "-n"));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0) throw new IOException(String.join(" ", full) + " failed (status " + p.exitValue() + "): " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", full) + " interrupted", e);
        }
    }

    private static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").start();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().equals("0");
        } catch (IOException e) {
            throw new UncheckedIOException("running id -u", e);
        }
    }
}
