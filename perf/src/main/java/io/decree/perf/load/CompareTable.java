package io.decree.perf.load;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The side-by-side table of {@code decree load --compare}: per target, throughput at saturation (the closed loop's
 * ops/s) and the open loop's p50 / p99 / p99.9 at the fixed rate, then the ratios of each Decree target to
 * each peer (throughput: Decree / peer, higher is better for Decree; latency: peer / Decree, likewise). The CPU per
 * command at saturation (closed loop, {@link CpuMeter}) is the figure a shared machine disturbs least.
 */
final class CompareTable {
    private CompareTable() {}

    static String render(LoadOptions o, List<LoadResult> results, java.util.Map<String, String> failures) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%d B values, %d%% reads, %d connections, %d s measured after %d s warm-up; open loop at %d ops/s; load %s%n",
                o.payloadBytes(), o.readPercent(), o.concurrency(), o.durationSeconds(), o.warmupSeconds(), o.rate(), Harness.loadAverage()));
        t.append(String.format(Locale.ROOT, "| %-13s | %12s | %10s | %9s | %9s | %9s | %9s | %7s |%n", "target", "closed ops/s", "CPU µs/op",
                "open ops/s", "p50 ms", "p99 ms", "p99.9 ms", "errors"));
        t.append("|---------------|-------------:|-----------:|----------:|----------:|----------:|----------:|--------:|\n");
        for (String target : o.compareTargets()) {
            Optional<LoadResult> closed = find(results, target, LoadOptions.Mode.CLOSED), open = find(results, target, LoadOptions.Mode.OPEN);
            t.append(String.format(Locale.ROOT, "| %-13s | %12s | %10s | %9s | %9s | %9s | %9s | %7s |%n", target,
                    closed.map(r -> String.format(Locale.ROOT, "%,.0f", r.opsPerSecond())).orElse("-"),
                    closed.filter(r -> r.cpuMicrosPerOp() >= 0).map(r -> String.format(Locale.ROOT, "%,.0f", r.cpuMicrosPerOp())).orElse("-"),
                    open.map(r -> String.format(Locale.ROOT, "%,.0f", r.opsPerSecond())).orElse("-"),
                    open.map(r -> ms(r.p50Micros())).orElse("-"), open.map(r -> ms(r.p99Micros())).orElse("-"),
                    open.map(r -> ms(r.p999Micros())).orElse("-"),
                    closed.map(LoadResult::errors).orElse(0L) + open.map(LoadResult::errors).orElse(0L)));
        }
        failures.forEach((run, why) -> t.append(run).append(": failed: ").append(why).append('\n'));
        for (String decree : o.compareTargets()) {
            if (!decree.startsWith("decree")) continue;
            LoadResult dc = find(results, decree, LoadOptions.Mode.CLOSED).orElse(null), dopen = find(results, decree, LoadOptions.Mode.OPEN).orElse(null);
            for (String peer : o.compareTargets()) {
                if (peer.startsWith("decree")) continue;
                LoadResult pc = find(results, peer, LoadOptions.Mode.CLOSED).orElse(null), popen = find(results, peer, LoadOptions.Mode.OPEN).orElse(null);
                if (dc == null || pc == null || dopen == null || popen == null) continue;
                t.append(String.format(Locale.ROOT, "%s vs %s: throughput %sx; at %d ops/s p50 %sx, p99 %sx, p99.9 %sx lower (peer / Decree)%n",
                        decree, peer, ratio(dc.opsPerSecond(), pc.opsPerSecond()), o.rate(), ratio(popen.p50Micros(), dopen.p50Micros()),
                        ratio(popen.p99Micros(), dopen.p99Micros()), ratio(popen.p999Micros(), dopen.p999Micros())));
            }
        }
        return t.toString().stripTrailing();
    }

    private static Optional<LoadResult> find(List<LoadResult> results, String target, LoadOptions.Mode mode) {
        return results.stream().filter(r -> r.target().equals(target) && r.options().mode() == mode).findFirst();
    }

    private static String ms(double micros) { return String.format(Locale.ROOT, "%.2f", micros / 1e3); }

    private static String ratio(double a, double b) { return b <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b); }
}
