package io.decree.perf.jmh;

import io.decree.engine.protocol.Command;
import java.util.Locale;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the allocation benchmarks share (JMH runs the inherited methods of each concrete subclass): a command
 * at a time ({@code oneAtATime}: every decree holds one command, the most a command can cost) and sixteen
 * clients' commands in one turn ({@code sixteenAtOnce}: one decree of sixteen), through the subclass's
 * {@link Lockstep} cluster, and after each iteration a line with each replica's bytes per command.
 */
public abstract class AllocationPerCommand {
    static final int BATCH = 16;

    /** Set by the subclass's trial setup. */
    Lockstep cluster;
    byte[] payload;

    private final long[] sequences = new long[BATCH + 1];
    private long commands;
    private long[] allocatedAtStart;
    private long commandsAtStart;

    @Setup(Level.Iteration)
    public void startCounting() {
        allocatedAtStart = cluster.allocated().clone();
        commandsAtStart = commands;
    }

    @TearDown(Level.Iteration)
    public void report() {
        long n = commands - commandsAtStart;
        StringBuilder line = new StringBuilder("\n  ");
        for (int id = 1; id <= Lockstep.REPLICAS; id++) {
            long perCommand = (cluster.allocated()[id] - allocatedAtStart[id]) / Math.max(1, n);
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
}
