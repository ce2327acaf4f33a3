package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.decree.contracts.ContractsSuspended;
import io.decree.contracts.ExpectedViolations;
import io.decree.engine.protocol.Mutant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same engine traces the Java mirror validates, checked by TLC itself through
 * {@code specs-tla/TraceMultiPaxos.tla}. Runs only where {@code TLA2TOOLS_JAR} names a tla2tools.jar;
 * elsewhere it is reported as skipped. {@link TlaTraceTest} checks hand-written traces (snapshots, configuration
 * changes) the same way.
 */
class TlcTraceValidationTest {
    private static final Path SPECS = Path.of("..", "specs-tla");

    /** The spec modules a written trace model extends, copied beside it. */
    private static final List<String> MODULES =
            List.of("MultiPaxos.tla", "MultiPaxosReconfig.tla", "TraceMultiPaxos.tla", "TraceMultiPaxosReconfig.tla");

    /** Whether TLC can run here ({@code TLA2TOOLS_JAR} names a tla2tools.jar). */
    static boolean tlcAvailable() {
        String jar = System.getenv("TLA2TOOLS_JAR");
        return jar != null && !jar.isBlank();
    }

    /** Runs TLC on {@code dir/<model>.tla} (written by {@link TlaTrace}); returns its output, also kept in dir. */
    static String tlc(Path dir, String model) throws IOException, InterruptedException {
        String jar = System.getenv("TLA2TOOLS_JAR");
        for (String module : MODULES) {
            Files.copy(SPECS.resolve(module), dir.resolve(module), StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseParallelGC",
                "-cp", jar, "tlc2.TLC", "-workers", "1", "-noGenerateSpecTE", "-metadir", dir.resolve("states").toString(),
                "-config", model + ".cfg", model + ".tla")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "TLC finished");
        Files.writeString(dir.resolve(model + ".tlc.out"), out);
        return out;
    }

    private static String tlc(Path dir) throws IOException, InterruptedException {
        return tlc(dir, "MCTrace");
    }

    private static Path trace(long seed, Set<Mutant> mutants, String name) {
        SimConfig config = SimConfig.defaults().withMutants(mutants);
        TraceValidator validator = new TraceValidator(config.replicas(), config.options().window());
        Simulation sim = new Simulation(seed, config, FaultSchedule.random(seed, config.replicas(), config.faultsEnd()), validator, false);
        if (!mutants.isEmpty()) sim.withoutSafetyInvariants();
        SimResult r = sim.run();
        assertTrue(mutants.isEmpty() == r.ok(), r::report);
        Path dir = Path.of("target", "tla-trace", name);
        TlaTrace.write(validator.emitted(), config.replicas(), config.options().window(), dir, "MCTrace");
        return dir;
    }

    @Test
    void tlcAcceptsAnEngineTraceAndRejectsAMutantsAtTheSameStep() throws Exception {
        assumeTrue(tlcAvailable(), "TLC skipped: TLA2TOOLS_JAR not set");
        String ok = tlc(trace(3, Set.of(), "seed3"));
        assertTrue(ok.contains("Model checking completed. No error has been found."), ok);

        Path dir;
        try (var expected = ExpectedViolations.onThisThread("TLC trace of mutant VOTE_BELOW_PROMISE");
             var off = ContractsSuspended.onThisThread("the trace must reach the illegal step")) {
            dir = trace(1, Set.of(Mutant.VOTE_BELOW_PROMISE), "mutant-vote-below-promise");
        }
        String bad = tlc(dir);
        assertTrue(bad.contains("Deadlock reached"), bad);
        long steps = Files.readString(dir.resolve("MCTrace.tla")).lines().filter(l -> l.startsWith("    [action")).count();
        // The last recorded step is the one the Java mirror refused: TLC must get stuck right before it.
        assertTrue(bad.contains("/\\ i = " + steps), "TLC stops at step " + steps + ":\n" + bad.substring(Math.max(0, bad.length() - 2000)));
        assertEquals(-1, bad.indexOf("/\\ i = " + (steps + 1)));
    }
}
