package io.decree.perf.load;

import io.decree.server.LocalCluster;
import io.decree.server.LogLine;
import io.decree.server.Member;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Leader changes as the replicas log them: each replica's watcher writes {@code event=leader ... self=true}
 * when it becomes leader, so the number of such lines over all replicas' logs counts elections won. Taken
 * before and after the measured interval, the difference is the leader changes within it.
 */
public final class LeaderChanges {
    private LeaderChanges() {}

    public static long electionsWon(LocalCluster cluster) {
        long won = 0;
        for (Member m : cluster.config().members()) won += electionsWon(cluster.logFile(m.id()));
        return won;
    }

    static long electionsWon(Path log) {
        if (!Files.exists(log)) return 0;
        try {
            // Lenient decoding, as LocalCluster reads the same logs: a dying JVM may append bytes that are no UTF-8.
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains(" event=leader "))
                    .filter(line -> "true".equals(LogLine.parse(line).get("self")))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}
