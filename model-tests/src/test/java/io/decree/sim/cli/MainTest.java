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
    void badArgumentsAreNamed() {
        assertEquals(2, run("simulate", "--replicas", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--replicas must be at least 1, got 0"));
        err.reset();
        assertEquals(2, run("simulate", "--faults", "lots"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--faults takes 'none' or 'default', got 'lots'"));
        err.reset();
        assertEquals(2, run("simulate", "--seeds"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--seeds needs a value"));
        err.reset();
        assertEquals(2, run("simulate", "--bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--bogus'"));
        err.reset();
        assertEquals(2, run("simulate", "--seeds", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a number"));
        err.reset();
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("expected the command 'simulate'"));
    }
}
