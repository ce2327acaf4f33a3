package io.decree.sim.trace;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link TraceCheck} found: how much was read and validated, and the first step that is not a legal
 * spec step (null if none).
 *
 * @param files          trace files read
 * @param events         spec steps read from them (headers and flushed marks excluded)
 * @param insertedCrashes crashes the merger inserted before restarts
 * @param droppedUnflushed steps a killed incarnation took after its last flushed mark, dropped by the merger
 * @param tornTailBytes  bytes after the last complete line of each file, summed (a killed process's torn line)
 * @param spec           the spec module replayed: "MultiPaxos" or "MultiPaxosReconfig"
 * @param validated      steps validated per action, in spec names (all of them when ok)
 * @param steps          steps validated in all
 * @param failure        the first illegal step, or null
 * @param millis         wall time of read, merge and replay
 */
public record TraceCheckResult(int files, long events, long insertedCrashes, long droppedUnflushed, long tornTailBytes, String spec,
                               Map<String, Long> validated, long steps, Failure failure, long millis) {

    /** The first step the spec refused: where it was read, the step, and the spec's reason with its state. */
    public record Failure(TraceEvent event, String reason) {}

    private static final int STATE_LINES = 12;
    private static final int LINE_CHARS = 400;

    public boolean ok() { return failure == null; }

    public String report() {
        String counts = validated.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        String summary = String.format("trace-check: %d files, %d steps read, %d crashes inserted, %d unflushed steps dropped, %d torn tail bytes; spec %s; %d steps validated in %d ms (%s)%n",
                files, events, insertedCrashes, droppedUnflushed, tornTailBytes, spec, steps, millis, counts);
        if (ok()) return summary + "trace-check: every step is a legal spec step\n";
        return summary + "trace-check: VIOLATION at " + failure.event.where() + ": " + failure.event.step() + "\n" + abridged(failure.reason) + "\n";
    }

    /** The reason with at most {@value #STATE_LINES} lines of spec state: a long run's message set runs to megabytes. */
    private static String abridged(String reason) {
        String[] lines = reason.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(lines.length, STATE_LINES); i++) {
            String line = lines[i];
            out.append(i > 0 ? "\n" : "").append(line.length() <= LINE_CHARS ? line : line.substring(0, LINE_CHARS) + " ...");
        }
        if (lines.length > STATE_LINES) out.append("\n... (").append(lines.length - STATE_LINES).append(" more lines)");
        if (out.length() < reason.length()) out.append("\n(abridged; TraceCheckResult.failure().reason() has the whole spec state)");
        return out.toString();
    }
}
