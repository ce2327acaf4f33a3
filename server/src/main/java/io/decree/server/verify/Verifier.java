package io.decree.server.verify;

import io.decree.engine.protocol.Mutant;
import io.decree.server.verify.VerifyReport.Coverage;
import io.decree.server.verify.VerifyReport.Finding;
import io.decree.server.verify.VerifyReport.MutantRow;
import io.decree.server.verify.VerifyReport.Stage;
import io.decree.server.verify.VerifyReport.Status;
import io.decree.sim.Shrinker;
import io.decree.sim.SimResult;
import io.decree.sim.Simulation;
import io.decree.sim.SimConfig;
import io.decree.sim.TraceValidator;
import io.decree.sim.FaultSchedule;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the kit in-process, stage after stage, with a progress line per stage: spec model checking, the
 * simulator sweeps (default and lease-read seeds; reconfiguration; storage faults), the contract gate,
 * linearizability of every history, the mutant zoo, and the coverage checks. With a planted mutant every
 * simulated stage runs with it on, and a last stage hunts it with the zoo's budget, so the report shows
 * its counterexample.
 */
public final class Verifier {
    /** What to run. {@code planted}: the mutant of {@code --mutant}, or null. */
    public record Options(Depth depth, Shard shard, Mutant planted, Path specs) {}

    private final Options options;
    private final PrintStream out;
    private final List<Stage> stages = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private List<MutantRow> mutants = List.of();
    private final CoverageTally coverage = new CoverageTally();
    private int index;
    private final int total;

    public Verifier(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.total = options.planted() == null || options.shard().index() != 1 ? 8 : 9;
    }

    public VerifyReport run() {
        long start = System.nanoTime();
        Set<Mutant> planted = options.planted() == null ? Set.of() : EnumSet.of(options.planted());
        out.println("verify: " + options.depth().label() + ", shard " + options.shard() + (planted.isEmpty() ? "" : ", mutant " + options.planted() + " planted"));
        // The spec stage (the Java mirror's model checking) shares nothing with the simulated stages: it runs on a
        // thread of its own beside them, so on 2 cores --quick takes about the longer of the two, not their sum.
        // Its stage and findings are put first once it is joined, as if it had run first.
        Progress specProgress = progress("spec", "model checking every specs-tla model with the Java mirror"
                + (System.getenv("TLA2TOOLS_JAR") != null ? " and TLC" : "") + " (beside the simulated stages)");
        SpecStage specStage = new SpecStage();
        Stage[] specDone = new Stage[1];
        Throwable[] specFailure = new Throwable[1];
        Thread specThread = Thread.ofPlatform().name("verify-spec").daemon().start(() -> {
            try {
                specStage.run(options.specs(), options.depth(), options.shard(), specProgress);
                specDone[0] = specStage(specStage, specProgress);
            } catch (RuntimeException | Error e) {
                specFailure[0] = e;
            }
        });
        // Clause coverage counts over the simulated sweeps (2-4) only: the mutant zoo's runs break the engine on purpose.
        boolean counting = ContractStage.engineInstrumented() && ContractCoverage.start();
        SimSweep seeds = sweep("simulation", planted, "seeds with trace validation (default faults; lease reads)", (s, p) -> {
            s.run(Shape.DEFAULT, options.depth().defaultSeeds, p);
            s.run(Shape.LEASE_READS, options.depth().leaseSeeds, p);
        });
        SimSweep reconfig = sweep("reconfiguration", planted, "membership changes and snapshots, validated against MultiPaxosReconfig",
                (s, p) -> s.run(Shape.RECONFIGURATION, options.depth().reconfigSeeds, p));
        SimSweep storage = sweep("storage-faults", planted, "replicas on the file log: torn writes, flipped bytes",
                (s, p) -> s.run(Shape.STORAGE, options.depth().storageSeeds, p));
        List<String> requiredClauses = ContractCoverage.required();
        List<VerifyReport.ClauseRow> clauses = counting ? ContractCoverage.stop(requiredClauses) : List.of();
        contracts(clauses, seeds, reconfig, storage);
        linearizability(seeds, reconfig, storage);
        zoo();
        joinSpec(specThread, specStage, specDone, specFailure);
        if (options.planted() != null && options.shard().index() == 1) planted(options.planted());
        Coverage cov = new Coverage(new LinkedHashMap<>(coverage.actions), CoverageTally.required(options.depth().reconfigSeeds > 0),
                new LinkedHashMap<>(coverage.invariants), new ArrayList<>(clauses),
                counting ? "per woven clause, counted over the simulated sweeps (stages 2-4)"
                        : "not measured: " + ContractStage.skippedReason(), requiredClauses);
        coverageStage(cov);
        long wall = (System.nanoTime() - start) / 1_000_000;
        return new VerifyReport(options.depth().label(), List.of(options.shard().toString()), planted.isEmpty() ? null : options.planted().name(),
                wall, List.copyOf(stages), List.copyOf(findings), mutants, cov);
    }

