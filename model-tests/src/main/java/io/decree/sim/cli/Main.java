package io.decree.sim.cli;

import io.decree.sim.FaultSchedule;
import io.decree.sim.SimConfig;
import io.decree.sim.SimResult;
import io.decree.sim.Simulation;
import io.decree.sim.TraceValidator;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The main job: {@code simulate} runs a simulated cluster with a key-value workload under faults, seed
 * after seed, checking every invariant after every step, and prints what was committed, throughput in
 * simulated and wall time, and any violation with the seed that replays it.
 */
public final class Main {
    static final String USAGE = """
            usage: ./decree simulate [options]
              --seeds N        runs with seeds first..first+N-1 (default 20)
              --seed S         first seed (default 1); with --seeds 1 replays exactly that run
              --replicas N     cluster size, 1..9 (default 3)
              --clients N      concurrent clients (default 3)
              --ops N          requests per client (default 30)
              --faults MODE    none | default (loss, duplication, reordering, partitions, crashes, clock skew)
                               | storage (default, with replicas on the real file log: torn writes, flipped bytes)
              --spares N       replicas outside the initial configuration, for membership changes (default 0)
              --reconfigure    random membership changes (add, remove, replace; needs --spares), validated
                               step by step against the spec's reconfiguration module
              --snapshots N    checkpoint every N executed slots: log truncation, state transfer (default off)
              --trace          print every event of each run
            """;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !args[0].equals("simulate")) {
            err.print("decree: expected the command 'simulate'\n" + USAGE);
            return 2;
        }
        long seeds = 20, first = 1;
        int replicas = 3, clients = 3, ops = 30, spares = 0;
        long snapshots = 0;
        boolean faults = true, storage = false, trace = false, reconfigure = false;
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--seeds" -> seeds = positive(a, value(args, ++i, a));
                    case "--seed" -> first = Long.parseLong(value(args, ++i, a));
                    case "--replicas" -> replicas = (int) positive(a, value(args, ++i, a));
                    case "--clients" -> clients = (int) positive(a, value(args, ++i, a));
                    case "--ops" -> ops = (int) positive(a, value(args, ++i, a));
                    case "--faults" -> {
                        String mode = value(args, ++i, a);
                        if (!mode.equals("none") && !mode.equals("default") && !mode.equals("storage"))
                            throw new IllegalArgumentException("--faults takes 'none' or 'default', got '" + mode + "' (or 'storage': default plus storage faults)");
                        faults = !mode.equals("none");
                        storage = mode.equals("storage");
                    }
                    case "--trace" -> trace = true;
                    case "--spares" -> spares = (int) Long.parseLong(value(args, ++i, a));
                    case "--reconfigure" -> reconfigure = true;
                    case "--snapshots" -> snapshots = positive(a, value(args, ++i, a));
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (replicas > 9) throw new IllegalArgumentException("--replicas must be at most 9, got " + replicas);
            if (spares < 0 || replicas + spares > 9) throw new IllegalArgumentException("--spares must be in [0, " + (9 - replicas) + "] with " + replicas + " replicas, got " + spares);
            if (reconfigure && spares == 0) throw new IllegalArgumentException("--reconfigure needs --spares N (replicas it can add)");
        } catch (NumberFormatException e) {
            err.print("decree: not a number: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (IllegalArgumentException e) {
            err.print("decree: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }

        SimConfig config = SimConfig.defaults().withReplicas(replicas).withClients(clients, ops);
        if (storage) config = config.withDiskStorage();
        if (spares > 0) config = config.withSpares(spares);
        if (snapshots > 0) config = config.withSnapshots(snapshots);
        out.printf(Locale.ROOT, "simulate: %d seed(s) from %d, %d replicas, %d clients x %d ops, faults %s%n",
                seeds, first, replicas, clients, ops, storage ? "on, with storage faults" : faults ? "on" : "off");
        out.println("invariants checked after every step: Agreement, Validity, PromiseMonotonic, DurablePromise, DurableVote, "
                + "NoVoteAbovePromise, VoteRespectsPromise, StateMachineConsistency; Liveness once faults stop; Linearizability of the client histories");
        if (reconfigure) out.println("every engine step replayed through the mirror of specs-tla/MultiPaxosReconfig.tla (trace validation); "
                + "random membership changes among " + config.totalReplicas() + " replicas");
        long wall = System.nanoTime(), simulated = 0, committed = 0, chosen = 0, violations = 0;
        for (long seed = first; seed < first + seeds; seed++) {
            FaultSchedule schedule = faults ? FaultSchedule.random(seed, replicas, config.faultsEnd()) : FaultSchedule.none();
            if (storage) schedule = schedule.withStorageFaults(seed, replicas);
            if (reconfigure) schedule = schedule.withReconfigurations(seed);
            SimResult result = new Simulation(seed, config, schedule, reconfigure ? TraceValidator.forRun(config) : null, trace).run();
            simulated += result.simulatedMillis();
            committed += result.committedOps();
            chosen += result.chosenSlots();
            if (trace) result.traceTail().forEach(line -> out.println("  " + line));
            if (!result.ok()) {
                violations++;
                out.print(result.report());
            } else if (seeds <= 20) {
                out.printf(Locale.ROOT, "seed %d: ok, %d ops committed in %d slots, %d steps, %d ms simulated%n",
                        seed, result.committedOps(), result.chosenSlots(), result.steps(), result.simulatedMillis());
            }
        }
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        out.printf(Locale.ROOT, "%d runs, %d violations; %d ops committed in %d slots; %.0f ops/s simulated, %.0f ops/s wall; %.1f s wall%n",
                seeds, violations, committed, chosen, committed / Math.max(1e-9, simulated / 1000.0), committed / wallSeconds, wallSeconds);
        return violations == 0 ? 0 : 1;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    private static long positive(String option, String text) {
        long v = Long.parseLong(text);
        if (v < 1) throw new IllegalArgumentException(option + " must be at least 1, got " + v);
        return v;
    }
}
