package io.decree.engine.metrics;

import io.decree.engine.runtime.InProcessCluster;
import io.decree.engine.runtime.LoopStats;
import io.decree.engine.runtime.ReplicaRunner;
import io.decree.engine.runtime.RunnerOptions;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.storage.FileAcceptorStorage;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A measurement, not a test: "where the time goes" at saturation (docs/perf.md). A 3-replica in-process
 * cluster, {@code clients} threads each running 64-byte PUTs back to back for {@code seconds}, then the
 * leader's and a follower's metrics: throughput, the per-phase latency quantiles, syncs, batch size,
 * pipeline occupancy, queue depth, and bytes allocated per command on each protocol thread. Run with the
 * engine's test classpath:
 *
 * <pre>java -cp engine/target/classes:engine/target/test-classes:$(cat cp.txt) \
 *     io.decree.engine.metrics.SaturationBreakdown mem|file clients seconds</pre>
 */
public final class SaturationBreakdown {
    public static void main(String[] args) throws Exception {
        String storage = args[0];
        int clients = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Path root = storage.equals("file") ? Files.createTempDirectory("decree-breakdown") : null;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String value = "x".repeat(64 - 16);
        try (InProcessCluster cluster = InProcessCluster.start(3, 42, ReplicaOptions.defaults(), RunnerOptions.defaults(42),
                id -> root == null ? new InMemoryAcceptorStorage() : FileAcceptorStorage.open(root.resolve("replica-" + id)))) {
            int leader = cluster.awaitLeader(30_000);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                workers.add(Thread.ofPlatform().name("client-" + c).start(() -> {
                    try {
                        for (int i = 0; !stop.get(); i++) cluster.execute(KvCommand.put("c" + client + "-" + (i % 100), value));
                    } catch (Exception e) {
                        if (!stop.get()) throw new RuntimeException(e);
                    }
                }));
            }
            Thread.sleep(2_000); // warm-up, not measured
            long[] bytes0 = new long[4], commands0 = new long[4];
            for (int id = 1; id <= 3; id++) {
                bytes0[id] = threads.getThreadAllocatedBytes(cluster.runner(id).protocolThreadId());
                commands0[id] = cluster.runner(id).metrics().commandsExecuted.get();
            }
            long start = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] bytes1 = new long[4], commands1 = new long[4];
            for (int id = 1; id <= 3; id++) {
                bytes1[id] = threads.getThreadAllocatedBytes(cluster.runner(id).protocolThreadId());
                commands1[id] = cluster.runner(id).metrics().commandsExecuted.get();
            }
            stop.set(true);
            for (Thread w : workers) w.join(60_000);
            // The leader at the end, and a follower: a loaded machine may have changed leaders meanwhile (the
            // counts of elections and leader changes below say so).
            leader = cluster.leader().orElse(leader);
            int follower = leader % 3 + 1;
            System.out.printf("storage %s, %d clients, %d s, load average %.1f%n", storage, clients, seconds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf("throughput: %.0f commands/s%n", (commands1[leader] - commands0[leader]) / elapsed);
            for (int id = 1; id <= 3; id++)
                System.out.printf("replica %d (%s): %d bytes allocated per command on the protocol thread%n", id, id == leader ? "leader" : "follower",
                        (bytes1[id] - bytes0[id]) / Math.max(1, commands1[id] - commands0[id]));
            print("leader", cluster.runner(leader));
            print("follower", cluster.runner(follower));
        } finally {
            if (root != null) try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void print(String role, ReplicaRunner runner) {
        ReplicaMetrics m = runner.metrics();
        LoopStats s = runner.stats();
        System.out.printf("%s %d: commands %d, decrees proposed %d, flushes %d, syncs %d, elections %d, leader changes %d%n", role, runner.id(),
                m.commandsExecuted.get(), m.decreesProposed.get(), m.flushes.get(), m.syncs.get(), m.elections.get(), m.leaderChanges.get());
        row("  batch (commands per decree)", m.batchCommands, 1);
        row("  pipeline occupancy (slots)", m.pipelineOccupancy, 1);
        row("  events per loop turn", s.turnEvents, 1);
        row("  queue depth at turn start", s.queueDepth, 1);
        row("  sync latency (µs)", m.syncNanos, 1e-3);
        row("  turn duration (µs)", s.turnNanos, 1e-3);
        row("  client -> 2a (µs)", m.clientTo2aNanos, 1e-3);
        row("  2a -> quorum (µs)", m.proposeToQuorumNanos, 1e-3);
        row("  quorum -> execute (µs)", m.quorumToExecuteNanos, 1e-3);
        row("  execute -> reply (µs)", m.executeToReplyNanos, 1e-3);
        row("  2a -> reply (µs)", m.proposeToReplyNanos, 1e-3);
    }

    private static void row(String what, Histogram h, double scale) {
        if (h.count() == 0) {
            System.out.printf("%-32s (none)%n", what);
            return;
        }
        System.out.printf("%-32s n %9d  mean %10.1f  p50 <= %9.0f  p99 <= %9.0f%n", what, h.count(), h.sum() * scale / h.count(),
                h.quantileUpperBound(0.5) * scale, h.quantileUpperBound(0.99) * scale);
    }
}
