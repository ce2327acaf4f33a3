package io.decree.server.verify;

import io.decree.engine.protocol.Mutant;
import io.decree.server.verify.VerifyReport.Finding;
import io.decree.sim.FaultSchedule;
import io.decree.sim.Shrinker;
import io.decree.sim.SimConfig;
import io.decree.sim.SimResult;
import io.decree.sim.Simulation;
import io.decree.sim.TraceValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep of simulated runs of some shapes, every step validated against the spec's mirror (trace
 * validation), every safety invariant checked after every step, liveness once faults end, and every
 * client history checked for linearizability ({@link Simulation#run()} does the last). Each failing seed
 * is a finding; the first of the sweep is shrunk and replayed with its full trace for the report.
 */
final class SimSweep {
    private final Set<Mutant> planted;
    private final Shard shard;
    final CoverageTally coverage = new CoverageTally();
    final List<Finding> findings = new ArrayList<>();
    final Map<String, Long> counts = new LinkedHashMap<>();

    SimSweep(Set<Mutant> planted, Shard shard) {
        this.planted = planted;
        this.shard = shard;
        for (String k : List.of("seeds", "steps", "validated spec steps", "client ops", "ops committed", "histories checked", "faults applied", "membership changes", "snapshots installed"))
            counts.put(k, 0L);
    }

    /** Runs seeds 1..{@code seeds} of {@code shape} that this shard owns. */
    void run(Shape shape, int seeds, Progress progress) {
        SimConfig config = shape.config(planted);
        for (long seed = 1; seed <= seeds; seed++) {
            if (!shard.ownsSeed(seed)) continue;
            TraceValidator validator = TraceValidator.forRun(config);
            Simulation sim = new Simulation(seed, config, shape.schedule(seed, config), validator, false);
            SimResult r = sim.run();
            add("seeds", 1);
            add("steps", r.steps());
            add("validated spec steps", validator.steps());
            add("client ops", r.history().size());
            add("ops committed", r.committedOps());
            if (!r.history().isEmpty()) add("histories checked", 1);
            add("faults applied", sim.faultsApplied());
            add("membership changes", sim.configChangesChosen());
            add("snapshots installed", sim.snapshotsInstalled());
            if (r.ok()) coverage.add(validator.emitted(), config.totalReplicas());
            else findings.add(finding(shape, config, r, findings.isEmpty()));
            progress.tick(counts.get("seeds") + " seeds (" + shape.label() + " " + seed + "/" + seeds + "), " + findings.size() + " findings");
        }
    }

    private void add(String key, long n) { counts.merge(key, n, Long::sum); }

    /** A finding for a failing run; {@code shrink}: shrink its schedule and keep the replay's full trace. */
    Finding finding(Shape shape, SimConfig config, SimResult failed, boolean shrink) {
        String invariant = failed.violation().invariant();
        long seed = failed.seed();
        FaultSchedule schedule = failed.schedule();
        SimResult shown = failed;
        if (shrink) {
            Shrinker shrinker = new Shrinker(s -> new Simulation(seed, config, s, TraceValidator.forRun(config), false).run(), invariant);
            FaultSchedule shrunk = shrinker.shrink(schedule);
            SimResult replay = new Simulation(seed, config, shrunk, TraceValidator.forRun(config), true).run();
            if (!replay.ok() && replay.violation().invariant().equals(invariant)) {
                schedule = shrunk;
                shown = replay;
            }
        }
        Finding f = findingOf("simulation", shape, planted, failed, schedule, shown, shrink && shown != failed);
        // Only the sweep's first finding carries its events (and so a diagram): the others replay from their seed.
        return shrink ? f : new Finding(f.stage(), f.rule(), f.message(), f.shape(), f.seed(), f.schedule(), false, f.replay(), List.of());
    }

    /** A mutant hunt's counterexample: replayed with the {@code simulate} command that reruns its seed in its shape. */
    static Finding mutantFinding(String stage, Mutant mutant, String shape, SimResult failed, FaultSchedule schedule, SimResult shown, boolean shrunk) {
        return new Finding(stage, failed.violation().invariant(), failed.violation().getMessage(), shape, failed.seed(),
                schedule.toString(), shrunk, io.decree.sim.MutantShapes.replayCommand(mutant, failed.seed()), List.copyOf(shown.traceTail()));
    }

    static Finding findingOf(String stage, Shape shape, Set<Mutant> planted, SimResult failed, FaultSchedule schedule, SimResult shown, boolean shrunk) {
        String replay = "./decree verify --replay " + shape.label() + ":" + failed.seed()
                + (planted.isEmpty() ? "" : " --mutant " + planted.iterator().next());
        return new Finding(stage, failed.violation().invariant(), failed.violation().getMessage(), shape.label(), failed.seed(),
                schedule.toString(), shrunk, replay, List.copyOf(shown.traceTail()));
    }
}
