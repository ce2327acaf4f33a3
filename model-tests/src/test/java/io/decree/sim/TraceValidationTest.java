package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.ContractContext;
import io.decree.contracts.ContractsSuspended;
import io.decree.contracts.ExpectedViolations;
import io.decree.engine.protocol.Mutant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Trace validation: every step of simulated engine runs under faults is replayed through the Java mirror
 * of the TLA+ spec, and must be a legal spec step. The engine's protocol mutants must each be caught by
 * trace validation alone (the simulator's own invariants off), at the first illegal step.
 */
class TraceValidationTest {

    private static SimResult run(long seed, SimConfig config, TraceValidator validator, boolean safetyOn) {
        Simulation sim = new Simulation(seed, config, FaultSchedule.random(seed, config.replicas(), config.faultsEnd()), validator, false);
        if (!safetyOn) sim.withoutSafetyInvariants();
        return ContractContext.with("simulator seed " + seed + ", traced", sim::run);
    }

    @Test
    void everyEngineStepIsALegalSpecStep() {
        int seeds = Tier.seeds(500, 5_000);
        SimConfig config = SimConfig.defaults();
        long steps = 0;
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= seeds && failures.size() < 3; seed++) {
            TraceValidator validator = new TraceValidator(config.replicas(), config.options().window());
            SimResult r = run(seed, config, validator, true);
            steps += validator.steps();
            if (!r.ok()) failures.add(r.report());
        }
        System.out.printf("trace validation: %d seeds, %d spec steps validated, %d violations%n", seeds, steps, failures.size());
        assertEquals(List.of(), failures);
        assertTrue(steps > seeds * 100L, "runs long enough to mean something: " + steps + " steps");
    }

    @ParameterizedTest
    @EnumSource(value = Mutant.class, names = {"NO_VALUE_ADOPTION", "VOTE_BELOW_PROMISE", "QUORUM_OF_HALF", "REPLY_BEFORE_PERSISTING_PROMISE"})
    void traceValidationAloneCatchesTheMutant(Mutant mutant) {
        SimConfig config = SimConfig.defaults().withMutants(Set.of(mutant));
        long start = System.nanoTime();
        SimResult caught = null;
        long steps = 0;
        // Contracts are suspended so that trace validation, not a JML clause, is what catches the mutant.
        try (var expected = ExpectedViolations.onThisThread("trace validation of mutant " + mutant);
             var suspended = ContractsSuspended.onThisThread("trace validation alone must catch " + mutant)) {
            for (long seed = 1; seed <= 500 && caught == null; seed++) {
                TraceValidator validator = new TraceValidator(config.replicas(), config.options().window());
                SimResult r = run(seed, config, validator, false);
                if (!r.ok() && r.violation().invariant().equals("TraceValidation")) {
                    caught = r;
                    steps = validator.steps();
                }
            }
        }
        assertNotNull(caught, mutant + " was not caught by trace validation in 500 seeds");
        String first = caught.violation().getMessage().lines().findFirst().orElseThrow();
        System.out.printf("%s caught by trace validation at seed %d after %d legal spec steps, %.2f s to catch:%n  %s%n",
                mutant, caught.seed(), steps, (System.nanoTime() - start) / 1e9, first);
        assertTrue(first.contains("is not a legal spec step"), first);
    }

    /**
     * The spec's RECONFIG_WITHOUT_WINDOW mutant, in the engine: the leader proposes beyond the window alpha,
     * in slots whose configuration it cannot know yet. Replayed through MultiPaxosReconfig.tla's mirror, the
     * first such 2a fails InWindow(r, s).
     */
    @Test
    void traceValidationAloneCatchesReconfigurationWithoutTheWindow() {
        SimConfig config = ReconfigurationSeedsTest.CONFIG.withMutants(Set.of(Mutant.RECONFIG_WITHOUT_WINDOW));
        long start = System.nanoTime();
        SimResult caught = null;
        long steps = 0;
        try (var expected = ExpectedViolations.onThisThread("trace validation of mutant RECONFIG_WITHOUT_WINDOW");
             var suspended = ContractsSuspended.onThisThread("trace validation alone must catch RECONFIG_WITHOUT_WINDOW")) {
            for (long seed = 1; seed <= 500 && caught == null; seed++) {
                TraceValidator validator = TraceValidator.forRun(config);
                Simulation sim = new Simulation(seed, config, ReconfigurationSeedsTest.schedule(seed), validator, false).withoutSafetyInvariants();
                SimResult r = ContractContext.with("reconfiguration seed " + seed + ", traced", sim::run);
                if (!r.ok() && r.violation().invariant().equals("TraceValidation")) {
                    caught = r;
                    steps = validator.steps();
                }
            }
        }
        assertNotNull(caught, "RECONFIG_WITHOUT_WINDOW was not caught by trace validation in 500 seeds");
        String first = caught.violation().getMessage().lines().findFirst().orElseThrow();
        System.out.printf("RECONFIG_WITHOUT_WINDOW caught by trace validation at seed %d after %d legal spec steps, %.2f s to catch:%n  %s%n",
                caught.seed(), steps, (System.nanoTime() - start) / 1e9, first);
        assertTrue(first.contains("is not a legal spec step") && first.contains("InWindow(r, s)"), first);
    }
}
