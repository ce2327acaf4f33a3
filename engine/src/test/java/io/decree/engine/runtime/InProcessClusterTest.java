package io.decree.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Replica;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.statemachine.MalformedCommandException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three real replicas on their own threads, connected in memory. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InProcessClusterTest {
    static final long SEED = 0x5EED_0001L;

    @Test void electsALeaderAndExecutesAThousandCommandsFromFourThreads() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(3, SEED)) {
            int leader = cluster.awaitLeader(5_000);
            assertTrue(cluster.runner(leader).isLeader());
            int threads = 4, each = 250;
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < each; i++) {
                            // Ten keys per thread, overwritten in turn: each PUT returns the value put ten commands
                            // earlier, so a lost, duplicated or reordered execution shows as a wrong previous value.
                            String key = "t" + thread + "-k" + (i % 10);
                            String previous = cluster.execute(KvCommand.put(key, "v" + i));
                            assertEquals(i < 10 ? null : "v" + (i - 10), previous, "PUT " + key + " #" + i);
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, runnable -> Thread.ofPlatform().name("client-" + thread).start(runnable)));
            }
            for (CompletableFuture<Void> w : workers) w.get(50, TimeUnit.SECONDS);
            for (int t = 0; t < threads; t++)
                for (int k = 0; k < 10; k++)
                    assertEquals("v" + (each - 10 + k), cluster.execute(KvCommand.get("t" + t + "-k" + k)));
            assertReplicasConverge(cluster, Set.of(1, 2, 3));
        }
        assertNoRuntimeThreadsLeft();
    }

    @Test void sharedCounterByCasIsExactlyOnce() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(3, SEED + 1)) {
            cluster.awaitLeader(5_000);
            assertNull(cluster.execute(KvCommand.put("counter", "0")));
            int threads = 4, increments = 25;
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < increments; i++) {
                            while (true) { // read-modify-CAS until our CAS wins
                                String seen = cluster.execute(KvCommand.get("counter"));
                                String next = Integer.toString(Integer.parseInt(seen) + 1);
                                if (cluster.execute(KvCommand.cas("counter", seen, next)).equals("true")) break;
                            }
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, runnable -> Thread.ofPlatform().start(runnable)));
            }
            for (CompletableFuture<Void> w : workers) w.get(50, TimeUnit.SECONDS);
            assertEquals(Integer.toString(threads * increments), cluster.execute(KvCommand.get("counter")));
        }
        assertNoRuntimeThreadsLeft();
    }

    @Test void removesAReplicaThroughTheLogAndGoesOnWithoutIt() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(3, SEED + 3)) {
            int leader = cluster.awaitLeader(5_000);
            for (int i = 0; i < 20; i++) cluster.execute(KvCommand.put("k" + i, "a"));
            int removed = leader % 3 + 1;
            Configuration target = new Configuration(java.util.stream.IntStream.rangeClosed(1, 3).filter(r -> r != removed).toArray());
            long from = reconfigureAtLeader(cluster, target);
            assertTrue(from > 20, "governs from slot " + from + ", after the writes");
            // Without the removed replica, the two left are the whole configuration: stopping it changes nothing.
            cluster.stop(removed);
            for (int i = 0; i < 20; i++) assertEquals("a", cluster.execute(KvCommand.put("k" + i, "b")));
            ExecutionException twice = assertThrows(ExecutionException.class,
                    () -> reconfigureAtLeader(cluster, target));
            assertTrue(twice.getCause().getMessage().contains("already " + target), twice.getCause().getMessage());
        }
    }

    @Test void survivesTheLeaderStoppingAndFailsSubmissionsToAStoppedReplica() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(3, SEED + 2)) {
            int first = cluster.awaitLeader(5_000);
            for (int i = 0; i < 20; i++) cluster.execute(KvCommand.put("k" + i, "a"));
            cluster.stop(first);
            ExecutionException stopped = assertThrows(ExecutionException.class,
                    () -> cluster.runner(first).submit(KvCommand.get("k0").encode()).get(1, TimeUnit.SECONDS));
            assertInstanceOf(ReplicaStoppedException.class, stopped.getCause());
            // The client's retries find the new leader; its earlier writes survived the change.
            for (int i = 0; i < 20; i++) assertEquals("a", cluster.execute(KvCommand.put("k" + i, "b")));
            int second = cluster.awaitLeader(5_000);
            assertNotEquals(first, second);
            Set<Integer> alive = new java.util.HashSet<>(Set.of(1, 2, 3));
            alive.remove(first);
            assertReplicasConverge(cluster, alive);
        }
        assertNoRuntimeThreadsLeft();
    }

    @Test void malformedCommandIsRefusedNotRetried() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(3, SEED + 3)) {
            cluster.awaitLeader(5_000);
            MalformedCommandException e = assertThrows(MalformedCommandException.class, () -> cluster.execute(new byte[] {42}));
            assertTrue(e.getMessage().contains("unknown key-value operation code 42"), e.getMessage());
        }
    }

    @Test void closeIsIdempotentAndFailsLaterSubmissions() throws Exception {
        InProcessCluster cluster = InProcessCluster.start(3, SEED + 4);
        cluster.awaitLeader(5_000);
        cluster.close();
        cluster.close();
        for (int id = 1; id <= 3; id++) {
            ExecutionException e = assertThrows(ExecutionException.class, cluster.runner(id).submit(KvCommand.get("x").encode())::get);
            assertInstanceOf(ReplicaStoppedException.class, e.getCause());
        }
        assertNoRuntimeThreadsLeft();
    }

    /**
     * Asks the current leader to reconfigure and returns the slot the new configuration governs from. Under
     * load, leadership can move between finding the leader and its handling the request; a replica that is
     * not the leader refuses before changing anything (NotLeaderException), so the request goes to the new
     * leader, up to a deadline. Any other refusal is thrown.
     */
    private static long reconfigureAtLeader(InProcessCluster cluster, Configuration target) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return cluster.runner(cluster.awaitLeader(5_000)).reconfigure(target).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof io.decree.engine.client.NotLeaderException) || System.nanoTime() > deadline) throw e;
            }
        }
    }

    /**
     * Waits for the replicas to apply the same prefix and stay there (a single equal reading of their published
     * progress can catch one of them a slot behind a Commit still in flight), then compares their state
     * machines after closing.
     */
    private static void assertReplicasConverge(InProcessCluster cluster, Set<Integer> ids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long stableSince = Long.MAX_VALUE, last = -1;
        while (System.nanoTime() < deadline) {
            Set<Long> applied = ids.stream().map(id -> cluster.runner(id).applied()).collect(Collectors.toSet());
            long now = System.nanoTime();
            if (applied.size() == 1 && applied.iterator().next() == last) {
                if (now - stableSince >= TimeUnit.MILLISECONDS.toNanos(200)) break;
            } else {
                stableSince = now;
                last = applied.size() == 1 ? applied.iterator().next() : -1;
            }
            Thread.sleep(5);
        }
        cluster.close();
        Set<Long> applied = ids.stream().map(id -> cluster.runner(id).replicaAfterClose().applied()).collect(Collectors.toSet());
        assertEquals(1, applied.size(), "replicas applied different prefixes: " + applied);
        Set<Long> digests = ids.stream().map(id -> cluster.runner(id).replicaAfterClose().appliedDigest()).collect(Collectors.toSet());
        assertEquals(1, digests.size(), "replicas with equal applied prefixes disagree on state");
        Replica any = cluster.runner(ids.iterator().next()).replicaAfterClose();
        assertTrue(any.stateMachine() instanceof KvStateMachine);
    }

    /**
     * Every runtime thread ends after close. close() joins the protocol threads and waits for the completion
     * executors to terminate, but an executor counts as terminated when its worker has left the task loop,
     * while the worker thread may still be on its way out: reading isAlive() right away raced with that exit
     * ("threads left running after close: decree-replica-2-completions" once under load). So each thread
     * still alive is joined, up to a deadline shared by all: a thread that does not end within it is a leak.
     */
    static void assertNoRuntimeThreadsLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.getName().startsWith("decree-replica-")) continue;
            long left = deadline - System.nanoTime();
            if (left > 0) t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        Set<String> left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("decree-replica-")).collect(Collectors.toSet());
        assertEquals(Set.of(), left, "threads left running 10 s after close");
    }
}
