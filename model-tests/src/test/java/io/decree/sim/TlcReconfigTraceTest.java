package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.decree.contracts.ContractContext;
import io.decree.contracts.ContractsSuspended;
import io.decree.contracts.ExpectedViolations;
import io.decree.engine.protocol.Mutant;
import io.decree.spec.Config;
import io.decree.spec.Model;
import io.decree.spec.MultiPaxosReconfigSpec;
import io.decree.spec.Replay;
import io.decree.spec.Step;
import io.decree.spec.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Engine runs with membership changes and snapshot installs, checked by TLC through
 * {@code specs-tla/TraceMultiPaxosReconfig.tla} (written by {@link TlaTrace#writeReconfig}): TLC accepts a real run,
 * and stops at the step the Java mirror refuses on a broken copy of it and on the engine mutant
 * RECONFIG_WITHOUT_WINDOW. Runs only where {@code TLA2TOOLS_JAR} is set; elsewhere it is reported as skipped.
 *
 * <p>The config is {@link ReconfigurationSeedsTest#CONFIG} (3 replicas, 2 spares, snapshots every 16 slots,
 * random faults and 1 to 4 changes), with seeds chosen by search, first match, so the choice follows the engine.
 */
class TlcReconfigTraceTest {
    private static final SimConfig CONFIG = ReconfigurationSeedsTest.CONFIG;
    private static final int SEEDS = 500;

    private static Replay mirror(SimConfig config) {
        return new Replay(new MultiPaxosReconfigSpec(
                Model.replayReconfig(config.totalReplicas(), config.options().window(), Config.all(config.replicas()))));
    }

    private static Path write(List<Step> steps, SimConfig config, String name) {
        Path dir = Path.of("target", "tla-trace", name);
        TlaTrace.writeReconfig(steps, config.totalReplicas(), config.options().window(), Config.all(config.replicas()), dir, "MCTrace");
        return dir;
    }

    /** A legal run: its seed, its steps, and how many changes were chosen and snapshots installed. */
    private record Run(long seed, List<Step> steps, long changes, long installs) {}

    /** The first seed whose run chose at least one configuration change and installed at least one snapshot. */
    private static Run firstRunWithChangesAndInstalls() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            TraceValidator validator = TraceValidator.forRun(CONFIG);
            Simulation sim = new Simulation(seed, CONFIG, ReconfigurationSeedsTest.schedule(seed), validator, false);
            SimResult r = ContractContext.with("reconfiguration seed " + seed + ", TLC trace", sim::run);
            assertTrue(r.ok(), r::report);
            if (sim.configChangesChosen() > 0 && sim.snapshotsInstalled() > 0) {
                return new Run(seed, validator.emitted(), sim.configChangesChosen(), sim.snapshotsInstalled());
            }
        }
        return null;
    }

    @Test
    void tlcAcceptsARunWithMembershipChangesAndSnapshotInstallsAndRejectsAForgedLearn() throws Exception {
        assumeTrue(TlcTraceValidationTest.tlcAvailable(), "TLC skipped: TLA2TOOLS_JAR not set");
        Run run = firstRunWithChangesAndInstalls();
        assertNotNull(run, "no run of " + SEEDS + " seeds both changed membership and installed a snapshot");
        List<Step> steps = run.steps();
        mirror(CONFIG).applyAll(steps);
        // The trace holds what it was picked for, at the spec level too.
        assertTrue(steps.stream().anyMatch(s -> s instanceof Step.Learn l && l.val() instanceof Value.ConfigChange), "a change is learned");
        assertTrue(steps.stream().anyMatch(s -> s instanceof Step.InstallSnapshot), "a snapshot is installed");

        long start = System.nanoTime();
        String ok = TlcTraceValidationTest.tlc(write(steps, CONFIG, "reconfig-seed" + run.seed()), "MCTrace");
        System.out.printf("TLC: reconfiguration seed %d (%d changes chosen, %d snapshots installed), %d steps accepted in %.1f s%n",
                run.seed(), run.changes(), run.installs(), steps.size(), (System.nanoTime() - start) / 1e9);
        TlcTraceValidationTest.assertAccepted(ok, steps.size());

        // Broken: the first Learn of a configuration change learns a different configuration, which nobody proposed.
        int k = 0;
        while (!(steps.get(k) instanceof Step.Learn l && l.val() instanceof Value.ConfigChange)) k++;
        Step.Learn real = (Step.Learn) steps.get(k);
        Config other = forgedConfig(((Value.ConfigChange) real.val()).config(), CONFIG);
        List<Step> forged = new ArrayList<>(steps);
        forged.set(k, new Step.Learn(real.r(), real.slot(), Value.configChange(other)));
        var refused = assertThrows(Replay.ReplayException.class, () -> mirror(CONFIG).applyAll(forged));
        assertEquals(k, refused.index(), refused.getMessage());
        String bad = TlcTraceValidationTest.tlc(write(forged, CONFIG, "reconfig-seed" + run.seed() + "-forged-learn"), "MCTrace");
        System.out.printf("TLC: forged Learn of %s (really %s) at step %d; mirror: %s%n", Value.configChange(other), real.val(), k + 1, refused.reason());
        TlcTraceValidationTest.assertStopsAt(bad, k + 1);
    }

    /** A configuration of the run's replicas other than {@code real}: the initial one, or all of them if that is it. */
    private static Config forgedConfig(Config real, SimConfig config) {
        Config initial = Config.all(config.replicas());
        return real.equals(initial) ? Config.all(config.totalReplicas()) : initial;
    }

    @Test
    void tlcRejectsReconfigurationWithoutTheWindowAtTheStepTheMirrorRefuses() throws Exception {
        assumeTrue(TlcTraceValidationTest.tlcAvailable(), "TLC skipped: TLA2TOOLS_JAR not set");
        SimConfig config = CONFIG.withMutants(Set.of(Mutant.RECONFIG_WITHOUT_WINDOW));
        long seed = 0;
        List<Step> emitted = null;
        String reason = null;
        long legal = 0;
        try (var expected = ExpectedViolations.onThisThread("TLC trace of mutant RECONFIG_WITHOUT_WINDOW");
             var suspended = ContractsSuspended.onThisThread("the trace must reach the illegal step")) {
            while (emitted == null && ++seed <= SEEDS) {
                TraceValidator validator = TraceValidator.forRun(config);
                Simulation sim = new Simulation(seed, config, ReconfigurationSeedsTest.schedule(seed), validator, false).withoutSafetyInvariants();
                SimResult r = ContractContext.with("reconfiguration seed " + seed + ", mutant, TLC trace", sim::run);
                if (!r.ok() && r.violation().invariant().equals("TraceValidation")) {
                    emitted = validator.emitted();
                    legal = validator.steps();
                    reason = r.violation().getMessage().lines().findFirst().orElseThrow();
                }
            }
        }
        assertNotNull(emitted, "RECONFIG_WITHOUT_WINDOW was not caught by trace validation in " + SEEDS + " seeds");
        assertTrue(reason.contains("is not a legal spec step") && reason.contains("InWindow(r, s)"), reason);
        assertEquals(legal + 1, emitted.size(), "the refused step is the last one emitted");
        assertTrue(emitted.getLast() instanceof Step.Phase2a, "a 2a beyond the window: " + emitted.getLast());

        String bad = TlcTraceValidationTest.tlc(write(emitted, config, "mutant-reconfig-without-window"), "MCTrace");
        System.out.printf("TLC: RECONFIG_WITHOUT_WINDOW seed %d, %d steps, must stop at the last; mirror: %s%n", seed, emitted.size(), reason);
        TlcTraceValidationTest.assertStopsAt(bad, emitted.size());
    }
}
