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
public class CommittedCommandAllocationBenchmark extends AllocationPerCommand {
    @Param({"register", "kv"})
    String stateMachine;

    /**
     * Executed slots between checkpoints; 0 (the default options) never checkpoints, so the learner's and
     * acceptor's slot maps grow for ever and their growth is part of the figure (amortized, about two arrays'
     * doubling per entry); with checkpoints the maps are trimmed and reused, which is the steady state.
     */
    @Param({"0", "4096"})
    long snapshotInterval;


    @Setup(Level.Trial)
    public void setUp() {
        Supplier<StateMachine> machines = stateMachine.equals("kv") ? KvStateMachine::new : Register::new;
        ReplicaOptions options = ReplicaOptions.defaults();
        if (snapshotInterval > 0) options = options.withSnapshots(snapshotInterval, options.snapshotChunkBytes());
        cluster = new LockstepCluster(options, machines);
        payload = KvCommand.put("key-0001", "v".repeat(40)).encode(); // 64 bytes with the command's framing
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
