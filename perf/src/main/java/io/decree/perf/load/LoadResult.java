package io.decree.perf.load;

import java.util.List;
import java.util.Locale;

/**
 * The figures of one load run over its measured interval (after the warm-up). Latencies are in microseconds:
 * in closed loop from the call to the answer, in open loop from when the command was due. {@code errors} are
 * commands without an outcome (time-outs, failures); {@code staleReads} gets that returned neither the last
 * acknowledged value nor one whose put had no known outcome; {@code leaderChanges} is -1 where the target does
 * not report it. {@code cpuMicrosPerOp} is the CPU time of this JVM and the processes it started over the measured
 * interval per command answered ({@link CpuMeter}), or -1 if unknown.
 */
public record LoadResult(String target, String description, LoadOptions options, double seconds, long ops, long errors,
                         long staleReads, double opsPerSecond, double p50Micros, double p99Micros, double p999Micros,
                         double maxMicros, double meanMicros, long leaderChanges, long verifiedKeys, List<String> lostAcks,
                         List<String> unreadableKeys, String loadAverageBefore, String loadAverageAfter,
                         double cpuMicrosPerOp) {

    /** No acknowledged put lost, every key read back, no stale read. */
    public boolean passed() { return lostAcks.isEmpty() && unreadableKeys.isEmpty() && staleReads == 0; }

    public String summary() {
        return String.format(Locale.ROOT, """
                        %s: %s
                          %s loop%s, %d connections, payload %d B, %d%% reads, measured %.1f s after %d s warm-up
                          throughput  %.0f ops/s (%d ops)
                          latency     p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms  mean %.2f ms
                          cpu         %s per command (this JVM and the processes it started)
                          errors      %d (commands without an outcome), %d stale reads
                          leaders     %s
                          check       %d keys read back, %d lost acknowledgements, %d unreadable
                          load avg    before %s, after %s""",
                target, description, options.mode().name().toLowerCase(Locale.ROOT),
                options.mode() == LoadOptions.Mode.OPEN ? " at " + options.rate() + " ops/s" : "", options.concurrency(),
                options.payloadBytes(), options.readPercent(), seconds, options.warmupSeconds(), opsPerSecond, ops,
                p50Micros / 1e3, p99Micros / 1e3, p999Micros / 1e3, maxMicros / 1e3, meanMicros / 1e3,
                cpuMicrosPerOp < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f µs", cpuMicrosPerOp), errors, staleReads,
                leaderChanges < 0 ? "not reported by this target" : leaderChanges + " changes in the measured interval",
                verifiedKeys, lostAcks.size(), unreadableKeys.size(), loadAverageBefore, loadAverageAfter);
    }

    public String toJson() {
        return String.format(Locale.ROOT, """
                        {
                          "target": "%s",
                          "description": "%s",
                          "storage": "%s",
                          "replicas": %d,
                          "mode": "%s",
                          "concurrency": %d,
                          "rate": %d,
                          "payloadBytes": %d,
                          "readPercent": %d,
                          "warmupSeconds": %d,
                          "durationSeconds": %d,
                          "measuredSeconds": %.3f,
                          "ops": %d,
                          "errors": %d,
                          "staleReads": %d,
                          "opsPerSecond": %.1f,
                          "latencyMicros": {"p50": %.1f, "p99": %.1f, "p999": %.1f, "max": %.1f, "mean": %.1f},
                          "leaderChanges": %d,
                          "verifiedKeys": %d,
                          "lostAcks": %s,
                          "unreadableKeys": %s,
                          "loadAverageBefore": "%s",
                          "loadAverageAfter": "%s",
                          "cpuMicrosPerOp": %.1f
                        }""",
                escape(target), escape(description), options.storage().configName(), options.replicas(),
                options.mode().name().toLowerCase(Locale.ROOT), options.concurrency(), options.rate(), options.payloadBytes(),
                options.readPercent(), options.warmupSeconds(), options.durationSeconds(), seconds, ops, errors, staleReads,
                opsPerSecond, p50Micros, p99Micros, p999Micros, maxMicros, meanMicros, leaderChanges, verifiedKeys,
                strings(lostAcks), strings(unreadableKeys), escape(loadAverageBefore), escape(loadAverageAfter), cpuMicrosPerOp);
    }

    static String strings(List<String> values) {
        StringBuilder s = new StringBuilder("[");
        for (String v : values) s.append(s.length() > 1 ? ", " : "").append('"').append(escape(v)).append('"');
        return s.append(']').toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else out.append(c);
        }
        return out.toString();
    }
}
