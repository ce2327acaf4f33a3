package io.decree.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The compare's plan without running anything: parsing {@code --sweep} and {@code --rates} (with clear errors),
 * resolving a percentage rate against the slowest saturation, when a target is restarted between open-loop
 * points, and the exit status rules (a peer's failure is reported, Decree's or a lost acknowledgement fails).
 */
class SweepPlanTest {
    @Test void theDefaultsAreTheDocumentedSweepAndRates() {
        LoadOptions o = LoadOptions.defaults();
        assertEquals(List.of(64, 256, 1024), o.sweep());
        assertEquals(List.of(new SweepPlan.Rate(50, false), new SweepPlan.Rate(200, false), new SweepPlan.Rate(500, false),
                new SweepPlan.Rate(80, true)), o.rates());
    }

    @Test void sweepAndRatesParseFromTheCommandLine() {
        LoadOptions o = LoadOptions.parse("--compare", "--sweep=8, 32", "--rates", "100,25%");
        assertEquals(List.of(8, 32), o.sweep());
        assertEquals(List.of(new SweepPlan.Rate(100, false), new SweepPlan.Rate(25, true)), o.rates());
        assertEquals("25%", o.rates().get(1).toString());
    }

    @Test void badSweepsAndRatesNameWhatIsWrong() {
        assertMessage("--sweep=64,x", "'x' is not a whole number");
        assertMessage("--sweep=0", "at least 1 connection");
        assertMessage("--sweep=64,64", "64 appears twice");
        assertMessage("--sweep=64,,256", "empty item");
        assertMessage("--rates=50,fast", "'fast' is neither");
        assertMessage("--rates=0", "at least 1");
        assertMessage("--rates=150%", "1% to 100%");
        assertMessage("--rates=80%,80%", "80% appears twice");
        assertMessage("--rates=%", "'%' is neither");
    }

    private static void assertMessage(String arg, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(arg), arg);
        assertTrue(e.getMessage().contains(expected), arg + ": " + e.getMessage());
    }

    @Test void aPercentageRateIsOfTheSlowestSaturation() {
        Comparison c = new Comparison();
        c.add(Results.closed("decree-tcp", 64, 1_664));
        c.add(Results.closed("decree-tcp", 256, 8_317));
        c.add(Results.closed("ratis", 64, 278));
        c.add(Results.closed("ratis", 1024, 850));
        c.fail(Comparison.Point.closed("aeron", 256), "sessions timed out connecting");
        c.add(Results.closed("aeron", 64, 900));
        assertEquals(8_317, c.saturation("decree-tcp").orElseThrow().opsPerSecond());
        OptionalDouble slowest = c.slowestSaturation(List.of("decree-tcp", "ratis", "aeron"));
        assertEquals(850, slowest.getAsDouble(), "the slowest target's best point, not its worst");
        assertEquals(680, new SweepPlan.Rate(80, true).resolve(slowest).getAsDouble());
        assertEquals(500, new SweepPlan.Rate(500, false).resolve(slowest).getAsDouble(), "ops/s are taken as they are");
        assertEquals(1, new SweepPlan.Rate(1, true).resolve(OptionalDouble.of(50)).getAsDouble(), "never below 1 ops/s");
        assertTrue(new SweepPlan.Rate(80, true).resolve(OptionalDouble.empty()).isEmpty(), "no saturation: nothing to take 80% of");
        assertEquals(500, new SweepPlan.Rate(500, false).resolve(OptionalDouble.empty()).getAsDouble());
    }

    @Test void aTargetWithoutAnAnsweredPointDoesNotSetTheSlowestSaturation() {
        Comparison c = new Comparison();
        c.add(Results.closed("decree-tcp", 64, 2_000));
        c.add(Results.closed("ratis", 64, 0));
        assertEquals(2_000, c.slowestSaturation(List.of("decree-tcp", "ratis")).getAsDouble());
        assertTrue(new Comparison().slowestSaturation(List.of("ratis")).isEmpty());
    }

    @Test void aTargetIsRestartedOnlyAfterAPointThatFellBehindOrHadErrors() {
        assertFalse(SweepPlan.restartAfter(null), "the first point runs on the fresh start");
        assertFalse(SweepPlan.restartAfter(Results.open("ratis", 200, 199.0, 0)), "kept up");
        assertFalse(SweepPlan.restartAfter(Results.open("ratis", 200, 180.0, 0)), "90% of the rate is keeping up");
        assertTrue(SweepPlan.restartAfter(Results.open("ratis", 500, 420.0, 0)), "fell behind: a backlog");
        assertTrue(SweepPlan.restartAfter(Results.open("ratis", 200, 200.0, 3)), "commands without an outcome");
    }

    @Test void aPeersFailureIsReportedNotAnExitStatus() {
        Comparison c = new Comparison();
        c.add(Results.closed("decree-tcp", 64, 1_000));
        c.fail(Comparison.Point.closed("aeron", 256), "sessions timed out connecting");
        c.skip(Comparison.Point.closed("aeron", 1024), "an earlier point of aeron failed");
        c.add(Results.failedCheck("ratis", List.of(), List.of("k: timed out"), 0));
        assertEquals(0, SweepPlan.exitStatus(c), "a peer's failed point, skipped point or unreadable key");
    }

    @Test void decreesOwnFailureExitsOne() {
        Comparison failedPoint = new Comparison();
        failedPoint.add(Results.closed("ratis", 64, 300));
        failedPoint.fail(Comparison.Point.closed("decree-tcp", 1024), "a connection's first put failed");
        assertEquals(1, SweepPlan.exitStatus(failedPoint));

        Comparison unreadable = new Comparison();
        unreadable.add(Results.failedCheck("decree-inproc", List.of(), List.of("k: not read back before the read-back deadline"), 0));
        assertEquals(1, SweepPlan.exitStatus(unreadable), "Decree's check is part of its run");

        Comparison stale = new Comparison();
        stale.add(Results.failedCheck("decree-tcp", List.of(), List.of(), 2));
        assertEquals(1, SweepPlan.exitStatus(stale));
    }

    @Test void aLostAcknowledgementExitsOneWhoeverLostIt() {
        Comparison c = new Comparison();
        c.add(Results.closed("decree-tcp", 64, 1_000));
        c.add(Results.failedCheck("ratis", List.of("k: acknowledged v1, read null"), List.of(), 0));
        assertEquals(1, SweepPlan.exitStatus(c));
    }
}
