package io.decree.server.verify;

import io.decree.engine.protocol.Mutant;
import io.decree.sim.SimConfig;
import io.decree.sim.SimResult;
import io.decree.sim.Simulation;
import io.decree.sim.TraceValidator;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code verify --replay SHAPE:SEED [--mutant NAME]}: one simulated run of a verify sweep, exactly as the
 * sweep ran it (same shape, seed, schedule, trace validation), with every event printed. A finding's
 * replay command is this.
 */
public final class Replayer {
    private Replayer() {}

    /** Returns 0 if the run is clean, 1 if it breaks an invariant. */
    public static int replay(String shapeAndSeed, Mutant planted, PrintStream out) {
        int colon = shapeAndSeed.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("--replay takes SHAPE:SEED (for example default:17), got '" + shapeAndSeed + "'");
        Shape shape = Shape.parse(shapeAndSeed.substring(0, colon));
        long seed;
        try {
            seed = Long.parseLong(shapeAndSeed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--replay: the seed must be a whole number, got '" + shapeAndSeed.substring(colon + 1) + "'");
        }
        Set<Mutant> mutants = planted == null ? Set.of() : EnumSet.of(planted);
        SimConfig config = shape.config(mutants);
        SimResult r = new Simulation(seed, config, shape.schedule(seed, config), TraceValidator.forRun(config), true).run();
        out.println("replay: shape " + shape.label() + ", seed " + seed + (planted == null ? "" : ", mutant " + planted));
        r.traceTail().forEach(line -> out.println("  " + line));
        out.print(r.report());
        return r.ok() ? 0 : 1;
    }
}
