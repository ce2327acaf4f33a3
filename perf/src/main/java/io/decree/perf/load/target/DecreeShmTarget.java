package io.decree.perf.load.target;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.server.ClusterCertificates;
import io.decree.server.ClusterClients;
import io.decree.server.LocalCluster;
import io.decree.server.ProcessLauncher;
import io.decree.server.StorageKind;
import io.decree.server.TransportKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Decree as {@code replicas} replica processes that replicate over the shared-memory ring transport
 * ({@code transport = "shm"}, docs/rdma.md), started by {@link LocalCluster} as {@code decree cluster up
 * --transport shm} does; clients still speak TCP with mutual TLS to the leader, as with {@link DecreeTcpTarget},
 * whose replica JVM options it uses, so the two differ only in how replicas reach each other.
 */
public final class DecreeShmTarget implements KvTarget {
    /** Generous, as {@link DecreeTcpTarget}'s: JVM start-up on a loaded 2-core machine. */
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(300);

    private final int replicas;
    private final StorageKind storage;
    private final Path requestedDir;
    private Path dir;
    private LocalCluster cluster;
    private int leaderAtStart;

    /** @param dir the cluster's directory; null: a fresh temporary one, removed on close */
    public DecreeShmTarget(int replicas, StorageKind storage, Path dir) {
        this.replicas = replicas;
        this.storage = storage;
        this.requestedDir = dir;
    }

    @Override public String name() { return "decree-shm"; }

    @Override public String describe() {
        return String.format(Locale.ROOT, "Decree, %d replica processes over shared-memory rings (clients over TCP + mutual TLS), %s log%s, replica %d led at start",
                replicas, storage.configName(), storage == StorageKind.PMEM ? " (PMEM_IS_PMEM_FORCE=" + System.getenv("PMEM_IS_PMEM_FORCE") + ")" : " (fsync per batch)",
                leaderAtStart);
    }

    @Override public void start() throws Exception {
        dir = requestedDir != null ? requestedDir : Files.createTempDirectory("decree-load-shm-");
        cluster = LocalCluster.create(dir, replicas, storage, LocalCluster.LOCAL_OPTIONS, null, TransportKind.SHM, ClusterCertificates.WRITER,
                ProcessLauncher.current().withJvmOptions(DecreeTcpTarget.REPLICA_JVM_OPTIONS));
        cluster.startAll();
        leaderAtStart = cluster.awaitLeader(ELECTION_TIMEOUT);
    }

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
