package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.ContractContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many seeds, each a run with random faults (loss, duplication, reordering, isolation, crashes with lost
 * unsynced writes, clock jumps and drift), checked after every step; liveness once faults stop; the
 * clients' histories checked for linearizability at the end. CI runs
 * 10,000 seeds; {@code -Dtier=long} runs 100,000; {@code -Dseeds=N} any number.
 */
class SimulationSeedsTest {

    @Test
    void everySeedKeepsEveryInvariant() {
        int seeds = Tier.seeds(10_000, 100_000);
        SimConfig config = SimConfig.defaults();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime(), committed = 0, steps = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            Simulation sim = new Simulation(seed, config, FaultSchedule.random(seed, config.replicas(), config.faultsEnd()));
            SimResult r = ContractContext.with("simulator seed " + seed, sim::run); // a contract violation names its seed
            committed += r.committedOps();
            steps += r.steps();
            if (!r.ok()) {
                failures.add(r.report());
                if (failures.size() == 3) break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("simulator: %d seeds, %d violations, %d ops committed, %d steps, %.1f s wall%n", seeds, failures.size(), committed, steps, seconds);
        assertEquals(List.of(), failures, "violations:\n" + String.join("\n", failures));
        assertTrue(committed >= (long) seeds * config.clients() * config.opsPerClient(), "every request completes");
    }

    @Test
    void fiveReplicaClustersKeepEveryInvariant() {
        int seeds = Tier.seeds(100, 2_000);
        SimConfig config = SimConfig.defaults().withReplicas(5);
        for (long seed = 1; seed <= seeds; seed++) {
            Simulation sim = new Simulation(seed, config, FaultSchedule.random(seed, 5, config.faultsEnd()));
            SimResult r = ContractContext.with("simulator seed " + seed + ", 5 replicas", sim::run);
            assertTrue(r.ok(), r::report);
        }
    }
}
