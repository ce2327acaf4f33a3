package io.decree.sim;

import io.decree.engine.protocol.Mutant;
import io.decree.engine.protocol.ReplicaOptions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The shape of a simulated run (the seed and fault schedule are separate).
 *
 * @param replicas        cluster size
 * @param clients         concurrent clients, each with one request outstanding at a time
 * @param opsPerClient    requests each client issues
 * @param keys            distinct keys the workload touches (few keys, many conflicts)
 * @param faultsEnd       simulated ms during which faults happen
 * @param livenessBound   simulated ms after faults end within which every request must complete
 * @param clientTimeout   ms a client waits for a reply before retrying elsewhere
 * @param tickInterval    ms between timer ticks of each replica
 * @param options         replica tuning
 * @param mutants         deliberate protocol bugs (tests only)
 * @param leaseReads      clients send GETs as lease reads (answered by a leased leader without the log)
 * @param diskStorage     replicas keep their acceptor state in the real file log ({@link SimDisk}, under
 *                        /dev/shm) instead of in memory: slower, but it runs the real recovery code and allows
 *                        the storage faults {@link FaultEvent.Kind#TORN_WRITE} and {@link FaultEvent.Kind#CORRUPT_BYTE}
 * @param spares          replicas beyond the initial configuration (ids {@code replicas+1 ..}): running, in no
 *                        configuration, until a {@link FaultEvent.Kind#RECONFIGURE} adds them
 */
public record SimConfig(int replicas, int clients, int opsPerClient, int keys, long faultsEnd, long livenessBound,
                        long clientTimeout, long tickInterval, ReplicaOptions options, Set<Mutant> mutants,
                        boolean leaseReads, boolean diskStorage, int spares) {

    public SimConfig {
        if (replicas < 1 || replicas > 9) throw new IllegalArgumentException("replicas must be in [1, 9], got " + replicas);
        if (clients < 0) throw new IllegalArgumentException("clients must be >= 0, got " + clients);
        if (opsPerClient < 0) throw new IllegalArgumentException("opsPerClient must be >= 0, got " + opsPerClient);
        if (keys < 1) throw new IllegalArgumentException("keys must be >= 1, got " + keys);
        if (spares < 0 || replicas + spares > 9) throw new IllegalArgumentException("spares must be >= 0 with at most 9 replicas in all, got " + spares);
        mutants = mutants.isEmpty() ? Set.of() : EnumSet.copyOf(mutants);
    }

    /** A run with in-memory storage (the shape before disk storage existed). */
    public SimConfig(int replicas, int clients, int opsPerClient, int keys, long faultsEnd, long livenessBound,
                     long clientTimeout, long tickInterval, ReplicaOptions options, Set<Mutant> mutants, boolean leaseReads) {
        this(replicas, clients, opsPerClient, keys, faultsEnd, livenessBound, clientTimeout, tickInterval, options, mutants, leaseReads, false, 0);
    }

    /** Replicas keep their acceptor state in the real file log, with its recovery (see {@link SimDisk}). */
    public SimConfig withDiskStorage() { return new SimConfig(replicas, clients, opsPerClient, keys, faultsEnd, livenessBound, clientTimeout, tickInterval, options, mutants, leaseReads, true, spares); }

    public static SimConfig defaults() {
        return new SimConfig(3, 3, 30, 4, 3_000, 20_000, 300, 5,
                ReplicaOptions.defaults().withWindow(8).withMaxBatchCommands(16), Set.of(), false);
    }

    public SimConfig withReplicas(int n) { return new SimConfig(n, clients, opsPerClient, keys, faultsEnd, livenessBound, clientTimeout, tickInterval, options, mutants, leaseReads, diskStorage, spares); }

    public SimConfig withClients(int n, int ops) { return new SimConfig(replicas, n, ops, keys, faultsEnd, livenessBound, clientTimeout, tickInterval, options, mutants, leaseReads, diskStorage, spares); }

    /**
     * Lease reads on, with clocks whose rates drift by up to {@code rho} (the engine is told the same bound).
     * Lease reads assume bounded drift, so schedules for them carry no clock jumps
     * ({@link FaultSchedule#forLeaseReads}).
     */
    public SimConfig withLeaseReads(double rho) {
        return new SimConfig(replicas, clients, opsPerClient, keys, faultsEnd, livenessBound, clientTimeout, tickInterval, options.withMaxClockDrift(rho), mutants, true, diskStorage, spares);
    }

    public SimConfig withMutants(Set<Mutant> m) { return new SimConfig(replicas, clients, opsPerClient, keys, faultsEnd, livenessBound, clientTimeout, tickInterval, options, m, leaseReads, diskStorage, spares); }

    public SimConfig withFaultsEnd(long t) { return new SimConfig(replicas, clients, opsPerClient, keys, t, livenessBound, clientTimeout, tickInterval, options, mutants, leaseReads, diskStorage, spares); }

    public SimConfig withOptions(ReplicaOptions o) { return new SimConfig(replicas, clients, opsPerClient, keys, faultsEnd, livenessBound, clientTimeout, tickInterval, o, mutants, leaseReads, diskStorage, spares); }

    /** {@code n} spare replicas that reconfigurations may add (see {@link FaultSchedule#withReconfigurations}). */
    public SimConfig withSpares(int n) { return new SimConfig(replicas, clients, opsPerClient, keys, faultsEnd, livenessBound, clientTimeout, tickInterval, options, mutants, leaseReads, diskStorage, n); }

    /** Every replica checkpoints each {@code interval} executed slots (log truncation, state transfer to laggards). */
    public SimConfig withSnapshots(long interval) { return withOptions(options.withSnapshots(interval, 512)); }

    /** Every replica id, spares included. */
    public int totalReplicas() { return replicas + spares; }
}
