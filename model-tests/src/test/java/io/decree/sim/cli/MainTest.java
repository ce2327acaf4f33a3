package io.decree.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The main job's command line: a run's summary, and clear errors for bad arguments. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void simulatePrintsCommittedThroughputAndInvariants() {
        assertEquals(0, run("simulate", "--seeds", "3", "--replicas", "3", "--faults", "default"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("3 runs, 0 violations"), text);
        assertTrue(text.contains("ops/s simulated"), text);
        assertTrue(text.contains("Agreement, Validity"), text);
    }

    @Test
    void theSummarySaysHowHardTheRunsWereTried() {
        assertEquals(0, run("simulate", "--seeds", "3"));
        String text = out.toString(StandardCharsets.UTF_8);
        var faults = java.util.regex.Pattern.compile("faults applied: (\\d+)").matcher(text);
        assertTrue(faults.find(), text);
        assertTrue(Long.parseLong(faults.group(1)) > 0, "the default schedules apply faults: " + text);
        out.reset();
        assertEquals(0, run("simulate", "--seeds", "2", "--faults", "none"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("faults applied: 0"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryOption() {
        assertEquals(0, run("simulate", "--help"));
        String text = out.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--seeds", "--seed", "--replicas", "--clients", "--ops", "--faults", "--spares", "--reconfigure", "--snapshots", "--trace"})
            assertTrue(text.contains(option), option + " in " + text);
    }

    @Test
    void shardsRunDisjointSeedsThatCoverTheSweep() {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (String shard : new String[] {"1/2", "2/2"}) {
            out.reset();
            assertEquals(0, run("simulate", "--seeds", "5", "--shard", shard));
            String text = out.toString(StandardCharsets.UTF_8);
            var ran = java.util.regex.Pattern.compile("(?m)^seed (\\d+): ok").matcher(text);
            while (ran.find()) assertTrue(seen.add(ran.group(1)), "seed " + ran.group(1) + " ran in two shards");
        }
        assertEquals(java.util.Set.of("1", "2", "3", "4", "5"), seen);
        err.reset();
        assertEquals(2, run("simulate", "--shard", "3/2"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--shard takes i/n with 1 <= i <= n (for example 2/4), got '3/2'"));
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals(2, run("simulate", "--replicas", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--replicas must be at least 1, got 0"));
        err.reset();
        assertEquals(2, run("simulate", "--faults", "lots"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--faults takes 'none', 'default', 'storage' or 'swarm', got 'lots'"));
        err.reset();
        assertEquals(2, run("simulate", "--seeds"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Missing required parameter for option '--seeds'"));
        err.reset();
        assertEquals(2, run("simulate", "--bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option: '--bogus'"));
        err.reset();
        assertEquals(2, run("simulate", "--seeds", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Invalid value for option '--seeds': 'x' is not a long"));
        err.reset();
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("expected the command 'simulate'"));
    }
}
