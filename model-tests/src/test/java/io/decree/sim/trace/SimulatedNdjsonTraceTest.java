package io.decree.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.ContractContext;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Decree;
import io.decree.engine.trace.LamportClock;
import io.decree.engine.trace.NdjsonSpecTrace;
import io.decree.engine.trace.SpecTrace;
import io.decree.sim.FaultSchedule;
import io.decree.sim.SimConfig;
import io.decree.sim.SimResult;
import io.decree.sim.Simulation;
import io.decree.sim.TraceValidator;
import io.decree.spec.Step;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's runs written as per-replica NDJSON files and read back: merged, they give exactly the
 * steps the in-memory validator saw, in the same order, and validate the same. The simulator runs one event
 * at a time, so one counter shared by all replicas is a Lamport clock (each step's global position): this
 * checks the writer, the reader, the value naming and the merge, not the clock rule (RealRunTraceTest does).
 */
class SimulatedNdjsonTraceTest {

    /** Each step to the in-memory validator and to its replica's file. */
    private record Both(TraceValidator validator, NdjsonSpecTrace[] files) implements SpecTrace {
        @Override public void phase1a(int r, long b) { validator.phase1a(r, b); files[r].phase1a(r, b); }
        @Override public void phase1b(int a, long b) { validator.phase1b(a, b); files[a].phase1b(a, b); }
        @Override public void phase2a(int r, long b, long s, Decree v) { validator.phase2a(r, b, s, v); files[r].phase2a(r, b, s, v); }
        @Override public void phase2b(int a, long b, long s, Decree v) { validator.phase2b(a, b, s, v); files[a].phase2b(a, b, s, v); }
        @Override public void learn(int r, long s, Decree v) { validator.learn(r, s, v); files[r].learn(r, s, v); }
        @Override public void installSnapshot(int r, int q, long k) { validator.installSnapshot(r, q, k); files[r].installSnapshot(r, q, k); }
        @Override public void crash(int r) { validator.crash(r); files[r].crash(r); }
        @Override public void restart(int r) { validator.restart(r); files[r].restart(r); }
    }

    @Test
    void simulatedRunsReadBackFromFilesValidateExactlyAsInMemory(@TempDir Path dir) {
        SimConfig config = SimConfig.defaults();
        long steps = 0, crashes = 0;
        for (long seed = 1; seed <= 4; seed++) {
            Path runDir = dir.resolve("seed-" + seed);
            LamportClock global = new LamportClock();
            NdjsonSpecTrace[] files = new NdjsonSpecTrace[config.replicas() + 1];
            for (int id = 1; id <= config.replicas(); id++) {
                runDir.toFile().mkdirs();
                files[id] = NdjsonSpecTrace.open(runDir.resolve("r" + id + ".ndjson"), id, global, config.options().window(), Configuration.ofSize(config.replicas()));
            }
            TraceValidator validator = new TraceValidator(config.replicas(), config.options().window());
            long s = seed;
            SimResult result = ContractContext.with("simulator seed " + seed + ", NDJSON traced", () -> new Simulation(s, config,
                    FaultSchedule.random(s, config.replicas(), config.faultsEnd()), new Both(validator, files), false).run());
            for (int id = 1; id <= config.replicas(); id++) files[id].close();
            assertTrue(result.ok(), result.report());

            TraceCheckResult check = TraceCheck.run(List.of(runDir));
            assertTrue(check.ok(), check.report());
            List<Step> read = TraceMerge.merge(TraceCheck.read(List.of(runDir))).events().stream().map(TraceEvent::step).toList();
            assertEquals(validator.emitted(), read, "seed " + seed + ": the files give the in-memory steps, in order");
            assertEquals(validator.steps(), check.steps());
            steps += check.steps();
            crashes += check.validated().getOrDefault("Crash", 0L);
        }
        System.out.printf("simulated runs via NDJSON: %d steps, %d crashes, identical to in-memory validation%n", steps, crashes);
        assertTrue(crashes > 0, "the schedules crash replicas, so crash and restart lines are read back too");
    }
}
