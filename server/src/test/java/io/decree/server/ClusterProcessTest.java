package io.decree.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.SnapshotFile;
import io.decree.server.cli.Main;
import io.decree.sim.trace.TraceCheck;
import io.decree.sim.trace.TraceCheckResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newcomer's path with real processes: {@code decree cluster up 3} in a fresh directory starts three
 * replica JVMs (from this test's class path) and returns once a client round trip succeeded; a
 * {@link DecreeClient} then puts, reads and compare-and-sets; {@code decree cluster down} stops every
 * replica with SIGTERM, and each logs a clean shutdown. Nothing is killed. With the default options every
 * replica takes a checkpoint within a few hundred commands. The replicas' NDJSON spec traces, merged, validate
 * against the spec.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ClusterProcessTest {
    @TempDir Path dir;

    @AfterEach
    void noReplicaOutlivesTheTest() {
        // Only if an assertion failed half-way: the pid file names what still runs.
        LocalCluster.open(dir, ProcessLauncher.current()).processes().values().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void clusterUpServesKvAndClusterDownStopsEveryReplicaCleanly() throws Exception {
        long started = System.nanoTime();
        assertEquals(0, Main.run("cluster", "up", "3", "--dir", dir.toString(), "--timeout", "90", "--trace"));
        long upMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LocalCluster cluster = LocalCluster.open(dir, ProcessLauncher.current());
        Map<Integer, ProcessHandle> processes = cluster.processes();
        assertEquals(List.of(1, 2, 3), List.copyOf(processes.keySet()));
        // A leader was elected and logged it (which one leads now may have changed since: not asserted).
        boolean logged = false;
        for (int id : processes.keySet()) logged |= java.nio.file.Files.readString(cluster.logFile(id)).contains(" event=leader replica=" + id + " leader=" + id + " self=true ");
        assertTrue(logged, "no replica logged event=leader ... self=true");

        try (DecreeClient client = ClusterClients.connect(cluster.config(), dir.resolve("tls"), LocalCluster.CLIENT_ID)) {
            assertNull(KvStateMachine.result(client.execute(KvCommand.put("greeting", "hello").encode())));
            assertEquals("hello", KvStateMachine.result(client.read(KvCommand.get("greeting").encode())));
            assertEquals("true", KvStateMachine.result(client.execute(KvCommand.cas("greeting", "hello", "bonjour").encode())));
            assertEquals("false", KvStateMachine.result(client.execute(KvCommand.cas("greeting", "hello", "hola").encode())));
            assertEquals("bonjour", KvStateMachine.result(client.read(KvCommand.get("greeting").encode())));
            // Enough slots for the default checkpoint (ServerDefaults): every replica snapshots and truncates its
            // log, and the traces below then include the checkpoints.
            for (int i = 0; i < ServerDefaults.CHECKPOINT_SLOTS + 44; i++) client.execute(KvCommand.put("k" + i, "v" + i).encode());
            assertEquals("v0", KvStateMachine.result(client.read(KvCommand.get("k0").encode())));
        }
        for (int id : processes.keySet()) awaitCheckpoint(cluster, id);

        assertEquals(0, Main.run("cluster", "down", "--dir", dir.toString()));
        for (Map.Entry<Integer, ProcessHandle> e : processes.entrySet()) {
            assertFalse(e.getValue().isAlive(), "replica " + e.getKey() + " still runs");
            Optional<LogLine> shutdown = LogLine.lastEvent(cluster.logFile(e.getKey()), "shutdown");
            assertTrue(shutdown.isPresent(), cluster.tail(e.getKey(), 10));
            assertEquals("true", shutdown.get().get("clean"), cluster.tail(e.getKey(), 10));
        }
        assertTrue(LocalCluster.open(dir, ProcessLauncher.current()).processes().isEmpty());

        // The three processes' spec traces, merged in Lamport order, replay as legal spec steps.
        TraceCheckResult trace = TraceCheck.run(List.of(1, 2, 3).stream().map(id -> dir.resolve("trace/replica-" + id + ".ndjson")).toList());
        System.out.print(trace.report());
        assertTrue(trace.ok(), trace.report());
        assertTrue(trace.validated().getOrDefault("Phase2b", 0L) >= 5, "the kv commands were voted for: " + trace.report());
        System.out.printf("ClusterProcessTest: cluster up took %d ms, whole test %d ms%n", upMillis,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Followers execute what they learn from the leader's next messages: waits (bounded) for replica id's snapshot. */
    private static void awaitCheckpoint(LocalCluster cluster, int id) throws java.io.IOException {
        Path snapshot = cluster.config().dataDir(id).resolve(SnapshotFile.NAME);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!java.nio.file.Files.exists(snapshot)) {
            assertTrue(System.nanoTime() - deadline < 0, "replica " + id + " took no checkpoint: " + cluster.tail(id, 10));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
