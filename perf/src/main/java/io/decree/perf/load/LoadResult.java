package io.decree.perf.load;

import java.util.List;
import java.util.Locale;

/**
 * The figures of one load run over its measured interval (after the warm-up). Latencies are in microseconds,
 * from the client's call to its acknowledgement; {@code errors} are puts without an outcome (time-outs).
 */
public record LoadResult(LoadOptions options, int commandBytes, double seconds, long ops, long errors, double opsPerSecond,
                         double p50Micros, double p99Micros, double p999Micros, double maxMicros, double meanMicros,
                         long leaderChanges, double leaderChangesPerMinute, long verifiedKeys, List<String> lostAcks,
                         List<String> unreadableKeys, String loadAverageBefore, String loadAverageAfter) {

    public String summary() {
        return String.format(Locale.ROOT, """
                        replicas=%d storage=%s payload=%d B (put command %d B) concurrency=%d measured=%.1f s (after %d s warm-up)
                        throughput  %.0f ops/s (%d ops)
                        latency     p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms  mean %.2f ms
                        errors      %d (puts without an outcome)
                        leaders     %d changes, %.2f per minute
                        check       %d keys read back, %d lost acknowledgements, %d unreadable
                        load avg    before %s, after %s""",
                options.replicas(), options.storage().name().toLowerCase(Locale.ROOT), options.payloadBytes(), commandBytes,
                options.concurrency(), seconds, options.warmupSeconds(), opsPerSecond, ops, p50Micros / 1e3, p99Micros / 1e3,
                p999Micros / 1e3, maxMicros / 1e3, meanMicros / 1e3, errors, leaderChanges, leaderChangesPerMinute, verifiedKeys,
                lostAcks.size(), unreadableKeys.size(), loadAverageBefore, loadAverageAfter);
    }

    public String toJson() {
        return String.format(Locale.ROOT, """
                        {
                          "replicas": %d,
                          "storage": "%s",
                          "payloadBytes": %d,
                          "commandBytes": %d,
                          "concurrency": %d,
                          "warmupSeconds": %d,
                          "durationSeconds": %d,
                          "measuredSeconds": %.3f,
                          "ops": %d,
                          "errors": %d,
                          "opsPerSecond": %.1f,
                          "latencyMicros": {"p50": %.1f, "p99": %.1f, "p999": %.1f, "max": %.1f, "mean": %.1f},
                          "leaderChanges": %d,
                          "leaderChangesPerMinute": %.3f,
                          "verifiedKeys": %d,
                          "lostAcks": %s,
                          "unreadableKeys": %s,
                          "loadAverageBefore": "%s",
                          "loadAverageAfter": "%s"
                        }
                        """,
                options.replicas(), options.storage().name().toLowerCase(Locale.ROOT), options.payloadBytes(), commandBytes,
                options.concurrency(), options.warmupSeconds(), options.durationSeconds(), seconds, ops, errors, opsPerSecond,
                p50Micros, p99Micros, p999Micros, maxMicros, meanMicros, leaderChanges, leaderChangesPerMinute, verifiedKeys,
                strings(lostAcks), strings(unreadableKeys), escape(loadAverageBefore), escape(loadAverageAfter));
    }

    private static String strings(List<String> values) {
        StringBuilder s = new StringBuilder("[");
        for (String v : values) s.append(s.length() > 1 ? ", " : "").append('"').append(escape(v)).append('"');
        return s.append(']').toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else out.append(c);
        }
        return out.toString();
    }
}
