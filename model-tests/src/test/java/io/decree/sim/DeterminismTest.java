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
    void faultLinesCarryTheirTimeOnce() {
        SimResult result = run(42);
        long faults = result.traceTail().stream().filter(l -> l.matches("t=\\d+ (CRASH|RESTART|ISOLATE|PARTITION|HEAL|CLOCK_JUMP|STOP).*")).count();
        assertTrue(faults > 0, "seed 42's schedule has faults to print");
        assertTrue(result.traceTail().stream().noneMatch(l -> l.matches("t=\\d+ t=.*")), "a line with its time twice");
    }

    @Test
    void differentSeedsGiveDifferentTraces() {
        assertNotEquals(run(1).traceDigest(), run(2).traceDigest());
    }
}
