package io.decree.perf.load.target;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.client.DecreeClientChannel;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.server.ClusterCertificates;
import io.decree.server.ClusterClients;
import io.decree.server.LocalCluster;
import io.decree.server.ProcessLauncher;
import io.decree.server.ServerDefaults;
import io.decree.server.StorageKind;
import io.decree.server.TransportKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Decree as {@code replicas} replica processes, started by {@link LocalCluster} (what {@code decree cluster up
 * --transport tcp|shm} does), replicating over TCP with mutual TLS ({@code decree-tcp}) or over the shared-memory
 * rings ({@code decree-shm}, docs/rdma.md; clients still speak TCP + mutual TLS to the leader, so the two targets
 * differ only in how replicas reach each other), each on its durable log ({@link StorageKind#FILE}: an fsync per batch, or the
 * pmem log). The replicas get {@code cluster up}'s time-outs and JVM options, except the full JIT and no
 * {@code -ea}: what is measured is the engine, not the assertions or a C1-only build.
 *
 * <p>Each harness connection is a client session ({@link DecreeClient#session}); the sessions are spread round
 * robin over {@code channels} shared client channels (one I/O thread and one TLS connection per replica each), as
 * one client process would run them. {@code channels} 0 gives every session its own channel, the harness's setup
 * before 2026-12-02, which measured the cost of 3 TLS connections per session (docs/perf.md, "Decree over TCP").
 */
public final class DecreeProcessTarget implements KvTarget {
    /**
     * The replicas' JVM options: {@code cluster up}'s without {@code -XX:TieredStopAtLevel=1} and {@code -ea}, a
     * metrics endpoint on a free port (logged; scraped around the measured interval by {@link PhaseBreakdown}),
     * then the system property {@code decree.load.replicaJvmOptions} (space-separated, read at each start: a JFR
     * recording for a measurement, or C1 only for the smoke test, whose replicas live too briefly for C2 to pay).
     */
    public static List<String> replicaJvmOptions() {
        return java.util.stream.Stream.of(ProcessLauncher.DEFAULT_JVM_OPTIONS.stream()
                        .filter(option -> !option.equals("-XX:TieredStopAtLevel=1") && !option.equals("-ea")),
                java.util.stream.Stream.of("-Ddecree.metricsPort=0"),
                java.util.Arrays.stream(System.getProperty("decree.load.replicaJvmOptions", "").split(" ")).filter(s -> !s.isBlank()))
                .flatMap(s -> s).toList();
    }

    /** Generous: at a load average of 50 on 2 cores three replica JVMs took over 2 minutes to start (docs/perf.md). */
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(300);

    private final int replicas;
    private final TransportKind transport;
    private final int channels;
    private final StorageKind storage;
    private final java.util.List<DecreeClientChannel> shared = new java.util.ArrayList<>();
    private int sessions;
    private final Path requestedDir;
    private Path dir;
    private LocalCluster cluster;
    private int leaderAtStart;
    private PhaseBreakdown breakdown;

    /**
     * @param transport how the replicas reach each other (TCP or the shared-memory rings)
     * @param channels  client channels the sessions share (0: one per session)
     * @param dir       the cluster's directory; null: a fresh temporary one, removed on close
     */
    public DecreeProcessTarget(int replicas, StorageKind storage, TransportKind transport, int channels, Path dir) {
        this.replicas = replicas;
        this.transport = transport;
        this.channels = channels;
        this.storage = storage;
        this.requestedDir = dir;
    }

    @Override public String name() { return transport == TransportKind.SHM ? "decree-shm" : "decree-tcp"; }

    @Override public String describe() {
        return String.format(Locale.ROOT, "Decree, %d replica processes over %s, %s log%s, replica %d led at start, %s",
                replicas, transport == TransportKind.SHM ? "shared-memory rings (clients over TCP + mutual TLS)" : "TCP + mutual TLS",
                storage.configName(), (storage == StorageKind.PMEM ? " (PMEM_IS_PMEM_FORCE=" + System.getenv("PMEM_IS_PMEM_FORCE") + ")" : " (fsync per batch)")
                        + ", a checkpoint every " + ServerDefaults.CHECKPOINT_SLOTS + " slots",
                leaderAtStart, channels == 0 ? "a client channel per session" : "sessions over " + channels + " shared client channel(s)");
    }

    @Override public void start() throws Exception {
        dir = requestedDir != null ? requestedDir : Files.createTempDirectory("decree-load-");
        cluster = LocalCluster.create(dir, replicas, storage, LocalCluster.LOCAL_OPTIONS, null, transport, ClusterCertificates.WRITER,
                ProcessLauncher.current().withJvmOptions(replicaJvmOptions()));
        cluster.startAll();
        leaderAtStart = cluster.awaitLeader(ELECTION_TIMEOUT);
        breakdown = PhaseBreakdown.overHttp(cluster);
    }

    @Override public void measuredIntervalStarts() {
        if (breakdown != null) breakdown.mark();
    }

    @Override public List<String> measuredIntervalReport() {
        return breakdown == null ? List.of() : breakdown.report();
    }

    /** The cluster, for leader-change counting (replica logs). */
    public LocalCluster cluster() { return cluster; }

    @Override public long leaderChanges() { return cluster == null ? -1 : io.decree.perf.load.LeaderChanges.electionsWon(cluster); }

    @Override public KvConnection connect() {
        DecreeClient client;
        if (channels == 0) client = ClusterClients.connect(cluster.config(), cluster.dir().resolve("tls"), LocalCluster.CLIENT_ID);
        else {
            // Only the harness's thread connects (one session at a time), so the list needs no lock.
            if (shared.size() < channels) shared.add(ClusterClients.channel(cluster.config(), cluster.dir().resolve("tls"), LocalCluster.CLIENT_ID));
            client = DecreeClient.session(shared.get(sessions++ % channels), ClusterClients.memberIds(cluster.config()), DecreeClient.Options.defaults());
        }
        return new KvConnection() {
            @Override public void put(String key, String value) throws Exception {
                KvStateMachine.result(client.execute(KvCommand.put(key, value).encode()));
            }

            @Override public String get(String key) throws Exception {
                return KvStateMachine.result(client.read(KvCommand.get(key).encode())); // linearizable read
            }

            @Override public boolean async() { return true; }

            @Override public java.util.concurrent.CompletableFuture<Void> putAsync(String key, String value) {
                return client.executeAsync(KvCommand.put(key, value).encode()).thenApply(r -> {
                    KvStateMachine.result(r);
                    return null;
                });
            }

            @Override public java.util.concurrent.CompletableFuture<String> getAsync(String key) {
                return client.readAsync(KvCommand.get(key).encode()).thenApply(KvStateMachine::result);
            }

            @Override public void close() { client.close(); }
        };
    }

    @Override public void close() throws Exception {
        for (DecreeClientChannel c : shared) c.close(); // the harness closed the sessions first
        shared.clear();
        if (cluster != null) cluster.close();
        if (requestedDir == null) TempDirs.deleteTree(dir);
    }
}
