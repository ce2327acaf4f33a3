package io.decree.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bytes allocated by the protocol threads per committed command, in a real 3-replica cluster in steady
 * state: one client, one command at a time (batches of one: the most a command can cost), measured with
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)} on each replica's protocol thread.
 * Allocation is not timing: to keep time-driven work out of the count, the replicas' clock stops once the
 * leader is elected and warmed up (no ticks, no heartbeats, no time-outs during the measurement), so what is
 * counted is what the messages of each command cost, the same on a loaded machine as on an idle one.
 * The budgets sit about 20-30% above the least window measured when they were set (leader 1,624-1,754, followers
 * 691-782 bytes, after the primitive slot maps and reused proposals, vote entries and routes: docs/perf.md,
 * "Batching and allocation"); the code before them measured leader 2,326-2,526 and followers 998-1,039, so both
 * budgets fail it, as does a regression of about 170 bytes per command at a follower or 350 at the leader (one
 * extra 24-byte object per message does not: CommittedCommandAllocationBenchmark in perf, with -prof gc, is the
 * finer meter). What remains is mostly not the protocol's: the key-value store decoding keys and
 * values into Strings, the test's in-memory storage copying each record and keeping it in sorted maps, the
 * runtime's queue entry per message and the local submission's future. Override with
 * {@code -Ddecree.alloc.leaderBudget=...} / {@code followerBudget} to measure without failing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AllocationBudgetTest {
    private static final int WARM_UP = 10_000, WINDOW = 1_500, WINDOWS = 3;
    /** Leader: bytes per committed command, all its protocol-thread work included. */
    static final long LEADER_BUDGET = Long.getLong("decree.alloc.leaderBudget", 2_100);
    /** A follower: bytes per committed command. */
    static final long FOLLOWER_BUDGET = Long.getLong("decree.alloc.followerBudget", 950);

    @Test void protocolThreadsAllocateWithinBudgetPerCommittedCommand() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(), "this JVM does not count allocation per thread");
        AtomicBoolean frozen = new AtomicBoolean();
        long[] frozenAt = new long[1];
        LongSupplier clock = () -> frozen.get() ? frozenAt[0] : System.nanoTime();
        try (InProcessCluster cluster = InProcessCluster.start(3, 0xA110CL, ReplicaOptions.defaults(), RunnerOptions.defaults(0xA110CL),
                id -> new InMemoryAcceptorStorage(), clock)) {
            cluster.awaitLeader(20_000);
            for (int i = 0; i < WARM_UP; i++) cluster.execute(KvCommand.put("k" + (i % 100), "v" + i));
            // Stop the clock only while every replica agrees on one leader (a loaded machine may have changed
            // leaders during the warm-up; with the clock stopped no election could finish, nor a time-out fire).
            int leader;
            while (true) {
                cluster.execute(KvCommand.put("settle", "x"));
                frozenAt[0] = System.nanoTime();
                frozen.set(true);
                leader = agreedLeader(cluster);
                if (leader > 0) break;
                frozen.set(false);
            }
            // Let every replica finish the turn it is in (a tick may be under way) before counting.
            awaitApplied(cluster, cluster.runner(leader).applied());
            // The least of a few windows: on a loaded machine the JIT may still be compiling (and so not yet
            // removing objects by escape analysis) during the first; a real extra object shows in every window.
            long[] perCommand = {0, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
            StringBuilder report = new StringBuilder("AllocationBudgetTest: bytes per committed command on the protocol thread, per window:");
            for (int w = 0; w < WINDOWS; w++) {
                long[] before = new long[4];
                for (int id = 1; id <= 3; id++) before[id] = threads.getThreadAllocatedBytes(cluster.runner(id).protocolThreadId());
                for (int i = 0; i < WINDOW; i++) cluster.execute(KvCommand.put("k" + (i % 100), "w" + i));
                awaitApplied(cluster, cluster.runner(leader).applied());
                for (int id = 1; id <= 3; id++) {
                    long bytes = (threads.getThreadAllocatedBytes(cluster.runner(id).protocolThreadId()) - before[id]) / WINDOW;
                    perCommand[id] = Math.min(perCommand[id], bytes);
                    report.append(' ').append(id == leader ? "leader " : "follower ").append(id).append(' ').append(bytes);
                }
                report.append(';');
            }
            assertEquals(leader, cluster.leader().orElseThrow(), "no leader change while the clock stood still");
            System.out.println(report);
            for (int id = 1; id <= 3; id++) {
                long budget = id == leader ? LEADER_BUDGET : FOLLOWER_BUDGET;
                assertTrue(perCommand[id] <= budget, (id == leader ? "leader " : "follower ") + id + " allocated at least " + perCommand[id]
                        + " bytes per committed command in every window, over its budget of " + budget + " (" + report + ")");
                assertTrue(perCommand[id] > 0, "replica " + id + ": nothing counted, so the measurement measured nothing");
            }
        }
    }

    /** The leader every replica names, if exactly one replica leads and all agree on it; else 0. */
    private static int agreedLeader(InProcessCluster cluster) {
        int leader = cluster.leader().orElse(0);
        for (int id = 1; id <= 3; id++) {
            ReplicaRunner r = cluster.runner(id);
            if (r.leaderHint() != leader || r.isLeader() != (id == leader)) return 0;
        }
        return leader;
    }

    private static void awaitApplied(InProcessCluster cluster, long slots) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int id = 1; id <= 3; id++) {
            while (cluster.runner(id).applied() < slots) {
                if (System.nanoTime() > deadline) throw new AssertionError("replica " + id + " did not apply " + slots + " slots in 60 s");
                Thread.sleep(1);
            }
        }
    }
}
