package io.decree.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A local cluster's record of its replica processes, one line each: {@code <id> <pid> <start instant>}.
 * The start instant guards against pid reuse: a recorded pid whose process started at another instant is
 * someone else's now and is never signalled. Written atomically (temporary file, then rename).
 */
final class PidFile {
    private PidFile() {}

    static void write(Path file, Map<Integer, ProcessHandle> processes) {
        StringBuilder s = new StringBuilder("# replica pid start (decree cluster up writes this; decree cluster down reads it)\n");
        processes.forEach((id, p) -> s.append(id).append(' ').append(p.pid()).append(' ')
                .append(p.info().startInstant().map(Instant::toString).orElse("-")).append('\n'));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, s, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The recorded processes that still run as the same process; missing file: none. */
    static Map<Integer, ProcessHandle> read(Path file) {
        Map<Integer, ProcessHandle> alive = new TreeMap<>();
        if (!Files.exists(file)) return alive;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+");
                if (f.length != 3) throw new IllegalArgumentException(file + ": malformed line '" + line + "' (expected: id pid start)");
                Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(f[1]));
                if (p.isPresent() && p.get().isAlive() && sameStart(p.get(), f[2])) alive.put(Integer.parseInt(f[0]), p.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return alive;
    }

    private static boolean sameStart(ProcessHandle p, String recorded) {
        return recorded.equals(p.info().startInstant().map(Instant::toString).orElse("-"));
    }
}
