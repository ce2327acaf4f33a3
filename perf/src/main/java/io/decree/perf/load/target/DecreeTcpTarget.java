package io.decree.perf.load.target;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.server.ClusterCertificates;
import io.decree.server.ClusterClients;
import io.decree.server.LocalCluster;
import io.decree.server.ProcessLauncher;
import io.decree.server.StorageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Decree as {@code replicas} replica processes over TCP with mutual TLS, started by {@link LocalCluster} (what
 * {@code decree cluster up} does), each on its durable log ({@link StorageKind#FILE}: an fsync per batch, or the
 * pmem log). The replicas get {@code cluster up}'s time-outs and JVM options, except the full JIT and no
 * {@code -ea}: what is measured is the engine, not the assertions or a C1-only build.
 */
public final class DecreeTcpTarget implements KvTarget {
    public static final List<String> REPLICA_JVM_OPTIONS = java.util.stream.Stream.concat(ProcessLauncher.DEFAULT_JVM_OPTIONS.stream()
            .filter(option -> !option.equals("-XX:TieredStopAtLevel=1") && !option.equals("-ea")),
            // Extra replica JVM options for a measurement, e.g. a JFR recording (docs/perf.md, "Where the goals are missed").
            java.util.Arrays.stream(System.getProperty("decree.load.replicaJvmOptions", "").split(" ")).filter(s -> !s.isBlank()))
            .toList();
    /** Generous: at a load average of 50 on 2 cores three replica JVMs took over 2 minutes to start (docs/perf.md). */
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(300);

    private final int replicas;
    private final StorageKind storage;
    private final Path requestedDir;
    private Path dir;
    private LocalCluster cluster;
    private int leaderAtStart;

    /** @param dir the cluster's directory; null: a fresh temporary one, removed on close */
    public DecreeTcpTarget(int replicas, StorageKind storage, Path dir) {
        this.replicas = replicas;
        this.storage = storage;
        this.requestedDir = dir;
    }

    @Override public String name() { return "decree-tcp"; }

    @Override public String describe() {
        return String.format(Locale.ROOT, "Decree, %d replica processes over TCP + mutual TLS, %s log%s, replica %d led at start",
                replicas, storage.configName(), storage == StorageKind.PMEM ? " (PMEM_IS_PMEM_FORCE=" + System.getenv("PMEM_IS_PMEM_FORCE") + ")" : " (fsync per batch)",
                leaderAtStart);
    }

    @Override public void start() throws Exception {
        dir = requestedDir != null ? requestedDir : Files.createTempDirectory("decree-load-");
        cluster = LocalCluster.create(dir, replicas, storage, LocalCluster.LOCAL_OPTIONS, null, ClusterCertificates.WRITER,
                ProcessLauncher.current().withJvmOptions(REPLICA_JVM_OPTIONS));
        cluster.startAll();
        leaderAtStart = cluster.awaitLeader(ELECTION_TIMEOUT);
    }

    /** The cluster, for leader-change counting (replica logs). */
    public LocalCluster cluster() { return cluster; }

    @Override public long leaderChanges() { return cluster == null ? -1 : io.decree.perf.load.LeaderChanges.electionsWon(cluster); }

    @Override public KvConnection connect() {
        DecreeClient client = ClusterClients.connect(cluster.config(), cluster.dir().resolve("tls"), LocalCluster.CLIENT_ID);
        return new KvConnection() {
            @Override public void put(String key, String value) throws Exception {
                KvStateMachine.result(client.execute(KvCommand.put(key, value).encode()));
            }

            @Override public String get(String key) throws Exception {
                return KvStateMachine.result(client.read(KvCommand.get(key).encode())); // linearizable read
            }

            @Override public void close() { client.close(); }
        };
    }

    @Override public void close() throws Exception {
        if (cluster != null) cluster.close();
        if (requestedDir == null) TempDirs.deleteTree(dir);
    }
}
