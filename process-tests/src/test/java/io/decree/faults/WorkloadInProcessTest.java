package io.decree.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.runtime.InProcessCluster;
import io.decree.lin.KvOp;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The workload, history and verdict pipeline against a real in-process cluster (real protocol threads, real
 * elections): a run with the leader stopped mid-load passes, and clients that lie (acknowledge writes they never
 * sent, serve stale reads) are caught, so the verdict can fail.
 */
class WorkloadInProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final int KEYS = 4;

    /** Runs the workload until {@code ops} operations were invoked, calls {@code midway}, then reads every key. */
    private static HistoryVerdict run(InProcessCluster cluster, OpLog log, int ops, IntFunction<KvClient> clients,
                                      Runnable midway) throws Exception {
        try (Workload w = new Workload(log, 4, KEYS, 42, clients, OutcomeClassifier.ALL_UNKNOWN)) {
            Await.until(ops / 2 + " operations invoked", LIMIT, () -> log.size() >= ops / 2);
            midway.run();
            Await.until(ops + " operations invoked", LIMIT, () -> log.size() >= ops);
        }
        Map<String, String> finals = finalReads(cluster, log);
        return HistoryVerdict.of(log, finals);
    }

    static Map<String, String> finalReads(InProcessCluster cluster, OpLog log) throws Exception {
        Map<String, String> finals = new TreeMap<>();
        try (KvClient reader = new InProcessKvClient(cluster, LIMIT.toMillis())) {
            for (int k = 0; k < KEYS; k++) {
                String key = "k" + k;
                var result = Workload.execute(log, 1_000, reader, KvOp.get(key), new HashMap<>(), OutcomeClassifier.ALL_UNKNOWN);
                assertTrue(result instanceof io.decree.lin.OpResult.Value<String>, "final read of " + key + " must complete");
                finals.put(key, ((io.decree.lin.OpResult.Value<String>) result).value());
            }
        }
        return finals;
    }

    @Test
    void aRunWithTheLeaderStoppedMidwayIsLinearizableAndLosesNoWrite() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(3, 7)) {
            cluster.awaitLeader(LIMIT.toMillis());
            OpLog log = new OpLog();
            HistoryVerdict v = run(cluster, log, 3_000, i -> new InProcessKvClient(cluster, 2_000), () -> {
                try {
                    int leader = cluster.awaitLeader(LIMIT.toMillis());
                    cluster.stop(leader);
                    Await.until("a new leader", LIMIT, () -> cluster.leader().isPresent() && cluster.leader().getAsInt() != leader);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            System.out.println("in-process run, leader stopped midway: " + v.summary());
            assertTrue(v.passed(), v.summary());
            assertTrue(v.ok() > 2_000, v.summary());
            assertEquals(v.operations(), v.ok() + v.failed() + v.unknown());
        }
    }

    /** Acknowledges every other put without sending it: a lost acknowledged write. */
    private static final class LosingClient implements KvClient {
        private final KvClient real;
        private int puts;

        LosingClient(KvClient real) { this.real = real; }

        @Override public String put(String key, String value) throws Exception {
            String previous = real.get(key);
            return ++puts % 2 == 0 ? previous : real.put(key, value);
        }

        @Override public String get(String key) throws Exception { return real.get(key); }

        @Override public boolean cas(String key, String expected, String update) throws Exception { return real.cas(key, expected, update); }
    }

    /** Answers reads from a cache of the values this client wrote or read first, not from the cluster. */
    private static final class StaleClient implements KvClient {
        private final KvClient real;
        private final Map<String, String> cache = new HashMap<>();

        StaleClient(KvClient real) { this.real = real; }

        @Override public String put(String key, String value) throws Exception { return real.put(key, value); }

        @Override public String get(String key) throws Exception {
            if (!cache.containsKey(key)) cache.put(key, real.get(key));
            return cache.get(key);
        }

        @Override public boolean cas(String key, String expected, String update) throws Exception { return real.cas(key, expected, update); }
    }

    @Test
    void lostAcknowledgedWritesAreCaughtByBothChecks() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(3, 8)) {
            cluster.awaitLeader(LIMIT.toMillis());
            OpLog log = new OpLog();
            HistoryVerdict v = run(cluster, log, 600, i -> new LosingClient(new InProcessKvClient(cluster, 2_000)), () -> { });
            assertFalse(v.linearizable(), "the checker must reject lost writes: " + v.summary());
            assertFalse(v.passed());
        }
    }

    @Test
    void staleReadsAreCaught() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(3, 9)) {
            cluster.awaitLeader(LIMIT.toMillis());
            OpLog log = new OpLog();
            HistoryVerdict v = run(cluster, log, 600, i -> new StaleClient(new InProcessKvClient(cluster, 2_000)), () -> { });
            assertFalse(v.linearizable(), "the checker must reject stale reads: " + v.summary());
        }
    }
}
