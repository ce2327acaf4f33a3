package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.ContractContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lease reads under faults: clients send every GET as a lease read, clocks drift within the stated bound
 * ρ (and do not jump: the lease assumes bounded drift), and every run must keep LeaseSafety (no other
 * leader while a lease is held) and produce linearizable histories.
 */
class LeaseReadsTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.3})
    void leaseReadsStayLinearizableUnderBoundedDrift(double rho) {
        int seeds = Tier.seeds(1_000, 10_000);
        SimConfig config = SimConfig.defaults().withLeaseReads(rho);
        long served = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            Simulation sim = new Simulation(seed, config, FaultSchedule.random(seed, config.replicas(), config.faultsEnd()).forLeaseReads(rho));
            SimResult r = ContractContext.with("simulator seed " + seed + ", lease reads, rho " + rho, sim::run);
            assertTrue(r.ok(), r::report);
            served += sim.leaseReadsServed();
        }
        System.out.printf("lease reads (rho=%.2f): %d seeds, 0 violations, %d reads served under a lease%n", rho, seeds, served);
        assertTrue(served > seeds * 10L, "the lease path is exercised: " + served + " reads");
    }
}
