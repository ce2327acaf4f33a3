package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A run is a pure function of its seed: the same seed gives the identical event trace. */
class DeterminismTest {

    private static SimResult run(long seed) {
        SimConfig config = SimConfig.defaults();
        return new Simulation(seed, config, FaultSchedule.random(seed, config.replicas(), config.faultsEnd()), null, true).run();
    }

    @Test
    void sameSeedGivesTheIdenticalEventTrace() {
        for (long seed : new long[] {7, 42, 1234}) {
            SimResult a = run(seed), b = run(seed);
            assertTrue(a.traceTail().size() > 1000, "a run long enough to mean something");
            assertEquals(a.traceTail(), b.traceTail(), "event traces of seed " + seed);
            assertEquals(a.traceDigest(), b.traceDigest());
            assertEquals(a.history(), b.history());
        }
    }

    @Test
    void differentSeedsGiveDifferentTraces() {
        assertNotEquals(run(1).traceDigest(), run(2).traceDigest());
    }
}
