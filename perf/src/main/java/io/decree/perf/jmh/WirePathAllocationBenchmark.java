package io.decree.perf.jmh;

import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.ReplicaOptions;
import java.util.Locale;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes allocated per committed command on the wire path, encoding and decoding included
 * ({@link WireLockstepCluster}: three replicas on one thread, every message a frame in the receiver's inbox,
 * a still clock, storage that keeps nothing, a state machine that allocates nothing). Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is the cluster's bytes per command plus the harness's
 * {@code Command} (24 bytes) and its payload's array; each iteration also prints the bytes per replica.
 *
 * <p>{@code path=records} is the wire path as it was (a record built for every message sent, every frame
 * decoded into a record); {@code path=flat} is the path {@code TcpTransport} takes now (fields encoded and
 * decoded without a record). What is left in {@code flat} is the decree, which the log keeps: built by the
 * leader, decoded by each follower (command, payload and encoding, copied once from the frame).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WirePathAllocationBenchmark extends AllocationPerCommand {
    @Param({"records", "flat"})
    String path;


    @Setup(Level.Trial)
    public void setUp() {
        // Checkpoints every 4,096 slots: the steady state, where the slot maps are trimmed and reuse their capacity.
        ReplicaOptions options = ReplicaOptions.defaults().withSnapshots(4_096, ReplicaOptions.defaults().snapshotChunkBytes());
        cluster = new WireLockstepCluster(path.equals("flat"), options, CommittedCommandAllocationBenchmark.Register::new);
        payload = new byte[64];
    }

}
