package io.decree.sim;

import java.util.List;

/**
 * The outcome of one simulated run: its seed and schedule (which replay it), what it did, and the first
 * invariant it broke, if any, with the events that led there.
 */
public record SimResult(long seed, FaultSchedule schedule, InvariantViolation violation, long steps, long simulatedMillis,
                        long wallNanos, int committedOps, long chosenSlots, long traceDigest, List<String> traceTail,
                        List<ClientOp<?, ?>> history) {

    public boolean ok() { return violation == null; }

    /** A report a person can act on: the invariant, the seed and schedule that replay it, the last events. */
    public String report() {
        StringBuilder s = new StringBuilder();
        s.append(ok() ? "ok" : "VIOLATION of " + violation.getMessage()).append('\n');
        // The seed and schedule replay the run in the configuration it ran with; from the command line that is
        // the CLI's configuration (its options: --replicas, --clients, --ops, --faults).
        s.append("seed ").append(seed).append(" (replay: new Simulation(").append(seed)
                .append(", config, schedule).run(); from the CLI: ./decree simulate --seed ").append(seed).append(" --seeds 1 --trace)\n");
        s.append("schedule: ").append(schedule).append('\n');
        s.append(String.format("%d steps, %d ms simulated, %d ops committed, %d slots chosen%n", steps, simulatedMillis, committedOps, chosenSlots));
        if (!ok()) {
            s.append("last ").append(traceTail.size()).append(" events:\n");
            for (String line : traceTail) s.append("  ").append(line).append('\n');
        }
        return s.toString();
    }
}
