package io.decree.server.verify;

import io.decree.engine.protocol.Mutant;
import io.decree.server.verify.VerifyReport.MutantRow;
import io.decree.sim.SimConfig;
import io.decree.sim.SimResult;
import io.decree.sim.Simulation;
import io.decree.sim.TraceValidator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The mutant zoo: every built-in protocol mutant ({@link Mutant#values()}: the registry, so a mutant added
 * there is hunted without a change here) is switched on in turn, and the simulator must catch it within the
 * depth's seed budget. One that survives means a change blinded the kit, and fails verify.
 *
 * <p>Where a mutant shows depends on the run: read-path mutants need lease reads, the window and
 * lease-over-configurations mutants membership changes. {@link #shapes} knows the shapes the built-in ones
 * are known to need (as model-tests' MutantShapes does); a mutant it does not know is hunted in every shape
 * in turn (seed s in shape s mod k), which costs more seeds but finds it wherever it shows.
 */
final class MutantZoo {
    private static final Set<String> READS = Set.of("LEASE_IGNORES_DRIFT", "STALE_FOLLOWER_READ", "READ_AFTER_LOSING_LEADERSHIP");
    private static final Set<String> MEMBERSHIP = Set.of("RECONFIG_WITHOUT_WINDOW");
    private static final Set<String> MEMBERSHIP_READS = Set.of("LEASE_IGNORES_NEW_CONFIGURATIONS");
    private static final Set<String> DEFAULT = Set.of("NO_VALUE_ADOPTION", "VOTE_BELOW_PROMISE", "QUORUM_OF_HALF",
            "REPLY_BEFORE_PERSISTING_PROMISE", "NO_SESSION_DEDUPLICATION");

    /** The shapes a mutant is hunted in, by name so that a mutant removed from the registry is simply not hunted. */
    static List<Shape> shapes(Mutant m) {
        String n = m.name();
        if (DEFAULT.contains(n)) return List.of(Shape.DEFAULT);
        if (READS.contains(n)) return List.of(Shape.LEASE_READS);
        if (MEMBERSHIP.contains(n)) return List.of(Shape.RECONFIGURATION);
        if (MEMBERSHIP_READS.contains(n)) return List.of(Shape.RECONFIGURATION_LEASE_READS);
        return List.of(Shape.DEFAULT, Shape.LEASE_READS, Shape.RECONFIGURATION, Shape.RECONFIGURATION_LEASE_READS);
    }

    /** The outcome of hunting one mutant, with the failing run when caught. */
    record Hunt(MutantRow row, SimResult caught, SimConfig config, Shape shape) {}

    /** Hunts every mutant this shard owns (the k-th of the registry when the shard owns k). */
    static List<Hunt> huntAll(int budget, Shard shard, Progress progress) {
        List<Hunt> hunts = new ArrayList<>();
        Mutant[] all = Mutant.values();
        for (int k = 0; k < all.length; k++) {
            if (!shard.ownsIndex(k)) continue;
            Hunt h = hunt(all[k], budget);
            hunts.add(h);
            progress.tick(hunts.size() + " mutants hunted, last " + all[k] + (h.row().caught() ? " caught" : " SURVIVED"));
        }
        return hunts;
    }

    /** Runs seeds 1..budget until the mutant breaks an invariant. */
    static Hunt hunt(Mutant mutant, int budget) {
        List<Shape> shapes = shapes(mutant);
        long start = System.nanoTime();
        for (long seed = 1; seed <= budget; seed++) {
            Shape shape = shapes.get((int) ((seed - 1) % shapes.size()));
            SimConfig config = shape.config(EnumSet.of(mutant));
            // With trace validation, as every sweep runs: some mutants break the spec before any invariant shows it.
            SimResult r = new Simulation(seed, config, shape.schedule(seed, config), TraceValidator.forRun(config), false).run();
            if (!r.ok())
                return new Hunt(new MutantRow(mutant.name(), true, r.violation().invariant(), seed, shape.label(), seed, millis(start)), r, config, shape);
        }
        return new Hunt(new MutantRow(mutant.name(), false, null, 0, shapes.size() == 1 ? shapes.get(0).label() : "all", budget, millis(start)), null, null, null);
    }

    private static long millis(long start) { return (System.nanoTime() - start) / 1_000_000; }
}
