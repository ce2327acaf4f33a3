package io.decree.server.verify;

import io.decree.server.verify.VerifyReport.Finding;
import io.decree.server.verify.VerifyReport.Stage;
import io.decree.server.verify.VerifyReport.Status;
import io.decree.sim.SimResult;
import io.decree.testkit.SimulatorCheck;
import io.decree.testkit.StateMachineContract;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code decree verify --state-machine CLASS --classpath ...}: bring your own state machine. CLASS is the
 * {@link StateMachineContract} a user already writes for JUnit (its state machine, commands, model, invariant);
 * verify loads it from the given class path and runs the depth's seeds of {@link SimulatorCheck}: the user's state
 * machine replicated by the engine inside the Paxos simulator under faults, with snapshots installed by lagging
 * replicas, every protocol invariant, equal digests at every applied slot, the user's invariant on every replica
 * after every step, liveness, and the clients' history against the user's model. Over the whole sweep at least
 * one snapshot must have been installed, else the snapshot/restore equivalence went unexercised: a finding.
 */
public final class UserMachineStage {
    private UserMachineStage() {}

    /** Loads CLASS from {@code classpath} (plus verify's own class path) and instantiates it. */
    public static StateMachineContract<?> load(String className, List<Path> classpath) {
        List<URL> urls = new ArrayList<>();
        for (Path p : classpath) {
            if (!Files.exists(p)) throw new IllegalArgumentException("--classpath: " + p + " does not exist");
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--classpath: " + p + ": " + e.getMessage());
            }
        }
        @SuppressWarnings("resource") // lives as long as verify: the contract's classes are used to the end
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), UserMachineStage.class.getClassLoader());
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("--state-machine: class " + className + " not found on --classpath " + classpath + " (" + e + ")");
        }
        if (!StateMachineContract.class.isAssignableFrom(type))
            throw new IllegalArgumentException("--state-machine: " + className + " does not implement " + StateMachineContract.class.getName()
                    + " (the test kit's interface: your state machine, its commands, model and invariant)");
        try {
            Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true); // a JUnit test class is often package-private
            return (StateMachineContract<?>) c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("--state-machine: cannot create " + className + " with its no-argument constructor: " + e);
        }
    }

    /** Runs this shard's seeds 1..{@code seeds}; returns the stages and adds findings. */
    public static List<Stage> run(StateMachineContract<?> contract, String className, int seeds, Shard shard, PrintStream out,
                                  List<Finding> findings) {
        Progress p = new Progress(out, 1, 2, "state-machine", className + " in the Paxos simulator under faults, snapshots every 8 slots");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String k : List.of("seeds", "steps", "client ops", "ops committed", "faults applied", "snapshots installed")) counts.put(k, 0L);
        int failed = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            if (!shard.ownsSeed(seed)) continue;
            SimulatorCheck.Run run = SimulatorCheck.run(contract, seed);
            SimResult r = run.result();
            counts.merge("seeds", 1L, Long::sum);
            counts.merge("steps", r.steps(), Long::sum);
            counts.merge("client ops", (long) r.history().size(), Long::sum);
            counts.merge("ops committed", (long) r.committedOps(), Long::sum);
            counts.merge("faults applied", run.faultsApplied(), Long::sum);
            counts.merge("snapshots installed", run.snapshotsInstalled(), Long::sum);
            if (!r.ok()) {
                failed++;
                findings.add(new Finding("state-machine", r.violation().invariant(), r.violation().getMessage(), "state machine " + className, seed,
                        r.schedule().toString(), false, "-Ddecree.seed=" + seed + " on the JUnit test class " + className
                        + " (its Paxos simulator check replays this run)", failed == 1 ? List.copyOf(r.traceTail()) : List.of()));
            }
            p.tick(counts.get("seeds") + " seeds (" + seed + "/" + seeds + "), " + failed + " failing");
        }
        Status status = failed > 0 ? Status.FAIL : Status.PASS;
        String detail = counts.get("seeds") + " seeds, " + counts.get("steps") + " steps, " + counts.get("client ops") + " ops, "
                + counts.get("faults applied") + " faults, " + counts.get("snapshots installed") + " snapshots installed, " + failed + " failing";
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage("state-machine", status, detail, counts, p.done(status, detail)));

        Progress q = new Progress(out, 2, 2, "snapshot-restore", "snapshots installed by lagging replicas (the restore path exercised)");
        long snapshots = counts.get("snapshots installed");
        boolean exercised = snapshots > 0 || shard.count() > 1;
        if (!exercised)
            findings.add(new Finding("snapshot-restore", "SnapshotNeverInstalled", "no seed of the sweep installed a snapshot: the state machine's "
                    + "snapshot/restore equivalence went unexercised (run a deeper verify)", "", 0, "", false, "", List.of()));
        Status qs = shard.count() > 1 ? Status.SKIPPED : exercised ? Status.PASS : Status.FAIL;
        String qd = shard.count() > 1 ? snapshots + " snapshots in this shard; judged on the whole sweep"
                : snapshots + " snapshots installed, each compared by digest with the replicas that applied the log";
        stages.add(new Stage("snapshot-restore", qs, qd, Map.of("snapshots installed", snapshots), q.done(qs, qd)));
        return stages;
    }
}
