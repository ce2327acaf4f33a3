package io.decree.perf.jmh;

import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.statemachine.StateMachine;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes allocated per committed command, leader and follower, on one thread ({@link LockstepCluster}: three
 * replicas, a still clock, storage that keeps nothing). Run it with {@code -prof gc}: {@code gc.alloc.rate.norm}
 * is the whole cluster's bytes per command plus the harness's request (a {@code Command} and a
 * {@code ClientRequest}, 56 bytes with compressed oops); the lines "leader N B/command, follower M B/command" that
 * each iteration prints split it by replica, counted around each replica's own work.
 *
 * <p>{@code oneAtATime}: the client's next command arrives after the previous one is executed everywhere, so
 * every decree holds one command (the most a command can cost, what {@code AllocationBudgetTest} measures over
 * real threads). {@code sixteenAtOnce}: sixteen clients' commands arrive in one turn, so the leader proposes one
 * decree of sixteen (the batching of {@code Replica.flush}). {@code stateMachine=register} applies commands to a
 * state machine that allocates nothing, so the figure is the engine's; {@code kv} is the key-value store, whose
 * decoding of keys and values into Strings is the application's cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CommittedCommandAllocationBenchmark {
    static final int BATCH = 16;

    @Param({"register", "kv"})
    String stateMachine;

    /**
     * Executed slots between checkpoints; 0 (the default options) never checkpoints, so the learner's and
     * acceptor's slot maps grow for ever and their growth is part of the figure (amortized, about two arrays'
     * doubling per entry); with checkpoints the maps are trimmed and reused, which is the steady state.
     */
    @Param({"0", "4096"})
    long snapshotInterval;

    private LockstepCluster cluster;
    private byte[] payload;
    private final long[] sequences = new long[BATCH + 1];
    private long commands;
    private long[] allocatedAtStart;
    private long commandsAtStart;

    @Setup(Level.Trial)
    public void setUp() {
        Supplier<StateMachine> machines = stateMachine.equals("kv") ? KvStateMachine::new : Register::new;
        ReplicaOptions options = ReplicaOptions.defaults();
        if (snapshotInterval > 0) options = options.withSnapshots(snapshotInterval, options.snapshotChunkBytes());
        cluster = new LockstepCluster(options, machines);
        payload = KvCommand.put("key-0001", "v".repeat(40)).encode(); // 64 bytes with the command's framing
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        allocatedAtStart = cluster.allocated.clone();
        commandsAtStart = commands;
    }

    @TearDown(Level.Iteration)
    public void report() {
        long n = commands - commandsAtStart;
        StringBuilder line = new StringBuilder("\n  ");
        for (int id = 1; id <= LockstepCluster.REPLICAS; id++) {
            long perCommand = (cluster.allocated[id] - allocatedAtStart[id]) / Math.max(1, n);
            line.append(id == cluster.leader() ? "leader " : "follower ").append(perCommand).append(" B/command  ");
        }
        System.out.println(line.append(String.format(Locale.ROOT, "(%,d commands)", n)));
    }

    @Benchmark
    public long oneAtATime() {
        cluster.request(new Command(1, ++sequences[0], payload));
        cluster.settle();
        commands++;
        return cluster.replica(cluster.leader()).applied();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long sixteenAtOnce() {
        for (int c = 1; c <= BATCH; c++) cluster.request(new Command(100 + c, ++sequences[c], payload));
        cluster.settle();
        commands += BATCH;
        return cluster.replica(cluster.leader()).applied();
    }

    /** A state machine that allocates nothing: it keeps the last command and answers with one shared byte. */
    static final class Register implements StateMachine {
        private static final byte[] OK = {1};
        private byte[] last = new byte[0];
        private long applied;

        @Override public void validate(byte[] command) {}

        @Override public byte[] apply(byte[] command) {
            last = command;
            applied++;
            return OK;
        }

        @Override public byte[] snapshot() { return last.clone(); }

        @Override public void restore(byte[] snapshot) { last = snapshot.clone(); }

        @Override public long digest() { return applied; }
    }
}
