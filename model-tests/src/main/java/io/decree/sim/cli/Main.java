package io.decree.sim.cli;

import io.decree.sim.FaultSchedule;
import io.decree.sim.SimConfig;
import io.decree.sim.SimResult;
import io.decree.sim.Simulation;
import io.decree.sim.TraceValidator;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: {@code simulate} runs a simulated cluster with a key-value workload under faults, seed
 * after seed, checking every invariant after every step, and prints what was committed, what went wrong on
 * purpose (faults, membership changes, snapshots, storage damage found), throughput in simulated and wall
 * time, and any violation with the seed that replays it.
 */
@Command(name = "simulate", sortOptions = false, usageHelpAutoWidth = true,
        description = "A simulated cluster under faults, seed after seed, every invariant checked after every step.")
public final class Main implements Callable<Integer> {
    @Option(names = "--seeds", paramLabel = "N", description = "runs with seeds first..first+N-1 (default ${DEFAULT-VALUE})")
    long seeds = 20;
    @Option(names = "--seed", paramLabel = "S", description = "first seed (default ${DEFAULT-VALUE}); with --seeds 1 replays exactly that run")
    long first = 1;
    @Option(names = "--replicas", paramLabel = "N", description = "cluster size, 1..9 (default ${DEFAULT-VALUE})")
    int replicas = 3;
    @Option(names = "--clients", paramLabel = "N", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients = 3;
    @Option(names = "--ops", paramLabel = "N", description = "requests per client (default ${DEFAULT-VALUE})")
    int ops = 30;
    @Option(names = "--faults", paramLabel = "MODE", description = {
            "none | default (loss, duplication, reordering, partitions, crashes, clock skew)",
            "| storage (default, with replicas on the real file log: torn writes, flipped bytes)",
            "| swarm (each seed draws which fault kinds are on, the adversarial ones included, and how hard; printed per seed)"})
    String faults = "default";
    @Option(names = "--hold", paramLabel = "RATE", description = "chance a message between replicas is held back longer than an election timeout (across elections)")
    Double hold;
    @Option(names = "--replay", paramLabel = "RATE", description = "chance a 1b, 2a or 2b is delivered again much later: an old duplicate across elections")
    Double replay;
    @Option(names = "--hold-max", paramLabel = "MS", description = "longest hold-back or replay delay, ms (default 4 election timeouts)")
    Long holdMax;
    @Option(names = "--rude", paramLabel = "RATE", description = "chance per send that a client also resends an old (superseded) or duplicate request to any replica; every answer is checked")
    Double rude;
    @Option(names = "--drift-corners", description = "clocks run at the corners of the drift bound (fast +rho or slow -rho), not anywhere in it")
    boolean driftCorners;
    @Option(names = "--lease-reads", paramLabel = "RHO", description = "clients read under the leader's lease; clocks drift within RHO (no clock jumps: the lease model forbids them)")
    Double leaseReads;
    @Option(names = "--mutant", paramLabel = "NAME", description = "run with a deliberate protocol bug (tests only: the JVM must run with -Ddecree.mutants=allowed)")
    io.decree.engine.protocol.Mutant mutant;
    @Option(names = "--spares", paramLabel = "N", description = "replicas outside the initial configuration, for membership changes (default ${DEFAULT-VALUE})")
    int spares = 0;
    @Option(names = "--reconfigure", description = "random membership changes (add, remove, replace; needs --spares), validated step by step against the spec's reconfiguration module")
    boolean reconfigure;
    @Option(names = "--snapshots", paramLabel = "N", description = "checkpoint every N executed slots: log truncation, state transfer (default off)")
    long snapshots = 0;
    @Option(names = "--shard", paramLabel = "i/n", description = "run only the seeds s with (s-1) mod n = i-1: n machines split a sweep (default 1/1)")
    String shard = "1/1";
    private int shardIndex = 1, shardCount = 1;
    @Option(names = "--trace", description = "print every event of each run")
    boolean trace;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    private PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs {@code simulate [options]}; returns the exit status (0 no violation, 1 a violation, 2 a usage error). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !args[0].equals("simulate")) {
            err.print("decree: expected the command 'simulate'\n" + usage());
            return 2;
        }
        Main command = new Main();
        command.out = out;
        CommandLine cli = new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, a) -> {
                    err.print("decree: " + e.getMessage() + "\n" + usage());
                    return 2;
                });
        return cli.execute(Arrays.copyOfRange(args, 1, args.length));
    }

    /** The usage text, as {@code --help} prints it. */
    static String usage() {
        return new CommandLine(new Main()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @Override public Integer call() {
        try {
            validate();
        } catch (IllegalArgumentException e) {
            out.flush();
            System.err.flush();
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e);
        }
        return simulate();
    }

    private void validate() {
        atLeastOne("--seeds", seeds);
        atLeastOne("--replicas", replicas);
        atLeastOne("--clients", clients);
        atLeastOne("--ops", ops);
        if (snapshots != 0) atLeastOne("--snapshots", snapshots);
        if (!faults.equals("none") && !faults.equals("default") && !faults.equals("storage") && !faults.equals("swarm"))
            throw new IllegalArgumentException("--faults takes 'none', 'default', 'storage' or 'swarm', got '" + faults + "'");
        rate("--hold", hold);
        rate("--replay", replay);
        rate("--rude", rude);
        if (holdMax != null) atLeastOne("--hold-max", holdMax);
        if (leaseReads != null && !(leaseReads >= 0 && leaseReads < 1)) throw new IllegalArgumentException("--lease-reads must be in [0, 1), got " + leaseReads);
        if (faults.equals("none") && (hold != null || replay != null || rude != null || driftCorners))
            throw new IllegalArgumentException("--faults none cannot take adversarial faults (--hold, --replay, --rude, --drift-corners)");
        if (mutant != null && !"allowed".equals(System.getProperty(io.decree.engine.protocol.Mutants.ALLOW_PROPERTY)))
            throw new IllegalArgumentException("--mutant is for tests only: run the JVM with -D" + io.decree.engine.protocol.Mutants.ALLOW_PROPERTY + "=allowed (e.g. JAVA_TOOL_OPTIONS)");
        if (replicas > 9) throw new IllegalArgumentException("--replicas must be at most 9, got " + replicas);
        if (spares < 0 || replicas + spares > 9) throw new IllegalArgumentException("--spares must be in [0, " + (9 - replicas) + "] with " + replicas + " replicas, got " + spares);
        if (reconfigure && spares == 0) throw new IllegalArgumentException("--reconfigure needs --spares N (replicas it can add)");
        String[] split = shard.split("/", -1);
        try {
            shardIndex = Integer.parseInt(split[0].trim());
            shardCount = split.length == 2 ? Integer.parseInt(split[1].trim()) : 0;
        } catch (NumberFormatException e) {
            shardCount = 0;
        }
        if (split.length != 2 || shardCount < 1 || shardIndex < 1 || shardIndex > shardCount)
            throw new IllegalArgumentException("--shard takes i/n with 1 <= i <= n (for example 2/4), got '" + shard + "'");
    }

    private static void rate(String option, Double value) {
        if (value != null && !(value >= 0 && value < 1)) throw new IllegalArgumentException(option + " must be in [0, 1), got " + value);
    }

    /** The schedule of {@code seed}: the --faults mode, then the adversarial options on top. */
    private FaultSchedule schedule(long seed, SimConfig config) {
        FaultSchedule schedule;
        if (faults.equals("swarm")) schedule = FaultSchedule.swarm(seed, config);
        else if (faults.equals("none")) return FaultSchedule.none();
        else {
            schedule = FaultSchedule.random(seed, replicas, config.faultsEnd());
            if (faults.equals("storage")) schedule = schedule.withStorageFaults(seed, replicas);
            if (reconfigure) schedule = schedule.withReconfigurations(seed);
            if (config.leaseReads()) schedule = schedule.forLeaseReads(config.options().maxClockDrift());
        }
        io.decree.sim.Adversary a = schedule.adversary();
        long electionMax = config.options().electionTimeoutMin() + config.options().electionTimeoutRange();
        double h = hold != null ? hold : a.holdRate(), r = replay != null ? replay : a.replayRate();
        long min = a.holdMin(), max = a.holdMax();
        if ((h > 0 || r > 0) && (min == 0 || holdMax != null)) {
            min = config.options().electionTimeoutMin();
            max = Math.max(min, holdMax != null ? holdMax : 4 * electionMax);
        }
        a = new io.decree.sim.Adversary(h, r, min, max, rude != null ? rude : a.rudeRate(), driftCorners || a.driftCorners(), a.swarm());
        return schedule.withAdversary(a);
    }

    private static void atLeastOne(String option, long value) {
        if (value < 1) throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }

    private int simulate() {
        boolean withFaults = !faults.equals("none"), storage = faults.equals("storage");
        SimConfig config = SimConfig.defaults().withReplicas(replicas).withClients(clients, ops);
        if (storage) config = config.withDiskStorage();
        if (spares > 0) config = config.withSpares(spares);
        if (snapshots > 0) config = config.withSnapshots(snapshots);
        if (leaseReads != null) config = config.withLeaseReads(leaseReads);
        if (mutant != null) config = config.withMutants(java.util.Set.of(mutant));
        out.printf(Locale.ROOT, "simulate: %d seed(s) from %d, %d replicas, %d clients x %d ops, faults %s%s%s%n",
                seeds, first, replicas, clients, ops, storage ? "on, with storage faults" : faults.equals("swarm") ? "swarm (drawn per seed)" : withFaults ? "on" : "off",
                leaseReads != null ? ", lease reads (rho " + leaseReads + ")" : "", mutant != null ? ", MUTANT " + mutant : "");
        if (withFaults) {
            io.decree.sim.Adversary a = schedule(first, config).adversary();
            if (!faults.equals("swarm") && !a.isNone()) out.println(a.withSwarm(java.util.List.of()));
        }
        out.println("invariants checked after every step: Agreement, Validity, PromiseMonotonic, DurablePromise, DurableVote, "
                + "NoVoteAbovePromise, VoteRespectsPromise, StateMachineConsistency, ChosenByQuorum, CompactionFloor, SessionReply"
                + (config.leaseReads() ? ", LeaseSafety, LeaseBackedByGrants, LeasePromisedInWindow" : "") + "; Liveness once faults stop; Linearizability of the client histories");
        if (reconfigure) out.println("every engine step replayed through the mirror of specs-tla/MultiPaxosReconfig.tla (trace validation); "
                + "random membership changes among " + config.totalReplicas() + " replicas");
        long wall = System.nanoTime(), simulated = 0, committed = 0, chosen = 0, violations = 0, runs = 0;
        Tally tally = new Tally();
        for (long seed = first; seed < first + seeds; seed++) {
            if (Math.floorMod(seed - 1, (long) shardCount) != shardIndex - 1) continue;   // another shard's seed
            runs++;
            FaultSchedule schedule = schedule(seed, config);
            Simulation simulation = new Simulation(seed, config, schedule, reconfigure ? TraceValidator.forRun(config) : null, trace);
            SimResult result = simulation.run();
            tally.add(simulation);
            simulated += result.simulatedMillis();
            committed += result.committedOps();
            chosen += result.chosenSlots();
            if (trace) result.traceTail().forEach(line -> out.println("  " + line));
            if (!result.ok()) {
                violations++;
                out.print(result.report());
            } else if (seeds <= 20) {
                out.printf(Locale.ROOT, "seed %d: ok, %d ops committed in %d slots, %d steps, %d ms simulated%s%n",
                        seed, result.committedOps(), result.chosenSlots(), result.steps(), result.simulatedMillis(),
                        faults.equals("swarm") ? "; swarm on: " + String.join(" ", schedule.adversary().swarm()) : "");
            }
        }
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        out.printf(Locale.ROOT, "%d runs, %d violations; %d ops committed in %d slots; %.0f ops/s simulated, %.0f ops/s wall; %.1f s wall%n",
                runs, violations, committed, chosen, committed / Math.max(1e-9, simulated / 1000.0), committed / wallSeconds, wallSeconds);
        out.println(tally.summary(storage, reconfigure || spares > 0, snapshots > 0 || reconfigure, faults.equals("swarm") || hold != null || replay != null || rude != null));
        return violations == 0 ? 0 : 1;
    }

    /** What the runs did on purpose, so a green summary says how hard it was tried. */
    private static final class Tally {
        long faults, changes, installs, tornTails, corruptions, held, replayed, rude, checked;

        void add(Simulation s) {
            faults += s.faultsApplied();
            changes += s.configChangesChosen();
            installs += s.snapshotsInstalled();
            tornTails += s.tornTailsCut();
            corruptions += s.corruptionsDetected();
            held += s.heldMessages();
            replayed += s.replayedMessages();
            rude += s.rudeRequests();
            checked += s.rudeRepliesChecked();
        }

        String summary(boolean storage, boolean membership, boolean snapshots, boolean adversary) {
            StringBuilder s = new StringBuilder("faults applied: ").append(faults);
            if (adversary) s.append("; adversary: ").append(held).append(" messages held across elections, ").append(replayed).append(" replayed late, ")
                    .append(rude).append(" rude requests, ").append(checked).append(" repeat answers checked");
            if (storage) s.append("; storage: ").append(tornTails).append(" torn tails cut, ").append(corruptions).append(" corruptions refused");
            if (membership) s.append("; membership changes chosen: ").append(changes);
            if (snapshots) s.append("; snapshots installed by transfer: ").append(installs);
            return s.toString();
        }
    }
}
