package io.decree.server.cli;

import io.decree.engine.protocol.Mutant;
import io.decree.engine.protocol.Mutants;
import io.decree.server.verify.Depth;
import io.decree.server.verify.ReportWriter;
import io.decree.server.verify.Replayer;
import io.decree.server.verify.Shard;
import io.decree.server.verify.UserMachineStage;
import io.decree.server.verify.Verifier;
import io.decree.server.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code decree verify}: the whole kit in one command, in-process, at a chosen depth (docs/verify.md). Exit
 * status 0 when nothing was found, 1 on any finding (the reports say which), 2 on a usage error.
 */
@Command(name = "verify", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = "Run the verification kit: spec model checking, simulator seeds with trace validation, reconfiguration and "
                + "storage-fault sweeps, the contract gate, linearizability of every history, the mutant zoo, coverage. "
                + "Writes verify.json, junit.xml, verify.sarif and verify.html (the audit report) into --out; exit 1 on any finding.")
public final class VerifyCommand implements Callable<Integer> {
    static final class DepthChoice {
        @Option(names = "--quick", description = "minutes: every stage, small budgets (the default)") boolean quick;
        @Option(names = "--standard", description = "ten times the seeds, larger spec models") boolean standard;
        @Option(names = "--deep", description = "long-tier spec models, thousands of seeds per sweep") boolean deep;

        Depth depth() { return deep ? Depth.DEEP : standard ? Depth.STANDARD : Depth.QUICK; }
    }

    @ArgGroup(exclusive = true) DepthChoice choice;

    @Option(names = "--out", paramLabel = "DIR", description = "where the reports go (default ${DEFAULT-VALUE})")
    Path out = Path.of("target", "verify");

    @Option(names = "--shard", paramLabel = "i/n", description = "run shard i of n: seeds s with (s-1) mod n = i-1, every n-th model and mutant; merge with merge-reports")
    String shard = "1/1";

    @Option(names = "--mutant", paramLabel = "NAME", description = "plant a built-in protocol mutant in every simulated run: verify must fail and show its counterexample")
    String mutant;

    @Option(names = "--replay", paramLabel = "SHAPE:SEED", description = "replay one simulated run of a finding (its replay command), printing every event")
    String replay;

    @Option(names = "--contracts", description = "require the engine's JML contracts checked on every call (the default under ./decree, "
            + "which puts the contract-checked engine it builds with the distribution first): refuse to run on the production engine")
    boolean contracts;

    @Option(names = "--no-contracts", description = "run on the production engine: ./decree leaves the contract-checked engine off the "
            + "class path, and the contract stage and clause coverage are reported as skipped")
    boolean noContracts;

    @Option(names = "--state-machine", paramLabel = "CLASS", description = "bring your own state machine: CLASS implements the test kit's "
            + "io.decree.testkit.StateMachineContract; runs the depth's seeds of it replicated in the Paxos simulator under faults, with "
            + "snapshots, its invariant, and linearizability against its model (instead of the kit's own stages)")
    String stateMachine;

    @Option(names = "--classpath", paramLabel = "PATHS", description = "where CLASS and its state machine are (directories or jars, "
            + "separated by the platform's path separator)")
    String classpath;

    @Option(names = "--specs", paramLabel = "DIR", description = "the TLA+ specs (default: specs-tla/ found from the working directory upwards)")
    Path specs;

