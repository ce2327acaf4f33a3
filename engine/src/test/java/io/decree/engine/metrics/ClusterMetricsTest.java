package io.decree.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.runtime.InProcessCluster;
import io.decree.engine.runtime.ReplicaRunner;
import io.decree.engine.runtime.RunnerMetrics;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.testing.Await;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The metrics of a real 3-replica cluster move as the protocol does: every command executed is counted on
 * every replica, the leader's batches, phases and syncs are recorded, and a forced leader change shows as
 * an election and a leader change on the survivors. The Prometheus text of the same registry parses and
 * agrees with the counters.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterMetricsTest {
    private static final int COMMANDS = 300;

    @Test void countersAndHistogramsFollowCommitsAndALeaderChange() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(3, 0x3E7_0001L)) {
            int leader = cluster.awaitLeader(10_000);
            for (int i = 0; i < COMMANDS; i++) cluster.execute(KvCommand.put("k" + (i % 7), "v" + i));
            ReplicaMetrics lm = cluster.runner(leader).metrics();
            // The leader answered every command, so it executed them all; followers learn by Commit: wait.
            assertTrue(lm.commandsExecuted.get() >= COMMANDS, "leader executed " + lm.commandsExecuted.get());
            for (int id = 1; id <= 3; id++) {
                ReplicaMetrics m = cluster.runner(id).metrics();
                await(() -> m.commandsExecuted.get() >= COMMANDS, "replica " + m.replica() + " counts " + COMMANDS + " executions");
                assertTrue(m.syncs.get() > 0 && m.syncNanos.count() == m.syncs.get(), "replica " + id + ": one sync latency per sync");
                assertTrue(m.flushes.get() >= m.syncs.get(), "a sync happens only in a flush");
            }
            // One client, one command at a time: every decree of this leader carries at least one command,
            // and the commands counted in batches are those it proposed.
            assertTrue(lm.decreesProposed.get() >= 1 && lm.batchCommands.count() >= 1);
            assertTrue(lm.batchCommands.sum() >= COMMANDS, "commands in batches: " + lm.batchCommands.sum());
            assertEquals(lm.batchCommands.sum(), lm.clientTo2aNanos.count(), "each proposed command's queue wait is recorded once");
            assertTrue(lm.proposeToQuorumNanos.count() >= COMMANDS / 2 && lm.quorumToExecuteNanos.count() >= COMMANDS / 2
                    && lm.executeToReplyNanos.count() >= COMMANDS / 2, "per-phase latencies recorded at the leader");
            assertTrue(lm.pipelineOccupancy.count() == lm.decreesProposed.get());
            assertTrue(lm.leaderships.get() >= 1);
            long electionsBefore = 0;
            for (int id = 1; id <= 3; id++) electionsBefore += cluster.runner(id).metrics().elections.get();
            assertTrue(electionsBefore >= 1, "the first leader was elected");
            for (int id = 1; id <= 3; id++)
                if (id != leader) assertEquals(0, cluster.runner(id).metrics().decreesProposed.get(), "follower " + id + " proposed nothing");

            MetricsRegistry registry = new MetricsRegistry();
            for (int id = 1; id <= 3; id++) RunnerMetrics.register(registry, cluster.runner(id));
            String text = PrometheusText.format(registry);
            Map<String, Double> samples = PrometheusParser.parse(text);
            assertEquals((double) lm.commandsExecuted.get(), samples.get("decree_commands_executed_total{replica=\"" + leader + "\"}"), 0.0);
            assertEquals(1.0, samples.get("decree_is_leader{replica=\"" + leader + "\"}"), 0.0);
            assertTrue(samples.get("decree_phase_2a_to_reply_seconds_count{replica=\"" + leader + "\"}") >= COMMANDS / 2);

            // Force a leader change: the old leader stops, the survivors elect one of themselves.
            long[] changesBefore = new long[4];
            for (int id = 1; id <= 3; id++) changesBefore[id] = cluster.runner(id).metrics().leaderChanges.get();
            cluster.stop(leader);
            int next = cluster.awaitLeader(20_000);
            cluster.execute(KvCommand.put("after", "change"));
            ReplicaRunner nr = cluster.runner(next);
            assertTrue(nr.metrics().elections.get() >= 1 && nr.metrics().leaderships.get() >= 1, "the new leader stood and won");
            for (int id = 1; id <= 3; id++) {
                if (id == leader) continue;
                ReplicaMetrics m = cluster.runner(id).metrics();
                long before = changesBefore[id];
                await(() -> m.leaderChanges.get() > before, "replica " + id + " saw the leader change");
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofSeconds(30), condition, () -> "");
    }
}
