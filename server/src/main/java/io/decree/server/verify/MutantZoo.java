package io.decree.server.verify;

import io.decree.engine.protocol.Mutant;
import io.decree.server.verify.VerifyReport.MutantRow;
import io.decree.sim.MutantShapes;
import io.decree.sim.SimConfig;
import io.decree.sim.SimResult;
import io.decree.sim.Simulation;
import io.decree.sim.TraceValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutant zoo: every built-in protocol mutant ({@link Mutant#values()}: the registry, so a mutant added
 * there is hunted without a change here) is switched on in turn, and the simulator must catch it within the
 * depth's seed budget. One that survives means a change blinded the kit, and fails verify.
 *
 * <p>Where a mutant shows depends on the run (read-path mutants need lease reads, the window mutants
 * membership changes, the stale-message ones swarm faults): each is hunted in the shape
 * {@link MutantShapes} gives it, the same as {@code MutantsCaughtTest}'s, and a finding's replay command is
 * the {@code simulate} command that reruns that seed exactly.
 */
final class MutantZoo {
    /** The outcome of hunting one mutant, with the failing run when caught. */
    record Hunt(MutantRow row, SimResult caught, SimConfig config, String shape) {}

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
        SimConfig config = MutantShapes.config(mutant);
        String label = MutantShapes.label(mutant);
        long start = System.nanoTime();
        for (long seed = 1; seed <= budget; seed++) {
            // With trace validation, as every sweep runs: some mutants break the spec before any invariant shows it.
            SimResult r = new Simulation(seed, config, MutantShapes.schedule(mutant, seed), TraceValidator.forRun(config), false).run();
            if (!r.ok())
                return new Hunt(new MutantRow(mutant.name(), true, r.violation().invariant(), seed, label, seed, millis(start)), r, config, label);
        }
        return new Hunt(new MutantRow(mutant.name(), false, null, 0, label, budget, millis(start)), null, null, null);
    }

    private static long millis(long start) { return (System.nanoTime() - start) / 1_000_000; }
}
