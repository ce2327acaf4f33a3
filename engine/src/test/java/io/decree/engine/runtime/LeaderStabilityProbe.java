package io.decree.engine.runtime;

import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.FileAcceptorStorage;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A measurement, not a test: a fault-free 3-replica in-process cluster driven by {@code inFlight} client
 * threads (each a session running PUTs back to back, as a new user would), for {@code seconds}; prints
 * leader changes per minute, commits per second and each protocol thread's {@link LoopStats}. The figures
 * in docs/runtime.md ("Leader stability") come from it. Run with the engine's test classpath:
 *
 * <pre>java -cp engine/target/classes:engine/target/test-classes:$(cat cp.txt) \
 *     io.decree.engine.runtime.LeaderStabilityProbe mem|file|shm inFlight seconds [seed]</pre>
 *
 * {@code file} puts the durable file log under the system temp directory (a disk; each flush fsyncs),
 * {@code shm} under /dev/shm (fsync costs microseconds).
 */
public final class LeaderStabilityProbe {

    public static void main(String[] args) throws Exception {
        String storage = args[0];
        int inFlight = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        Path dir = switch (storage) {
            case "file" -> Files.createTempDirectory("decree-stability-");
            case "shm" -> Files.createTempDirectory(Path.of("/dev/shm"), "decree-stability-");
            default -> null;
        };
        IntFunction<AcceptorStorage> storages = dir == null ? id -> new InMemoryAcceptorStorage()
                : id -> FileAcceptorStorage.open(dir.resolve("replica-" + id));
        System.out.printf("probe: storage %s, %d in flight, %d s, seed %d, load %s%n", storage, inFlight, seconds, seed, load());
        try (InProcessCluster cluster = InProcessCluster.start(3, seed, ReplicaOptions.defaults(), RunnerOptions.defaults(seed), storages)) {
            cluster.awaitLeader(10_000);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong commits = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < inFlight; c++) {
                int client = c;
                clients.add(Thread.ofPlatform().name("probe-client-" + c).start(() -> {
                    int i = 0;
                    while (!stop.get()) {
                        try {
                            cluster.execute(KvCommand.put("c" + client + "-k" + (i++ % 16), "value-" + i));
                            commits.incrementAndGet();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            // Warm-up: the JIT and the first election's churn are not what is measured.
            Thread.sleep(2_000);
            long baseLeaderships = leaderships(cluster), baseCommits = commits.get();
            for (int id = 1; id <= 3; id++) cluster.runner(id).stats().resetMaxima();
            long start = System.nanoTime();
            for (int s = 5; s <= seconds; s += 5) {
                Thread.sleep(5_000);
                System.out.printf("  t=%2d s: leader %s, leader changes %d, commits %d%n", s, cluster.leader(),
                        leaderships(cluster) - baseLeaderships, commits.get() - baseCommits);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long changes = leaderships(cluster) - baseLeaderships;
            long done = commits.get() - baseCommits;
            stop.set(true);
            for (Thread t : clients) t.join();
            System.out.printf("RESULT storage=%s inflight=%d seconds=%.1f leader_changes=%d per_minute=%.1f commits_per_s=%.0f client_failures=%d load=%s%n",
                    storage, inFlight, elapsed, changes, changes * 60 / elapsed, done / elapsed, failures.get(), load());
            for (int id = 1; id <= 3; id++) {
                ReplicaRunner r = cluster.runner(id);
                System.out.printf("  replica %d: elections %d, leaderships %d, step-downs %d (quiet %d), heartbeats sent %d; %s%n",
                        id, r.elections(), r.leaderships(), r.stepDowns(), r.quietStepDowns(), r.heartbeatsSent(), r.stats());
            }
        } finally {
            if (dir != null) deleteTree(dir);
        }
    }

    /** Leaderships won by all replicas: each one after the first is a leader change. */
    private static long leaderships(InProcessCluster cluster) {
        long n = 0;
        for (int id = 1; id <= cluster.size(); id++) n += cluster.runner(id).leaderships();
        return n;
    }

    private static String load() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
