package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.ContractContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random membership changes under faults: three replicas and two spares, 1 to 4 changes per run (add a
 * spare, remove a member, replace one, the leader included), checkpoints every 16 slots so logs are
 * truncated and lagging or new replicas receive snapshots, and the usual random faults. Every step is
 * checked by the simulator's invariants (Agreement across configurations among them) and replayed
 * through the mirror of {@code MultiPaxosReconfig.tla} (trace validation, with InstallSnapshot); liveness
 * once faults stop; linearizability of the clients' histories. CI runs 500 seeds, {@code -Dtier=long} 5,000.
 */
class ReconfigurationSeedsTest {
    static final SimConfig CONFIG = MutantShapes.RECONFIGURATION;

    static FaultSchedule schedule(long seed) { return FaultSchedule.random(seed, CONFIG); }

    @Test
    void randomMembershipChangesKeepEveryInvariant() {
        int seeds = Tier.seeds(500, 5_000);
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime(), committed = 0, changes = 0, seedsWithChanges = 0, installs = 0, validated = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            TraceValidator validator = TraceValidator.forRun(CONFIG);
            Simulation sim = new Simulation(seed, CONFIG, schedule(seed), validator, false);
            SimResult r = ContractContext.with("reconfiguration seed " + seed, sim::run);
            committed += r.committedOps();
            changes += sim.configChangesChosen();
            if (sim.configChangesChosen() > 0) seedsWithChanges++;
            installs += sim.snapshotsInstalled();
            validated += validator.steps();
            if (!r.ok()) {
                failures.add(r.report());
                if (failures.size() == 3) break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("reconfiguration: %d seeds, %d violations, %d configuration changes chosen (in %d seeds), %d snapshots installed,"
                + " %d ops committed, %d spec steps validated, %.1f s wall%n", seeds, failures.size(), changes, seedsWithChanges, installs, committed, validated, seconds);
        assertEquals(List.of(), failures, "violations:\n" + String.join("\n", failures));
        assertTrue(committed >= (long) seeds * CONFIG.clients() * CONFIG.opsPerClient(), "every request completes");
        // Coverage, so a change that silently stopped happening cannot pass: most runs change membership,
        // and state transfer happens.
        assertTrue(seedsWithChanges * 2 > seeds, "configuration changes were chosen in only " + seedsWithChanges + " of " + seeds + " runs");
        assertTrue(installs > 0, "no snapshot was ever installed by state transfer");
    }

    /**
     * Lease reads across membership changes: a leader's lease needs a quorum of every configuration in its
     * window, so a change can never let a new leader in while an old one still answers reads. Clocks drift
     * by up to rho (and never jump, as lease reads assume); LeaseSafety is checked after every step and the
     * history checker finds every read linearizable. CI runs 300 seeds, {@code -Dtier=long} 3,000.
     */
    @Test
    void leaseReadsStayLinearizableAcrossMembershipChanges() {
        int seeds = Tier.seeds(300, 3_000);
        double rho = 0.05;
        SimConfig config = CONFIG.withLeaseReads(rho);
        long changes = 0, reads = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            Simulation sim = new Simulation(seed, config, FaultSchedule.random(seed, config));
            SimResult r = ContractContext.with("reconfiguration with lease reads, seed " + seed, sim::run);
            assertTrue(r.ok(), r::report);
            changes += sim.configChangesChosen();
            reads += sim.leaseReadsServed();
        }
        System.out.printf("reconfiguration with lease reads (rho=%.2f): %d seeds, 0 violations, %d configuration changes chosen, %d reads served under a lease%n",
                rho, seeds, changes, reads);
        assertTrue(changes > seeds / 2 && reads > seeds, "membership changed and leases served reads");
    }
}
