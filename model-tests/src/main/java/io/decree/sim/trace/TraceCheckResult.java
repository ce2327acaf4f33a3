package io.decree.sim.trace;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link TraceCheck} found: how much was read and validated, and the first step that is not a legal
 * spec step (null if none).
 *
 * @param files          trace files read
 * @param events         events read from them (headers excluded)
 * @param insertedCrashes crashes the merger inserted before restarts
 * @param tornTailBytes  bytes after the last complete line of each file, summed (a killed process's torn line)
 * @param spec           the spec module replayed: "MultiPaxos" or "MultiPaxosReconfig"
 * @param validated      steps validated per action, in spec names (all of them when ok)
 * @param steps          steps validated in all
 * @param failure        the first illegal step, or null
 * @param millis         wall time of read, merge and replay
 */
public record TraceCheckResult(int files, long events, long insertedCrashes, long tornTailBytes, String spec,
                               Map<String, Long> validated, long steps, Failure failure, long millis) {

    /** The first step the spec refused: where it was read, the step, and the spec's reason with its state. */
    public record Failure(TraceEvent event, String reason) {}

    public boolean ok() { return failure == null; }

    public String report() {
        String counts = validated.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        String summary = String.format("trace-check: %d files, %d events, %d crashes inserted, %d torn tail bytes; spec %s; %d steps validated in %d ms (%s)%n",
                files, events, insertedCrashes, tornTailBytes, spec, steps, millis, counts);
        if (ok()) return summary + "trace-check: every step is a legal spec step\n";
        return summary + "trace-check: VIOLATION at " + failure.event.where() + ": " + failure.event.step() + "\n" + failure.reason + "\n";
    }
}