    @Override public Integer call() throws IOException {
        Shard split = Shard.parse(shard);
        Mutant planted = mutant == null ? null : parseMutant(mutant);
        if (!"allowed".equals(System.getProperty(Mutants.ALLOW_PROPERTY)))
            throw new Main.UserError("verify switches protocol mutants on in its own runs: start it as ./decree verify, which runs it with -D"
                    + Mutants.ALLOW_PROPERTY + "=allowed (a replica never does)");
        if (contracts && !io.decree.server.verify.ContractStage.engineInstrumented())
            throw new Main.UserError("--contracts: the engine on the class path is the production build, without JML checks; "
                    + "./decree verify puts the contract-checked engine (built with the distribution) first");
        if (noContracts && io.decree.server.verify.ContractStage.engineInstrumented())
            throw new Main.UserError("--no-contracts: the engine on the class path is the contract-checked one; ./decree verify --no-contracts "
                    + "leaves it off the class path");
        if (contracts && noContracts) throw new Main.UserError("--contracts and --no-contracts contradict each other");
        if (replay != null) return Replayer.replay(replay, planted, System.out);
        if (stateMachine != null) return userStateMachine(split);
        if (classpath != null) throw new Main.UserError("--classpath is for --state-machine CLASS");
        Path specDir = specs != null ? specs : findSpecs();
        if (!Files.isRegularFile(specDir.resolve("MultiPaxos.tla"))) throw new Main.UserError("--specs " + specDir + ": no MultiPaxos.tla there");
        Depth depth = choice == null ? Depth.QUICK : choice.depth();
        VerifyReport report = new Verifier(new Verifier.Options(depth, split, planted, specDir), System.out).run();
        return finish(report);
    }

    /** {@code --state-machine}: the user's state machine in the simulator, reported like any verify run. */
    private int userStateMachine(Shard split) throws IOException {
        Depth depth = choice == null ? Depth.QUICK : choice.depth();
        List<Path> paths = new ArrayList<>();
        if (classpath != null) for (String p : classpath.split(java.io.File.pathSeparator)) if (!p.isBlank()) paths.add(Path.of(p));
        io.decree.testkit.StateMachineContract<?> contract;
        try {
            contract = UserMachineStage.load(stateMachine, paths);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(e.getMessage());
        }
        System.out.println("verify: " + depth.label() + ", shard " + split + ", state machine " + stateMachine);
        long start = System.nanoTime();
        List<VerifyReport.Finding> findings = new ArrayList<>();
        List<VerifyReport.Stage> stages = UserMachineStage.run(contract, stateMachine, depth.userSeeds(), split, System.out, findings);
        VerifyReport report = new VerifyReport(depth.label(), List.of(split.toString()), null, (System.nanoTime() - start) / 1_000_000,
                stages, findings, List.of(), VerifyReport.Coverage.empty());
        return finish(report);
    }

    private int finish(VerifyReport report) throws IOException {
        Path html = ReportWriter.writeAll(report, out);
        System.out.printf("verify: %s, %d finding(s); reports in %s (verify.html, verify.json, junit.xml, verify.sarif)%n",
                report.passed() ? "PASS" : "FAIL", report.findings().size(), out.toAbsolutePath());
        report.findings().stream().limit(10).forEach(f -> System.out.println("  " + f.stage() + ": " + f.rule()
                + (f.seed() != 0 ? " at seed " + f.seed() : "") + (f.replay().isEmpty() ? "" : " (replay: " + f.replay() + ")")));
        System.out.println("open " + html.toAbsolutePath().toUri());
        return report.passed() ? 0 : 1;
    }

    static Mutant parseMutant(String name) {
        try {
            return Mutant.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new Main.UserError("--mutant: no built-in mutant '" + name + "'; the mutants are " + Arrays.toString(Mutant.values()));
        }
    }

    /** specs-tla/ above the working directory, else in the checkout the distribution was built in. */
    static Path findSpecs() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isRegularFile(p.resolve("specs-tla/MultiPaxos.tla"))) return p.resolve("specs-tla");
        try {
            Path jar = Path.of(VerifyCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar; p != null; p = p.getParent())
                if (Files.isRegularFile(p.resolve("specs-tla/MultiPaxos.tla"))) return p.resolve("specs-tla");
        } catch (java.net.URISyntaxException | RuntimeException ignored) {
            // fall through to the error below
        }
        throw new Main.UserError("specs-tla/ not found above " + Path.of("").toAbsolutePath() + " nor above the distribution: pass --specs DIR");
    }
}
