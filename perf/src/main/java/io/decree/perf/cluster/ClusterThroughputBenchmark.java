package io.decree.perf.cluster;

import io.decree.engine.statemachine.KvCommand;
import io.decree.sim.FaultSchedule;
import io.decree.sim.SimConfig;
import io.decree.sim.Simulation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commands committed per second by a 3-replica in-memory cluster: the deterministic simulator with a
 * reliable 1 ms network, so what is measured is the protocol's CPU cost per command (messages, quorum
 * counting, execution, and the simulator's per-step invariant checks), with batching at several sizes.
 * Each invocation starts from a fresh cluster with an elected leader (set-up is not timed), submits
 * {@value #COMMANDS} commands at the leader and runs until all are executed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ClusterThroughputBenchmark {
    static final int COMMANDS = 20_000;

    @Param({"1", "16", "256"})
    int batch;

    private Simulation sim;
    private int leader;
    private byte[][] payloads;

    /**
     * A fresh cluster for every invocation (not timed), so each measures the same work: a cluster kept
     * across invocations grows its logs and the checker's maps, and its throughput drifts downwards.
     */
    @Setup(Level.Invocation)
    public void setUp() {
        SimConfig base = SimConfig.defaults().withClients(0, 0);
        SimConfig config = base.withOptions(base.options().withWindow(32).withMaxBatchCommands(batch).withRequestTimeout(600_000));
        sim = new Simulation(1, config, FaultSchedule.none());
        if (!sim.runUntil(() -> sim.leader() != 0, 10_000)) throw new IllegalStateException("no leader");
        leader = sim.leader();
        payloads = new byte[COMMANDS][];
        for (int i = 0; i < COMMANDS; i++) payloads[i] = KvCommand.put("k" + (i % 64), "v" + i).encode();
    }

    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public int commit() {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[COMMANDS];
        for (int i = 0; i < COMMANDS; i++) futures[i] = sim.submit(leader, payloads[i]);
        CompletableFuture<Void> all = CompletableFuture.allOf(futures);
        if (!sim.runUntil(all::isDone, sim.now() + 600_000) || all.isCompletedExceptionally())
            throw new IllegalStateException("commands did not commit");
        return futures.length;
    }
}
