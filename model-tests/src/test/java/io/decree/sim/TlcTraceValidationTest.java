package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.decree.contracts.ContractContext;
import io.decree.contracts.ContractsSuspended;
import io.decree.contracts.ExpectedViolations;
import io.decree.engine.protocol.Mutant;
import io.decree.spec.TlcRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The same engine traces the Java mirror validates, checked by TLC itself through
 * {@code specs-tla/TraceMultiPaxos.tla}. Runs only where {@code TLA2TOOLS_JAR} names a tla2tools.jar;
 * elsewhere it is reported as skipped. {@link TlcReconfigTraceTest} does the same for runs with membership
 * changes and snapshot installs; {@link TlaTraceTest} checks hand-written traces.
 */
class TlcTraceValidationTest {
    private static final Path SPECS = Path.of("..", "specs-tla");

    /** The spec modules a written trace model extends or instantiates (MultiPaxos instantiates Consensus), copied beside it. */
    private static final List<String> MODULES =
            List.of("Consensus.tla", "MultiPaxos.tla", "MultiPaxosReconfig.tla", "TraceMultiPaxos.tla", "TraceMultiPaxosReconfig.tla");

    /** Seeds searched for a run of a mutant that the Java trace validator rejects (as TraceValidationTest). */
    static final int MUTANT_SEEDS = 500;

    /** Whether TLC can run here ({@code TLA2TOOLS_JAR} names a tla2tools.jar). */
    static boolean tlcAvailable() {
        String jar = System.getenv("TLA2TOOLS_JAR");
        return jar != null && !jar.isBlank();
    }

    /** The CPU cap on one trace check: a trace model is one path, so TLC needs seconds; this only stops a hang. */
    private static final long TLC_CAP_CPU_SECONDS = 600;

    /**
     * Runs TLC on {@code dir/<model>.tla} (written by {@link TlaTrace}) through {@link TlcRun}, the one TLC
     * launcher (same options as the parity tests); returns its output, also kept in dir.
     */
    static String tlc(Path dir, String model) throws IOException, InterruptedException {
        String jar = TlcRun.jar();
        assertNotNull(jar, "TLA2TOOLS_JAR not set (callers check tlcAvailable first)");
        for (String module : MODULES) {
            Files.copy(SPECS.resolve(module), dir.resolve(module), StandardCopyOption.REPLACE_EXISTING);
        }
        TlcRun run = TlcRun.run(jar, dir, model, TLC_CAP_CPU_SECONDS);
        String out = run.run().output();
        Files.writeString(dir.resolve(model + ".tlc.out"), out);
        assertTrue(run.finished(), "TLC did not finish within " + TLC_CAP_CPU_SECONDS + " CPU-s: " + run);
        return out;
    }

    /** TLC's verdict that every step was legal and every invariant held in every state. */
    static void assertAccepted(String tlcOut, int steps) {
        assertTrue(tlcOut.contains("Model checking completed. No error has been found."), tlcOut);
        // One state per prefix of the trace: TLC really walked all of it (it is deterministic, so no more).
        assertTrue(tlcOut.contains(" " + (steps + 1) + " distinct states found"), "expected " + (steps + 1) + " distinct states:\n" + tlcOut);
    }

    /**
     * TLC deadlocks in the state whose next step, number {@code position} counted from 1, is not enabled: its
     * last state has {@code i = position} and no state has a larger i.
     */
    static void assertStopsAt(String tlcOut, long position) {
        assertTrue(tlcOut.contains("Deadlock reached"), tlcOut.substring(Math.max(0, tlcOut.length() - 3000)));
        assertTrue(tlcOut.contains("/\\ i = " + position + "\n"),
                "TLC stops before step " + position + ":\n" + tlcOut.substring(Math.max(0, tlcOut.length() - 3000)));
        assertEquals(-1, tlcOut.indexOf("/\\ i = " + (position + 1) + "\n"), "TLC went past step " + position);
    }

    /** A run the Java trace validator refused: its steps, the illegal one last, and the refusal. */
    record Refused(long seed, List<io.decree.spec.Step> emitted, long legalSteps, String reason) {}

    private static Path trace(List<io.decree.spec.Step> steps, SimConfig config, String name) {
        Path dir = Path.of("target", "tla-trace", name);
        TlaTrace.write(steps, config.replicas(), config.options().window(), dir, "MCTrace");
        return dir;
    }

    /**
     * The first seed (of {@link #MUTANT_SEEDS}) whose run of {@code mutant} the Java trace validator rejects,
     * with contracts suspended and the simulator's own invariants off, so that trace validation is what stops it.
     */
    private static Refused firstRefused(Mutant mutant) {
        SimConfig config = SimConfig.defaults().withMutants(Set.of(mutant));
        try (var expected = ExpectedViolations.onThisThread("TLC trace of mutant " + mutant);
             var off = ContractsSuspended.onThisThread("the trace must reach the illegal step")) {
            for (long seed = 1; seed <= MUTANT_SEEDS; seed++) {
                TraceValidator validator = TraceValidator.forRun(config);
                Simulation sim = new Simulation(seed, config, FaultSchedule.random(seed, config.replicas(), config.faultsEnd()), validator, false)
                        .withoutSafetyInvariants();
                SimResult r = ContractContext.with("simulator seed " + seed + ", mutant " + mutant + ", traced", sim::run);
                if (!r.ok() && r.violation().invariant().equals("TraceValidation")) {
                    return new Refused(seed, validator.emitted(), validator.steps(), r.violation().getMessage().lines().findFirst().orElseThrow());
                }
            }
        }
        return null;
    }

    @Test
    void tlcAcceptsAnEngineTraceAndRejectsAMutantsAtTheSameStep() throws Exception {
        assumeTrue(tlcAvailable(), "TLC skipped: TLA2TOOLS_JAR not set");
        SimConfig config = SimConfig.defaults();
        TraceValidator validator = TraceValidator.forRun(config);
        SimResult r = new Simulation(3, config, FaultSchedule.random(3, config.replicas(), config.faultsEnd()), validator, false).run();
        assertTrue(r.ok(), r::report);
        List<io.decree.spec.Step> steps = validator.emitted();
        assertEquals(validator.steps(), steps.size(), "the mirror accepted every step");
        long start = System.nanoTime();
        String ok = TlcTraceValidationTest.tlc(trace(steps, config, "seed3"), "MCTrace");
        System.out.printf("TLC: seed 3, %d steps accepted in %.1f s%n", steps.size(), (System.nanoTime() - start) / 1e9);
        assertAccepted(ok, steps.size());

        Refused refused = firstRefused(Mutant.VOTE_BELOW_PROMISE);
        assertNotNull(refused, "VOTE_BELOW_PROMISE was not caught by trace validation in " + MUTANT_SEEDS + " seeds");
        assertTrue(refused.reason().contains("is not a legal spec step"), refused.reason());
        // The emitted steps are the legal ones and then the one the mirror refused, last.
        assertEquals(refused.legalSteps() + 1, refused.emitted().size(), refused.reason());
        assertTrue(refused.reason().contains("engine step #" + refused.legalSteps() + " "), refused.reason());
        Path dir = trace(refused.emitted(), config, "mutant-vote-below-promise");
        String bad = tlc(dir, "MCTrace");
        System.out.printf("TLC: VOTE_BELOW_PROMISE seed %d, %d steps, must stop at the last; mirror: %s%n",
                refused.seed(), refused.emitted().size(), refused.reason());
        // The last recorded step is the one the Java mirror refused: TLC must get stuck right before it.
        assertStopsAt(bad, refused.emitted().size());
    }
}
