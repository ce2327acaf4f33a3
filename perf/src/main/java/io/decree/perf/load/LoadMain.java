package io.decree.perf.load;

import io.decree.server.ClusterCertificates;
import io.decree.server.LocalCluster;
import io.decree.server.ProcessLauncher;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The end-to-end load driver (docs/perf.md, "End to end"): starts a local cluster of replica processes with
 * {@link LocalCluster} (certificates, {@code cluster.toml}, the durable log in each data directory), loads it
 * with closed-loop put sessions over TCP + mutual TLS ({@link LoadDriver}), prints the summary and writes
 * the JSON result. Exits 1 if reading back found a lost acknowledgement or an unreadable key.
 *
 * <p>The replicas run with {@code decree cluster up}'s time-outs ({@link LocalCluster#LOCAL_OPTIONS}) and
 * JVM options, except that they get the full JIT and no {@code -ea}: what is measured is the engine, not
 * the assertions or a C1-only build.
 */
public final class LoadMain {
    static final List<String> REPLICA_JVM_OPTIONS = ProcessLauncher.DEFAULT_JVM_OPTIONS.stream()
            .filter(option -> !option.equals("-XX:TieredStopAtLevel=1") && !option.equals("-ea"))
            .toList();
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(120);

    private LoadMain() {}

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LoadResult result = run(options, System.out);
        System.exit(result.lostAcks().isEmpty() && result.unreadableKeys().isEmpty() ? 0 : 1);
    }

    /** Runs the whole experiment; the cluster's directory is removed afterwards if it was a temporary one and the check passed. */
    public static LoadResult run(LoadOptions o, PrintStream out) throws Exception {
        boolean temporary = o.dir() == null;
        Path dir = temporary ? Files.createTempDirectory("decree-load-") : o.dir();
        ProcessLauncher launcher = ProcessLauncher.current().withJvmOptions(REPLICA_JVM_OPTIONS);
        LoadResult result;
        try (LocalCluster cluster = LocalCluster.create(dir, o.replicas(), o.storage(), LocalCluster.LOCAL_OPTIONS, null,
                ClusterCertificates.WRITER, launcher)) {
            cluster.startAll();
            int leader = cluster.awaitLeader(ELECTION_TIMEOUT);
            out.println("cluster of " + o.replicas() + " in " + dir + ", replica " + leader + " leads; "
                    + o.concurrency() + " sessions, " + o.warmupSeconds() + " s warm-up then " + o.durationSeconds() + " s");
            result = LoadDriver.run(cluster, o, out);
        }
        out.println(result.summary());
        if (o.out().toAbsolutePath().getParent() != null) Files.createDirectories(o.out().toAbsolutePath().getParent());
        Files.writeString(o.out(), result.toJson(), StandardCharsets.UTF_8);
        out.println("result written to " + o.out());
        boolean passed = result.lostAcks().isEmpty() && result.unreadableKeys().isEmpty();
        if (!passed) {
            out.println("CHECK FAILED; the cluster's logs stay in " + dir);
            result.lostAcks().stream().limit(10).forEach(line -> out.println("  lost: " + line));
            result.unreadableKeys().stream().limit(10).forEach(line -> out.println("  unreadable: " + line));
        } else if (temporary) deleteTree(dir);
        return result;
    }

    private static void deleteTree(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
        }
        for (Path p : paths) Files.deleteIfExists(p);
    }
}
