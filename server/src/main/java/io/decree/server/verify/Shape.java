package io.decree.server.verify;

import io.decree.engine.protocol.Mutant;
import io.decree.sim.FaultSchedule;
import io.decree.sim.MutantShapes;
import io.decree.sim.SimConfig;
import java.util.Locale;
import java.util.Set;

/**
 * The shapes of simulated run verify sweeps, each named so that a finding's replay command can rebuild it
 * ({@code decree verify --replay SHAPE:SEED}). A run is a pure function of (shape, seed, mutant).
 */
public enum Shape {
    /** 3 replicas, 3 clients x 30 ops, the default faults (loss, duplication, reordering, partitions, crashes, clock jumps). */
    DEFAULT,
    /** DEFAULT with GETs as lease reads and clocks drifting within 0.3 (the engine told the same bound). */
    LEASE_READS,
    /** 2 spare replicas, random membership changes, checkpoints every 16 slots (state transfer). */
    RECONFIGURATION,
    /** RECONFIGURATION with lease reads: leases across configurations. */
    RECONFIGURATION_LEASE_READS,
    /** Replicas on the real file log with torn writes and flipped bytes. */
    STORAGE;

    static final double LEASE_DRIFT = MutantShapes.LEASE_DRIFT;

    public SimConfig config(Set<Mutant> mutants) {
        SimConfig c = switch (this) {
            case DEFAULT -> SimConfig.defaults();
            case LEASE_READS -> SimConfig.defaults().withLeaseReads(LEASE_DRIFT);
            case RECONFIGURATION -> MutantShapes.RECONFIGURATION;
            case RECONFIGURATION_LEASE_READS -> MutantShapes.RECONFIGURATION.withLeaseReads(LEASE_DRIFT);
            case STORAGE -> SimConfig.defaults().withDiskStorage();
        };
        return c.withMutants(mutants);
    }

    public FaultSchedule schedule(long seed, SimConfig config) {
        FaultSchedule s = FaultSchedule.random(seed, config);
        return this == STORAGE ? s.withStorageFaults(seed, config.replicas()) : s;
    }

    /** The name on the command line and in reports: lease-reads, reconfiguration, ... */
    public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    public static Shape parse(String label) {
        for (Shape s : values()) if (s.label().equals(label)) return s;
        throw new IllegalArgumentException("unknown run shape '" + label + "': one of default, lease-reads, reconfiguration, reconfiguration-lease-reads, storage");
    }
}