    private Progress progress(String stage, String what) { return new Progress(out, ++index, total, stage, what); }

    /** The spec stage's record, made (and its last progress line printed) on its own thread when it ends. */
    private static Stage specStage(SpecStage s, Progress p) {
        Status status = s.findings.isEmpty() ? Status.PASS : Status.FAIL;
        String detail = s.counts.get("models checked") + " models, " + s.counts.get("distinct states") + " distinct states"
                + (s.notes.isEmpty() ? "" : "; " + String.join("; ", s.notes));
        return new Stage("spec", status, detail, s.counts, p.done(status, detail));
    }

    /** Waits for the spec thread (Thread.join: its writes are visible after) and puts its stage first. */
    private void joinSpec(Thread thread, SpecStage s, Stage[] done, Throwable[] failure) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the spec stage", e);
        }
        if (failure[0] instanceof RuntimeException e) throw e;
        if (failure[0] instanceof Error e) throw e;
        findings.addAll(0, s.findings);
        stages.add(0, done[0]);
    }

    private SimSweep sweep(String name, Set<Mutant> planted, String what, java.util.function.BiConsumer<SimSweep, Progress> body) {
        Progress p = progress(name, what);
        SimSweep s = new SimSweep(planted, options.shard());
        body.accept(s, p);
        findings.addAll(s.findings);
        coverage.addAll(s.coverage);
        Status status = s.findings.isEmpty() ? Status.PASS : Status.FAIL;
        String detail = s.counts.get("seeds") + " seeds, " + s.counts.get("steps") + " steps, " + s.counts.get("validated spec steps")
                + " spec steps validated, " + s.counts.get("client ops") + " ops, " + s.findings.size() + " findings";
        stages.add(new Stage(name, status, detail, s.counts, p.done(status, detail)));
        return s;
    }

    private void contracts(List<VerifyReport.ClauseRow> clauses, SimSweep... sweeps) {
        Progress p = progress("contracts", "the JML contract gate");
        long runs = 0;
        for (SimSweep s : sweeps) runs += s.counts.get("seeds");
        boolean on = ContractStage.engineInstrumented();
        long contractFindings = findings.stream().filter(f -> f.rule().equals("ContractViolation")).count();
        Status status = !on ? Status.SKIPPED : contractFindings > 0 ? Status.FAIL : Status.PASS;
        long evaluations = clauses.stream().mapToLong(VerifyReport.ClauseRow::evaluations).sum();
        String detail = on ? "contracts checked on every engine call of " + runs + " simulated runs (" + evaluations + " clause evaluations, "
                + clauses.stream().filter(c -> c.evaluations() > 0).count() + "/" + clauses.size() + " clauses); " + contractFindings + " violated"
                : ContractStage.skippedReason();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("runs with contracts checked", on ? runs : 0);
        counts.put("clause evaluations", evaluations);
        stages.add(new Stage("contracts", status, detail, counts, p.done(status, on ? detail : "skipped: production engine (see the report)")));
    }

    private void linearizability(SimSweep... sweeps) {
        Progress p = progress("linearizability", "every client history of every simulated run, against a key-value map");
        long histories = 0, ops = 0;
        for (SimSweep s : sweeps) {
            histories += s.counts.get("histories checked");
            ops += s.counts.get("client ops");
        }
        long bad = findings.stream().filter(f -> f.rule().equals("Linearizability")).count();
        Status status = bad > 0 ? Status.FAIL : histories > 0 ? Status.PASS : Status.SKIPPED;
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("histories checked", histories);
        counts.put("operations", ops);
        counts.put("non-linearizable", bad);
        String detail = histories + " histories (" + ops + " ops) checked during the sweeps, " + bad + " not linearizable";
        stages.add(new Stage("linearizability", status, detail, counts, p.done(status, detail)));
    }

    private void zoo() {
        Progress p = progress("mutants", Mutant.values().length + " built-in mutants, each switched on in turn, must be caught within "
                + options.depth().mutantBudget + " seeds");
        List<MutantZoo.Hunt> hunts = MutantZoo.huntAll(options.depth().mutantBudget, options.shard(), p);
        mutants = hunts.stream().map(MutantZoo.Hunt::row).toList();
        List<String> survivors = mutants.stream().filter(m -> !m.caught()).map(MutantRow::name).toList();
        for (String s : survivors)
            findings.add(new Finding("mutants", "MutantSurvived", "mutant " + s + " survived " + options.depth().mutantBudget
                    + " seeds: the kit no longer catches this protocol bug", "", 0, "", false,
                    "./decree verify --" + options.depth().label() + " (mutant " + s + ")", List.of()));
        Status status = survivors.isEmpty() ? Status.PASS : Status.FAIL;
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("mutants", (long) mutants.size());
        counts.put("caught", mutants.stream().filter(MutantRow::caught).count());
        counts.put("runs", mutants.stream().mapToLong(MutantRow::runs).sum());
        String detail = counts.get("caught") + "/" + mutants.size() + " caught" + (survivors.isEmpty() ? "" : "; survived: " + survivors);
        stages.add(new Stage("mutants", status, detail, counts, p.done(status, detail)));
    }

    /** The planted mutant, hunted with the zoo's budget: its counterexample is a finding, shrunk, with its full trace. */
    private void planted(Mutant m) {
        Progress p = progress("planted-mutant", m + " planted: hunting it with the zoo's budget");
        MutantZoo.Hunt h = MutantZoo.hunt(m, options.depth().mutantBudget);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("runs", h.row().runs());
        if (h.caught() == null) {
            String detail = m + " not caught in " + h.row().runs() + " seeds";
            stages.add(new Stage("planted-mutant", Status.PASS, detail, counts, p.done(Status.PASS, detail)));
            return;
        }
        SimResult failed = h.caught();
        String invariant = failed.violation().invariant();
        SimConfig config = h.config();
        Shrinker shrinker = new Shrinker(s -> new Simulation(failed.seed(), config, s, TraceValidator.forRun(config), false).run(), invariant);
        FaultSchedule shrunk = shrinker.shrink(failed.schedule());
        SimResult replay = new Simulation(failed.seed(), config, shrunk, TraceValidator.forRun(config), true).run();
        boolean same = !replay.ok() && replay.violation().invariant().equals(invariant);
        findings.add(SimSweep.mutantFinding("planted-mutant", m, h.shape(), failed, same ? shrunk : failed.schedule(), same ? replay : failed, same));
        counts.put("shrink runs", (long) shrinker.runs());
        String detail = m + " caught at seed " + failed.seed() + " by " + invariant + ", schedule shrunk from "
                + failed.schedule().events().size() + " to " + shrunk.events().size() + " fault events";
        stages.add(new Stage("planted-mutant", Status.FAIL, detail, counts, p.done(Status.FAIL, detail)));
    }

    private void coverageStage(Coverage c) {
        Progress p = progress("coverage", "spec actions seen by trace validation, invariants with something to compare");
        if (options.shard().count() > 1) {
            String detail = "one shard of " + options.shard().count() + ": decided on the merged coverage by merge-reports";
            stages.add(new Stage("coverage", Status.SKIPPED, detail, Map.of(), p.done(Status.SKIPPED, detail)));
            return;
        }
        CoverageCheck.Verdict v = CoverageCheck.evaluate(c);
        findings.addAll(v.findings());
        stages.add(new Stage("coverage", v.status(), v.detail(), v.counts(), p.done(v.status(), v.detail())));
    }
}
