package io.decree.perf.load.target;

import io.decree.engine.runtime.ClusterClient;
import io.decree.engine.runtime.InProcessCluster;
import io.decree.engine.runtime.RunnerOptions;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.FileAcceptorStorage;
import io.decree.engine.storage.PmemAcceptorStorage;
import io.decree.server.ServerDefaults;
import io.decree.server.StorageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Decree's {@code replicas} replicas in this JVM ({@link InProcessCluster}: in-memory message passing, no
 * network, no TLS), each on its durable log in a temporary directory: the engine and the log without the wire.
 */
public final class DecreeInProcessTarget implements KvTarget {
    private static final long SEED = 42;
    private static final long DEADLINE_MILLIS = 10_000;

    private final int replicas;
    private final StorageKind storage;
    private Path dir;
    private InProcessCluster cluster;
    private PhaseBreakdown breakdown;

    public DecreeInProcessTarget(int replicas, StorageKind storage) {
        this.replicas = replicas;
        this.storage = storage;
    }

    @Override public String name() { return "decree-inproc"; }

    @Override public String describe() {
        return String.format(Locale.ROOT, "Decree, %d replicas in one JVM (in-memory transport), %s log, a replica process's defaults (a checkpoint every %d slots)",
                replicas, storage.configName(), ServerDefaults.CHECKPOINT_SLOTS);
    }

    @Override public void start() throws Exception {
        dir = Files.createTempDirectory("decree-load-inproc-");
        IntFunction<AcceptorStorage> storages = storage == StorageKind.PMEM
                ? id -> PmemAcceptorStorage.open(dir.resolve("replica-" + id))
                : id -> FileAcceptorStorage.open(dir.resolve("replica-" + id));
        cluster = InProcessCluster.start(replicas, SEED, ServerDefaults.options(), RunnerOptions.defaults(SEED), storages);
        cluster.awaitLeader(60_000);
        breakdown = PhaseBreakdown.inProcess(cluster);
    }

    @Override public void measuredIntervalStarts() {
        if (breakdown != null) breakdown.mark();
    }

    @Override public java.util.List<String> measuredIntervalReport() {
        return breakdown == null ? java.util.List.of() : breakdown.report();
    }

    @Override public long leaderChanges() {
        long won = 0;
        for (int id = 1; id <= cluster.size(); id++) won += cluster.runner(id).leaderships();
        return won;
    }

    @Override public KvConnection connect() {
        ClusterClient client = cluster.newClient();
        return new KvConnection() {
            @Override public void put(String key, String value) throws Exception {
                KvStateMachine.result(client.execute(KvCommand.put(key, value).encode(), DEADLINE_MILLIS));
            }

            // In process there is no separate read path: a get goes through the log, as a put does.
            @Override public String get(String key) throws Exception {
                return KvStateMachine.result(client.execute(KvCommand.get(key).encode(), DEADLINE_MILLIS));
            }

            @Override public void close() {}
        };
    }

    @Override public void close() throws Exception {
        if (cluster != null) cluster.close();
        TempDirs.deleteTree(dir);
    }
}
