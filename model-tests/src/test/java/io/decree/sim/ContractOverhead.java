package io.decree.sim;

import io.decree.engine.protocol.Acceptor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Simulator throughput with and without the engine's contracts: steps per second over the same seeds.
 * Which engine runs depends only on the class path (docs/perf.md, "Contract overhead"): with
 * {@code model-tests/target/test-classes} first, the contract-checked classes shadow the engine jar; with
 * the engine jar first, the plain classes run. Not a JUnit test: run it by hand, once per class path.
 *
 * <pre>java -cp CLASSPATH io.decree.sim.ContractOverhead [seeds] [warm-up seeds] [repetitions]</pre>
 */
public final class ContractOverhead {
    private ContractOverhead() {}

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean checked = Arrays.stream(Acceptor.class.getDeclaredMethods()).anyMatch(m -> m.getName().endsWith("$body"));
        SimConfig config = SimConfig.defaults();
        run(config, 1_000_001, warmup); // JIT warm-up on other seeds
        double[] rates = new double[repetitions];
        long steps = 0;
        for (int r = 0; r < repetitions; r++) {
            long start = System.nanoTime();
            steps = run(config, 1, seeds);
            rates[r] = steps / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "contracts %s: %d seeds, %d steps per pass, median %.0f steps/s (passes: %s)%n",
                checked ? "ON (instrumented engine)" : "OFF (plain engine)", seeds, steps, rates[repetitions / 2],
                Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()));
    }

    private static long run(SimConfig config, long first, int seeds) {
        long steps = 0;
        for (long seed = first; seed < first + seeds; seed++) {
            SimResult r = new Simulation(seed, config, FaultSchedule.random(seed, config.replicas(), config.faultsEnd())).run();
            if (!r.ok()) throw new IllegalStateException("seed " + seed + " failed: " + r.report());
            steps += r.steps();
        }
        return steps;
    }
}
