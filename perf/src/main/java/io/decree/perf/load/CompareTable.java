package io.decree.perf.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The output of {@code decree load --compare} ({@link Comparison}): a row per measured point (closed loop at a
 * connection count, open loop at a rate), then per target its saturation (its best closed-loop point) with the
 * CPU per command there and its p99 at each open-loop rate, then the ratios of each Decree target to each peer
 * (throughput at saturation: Decree / peer; p99 at each rate: peer / Decree; above 1 is better for Decree both
 * ways). A failed or skipped point shows in its row and in the target's status, never as a silent gap. The CPU per
 * command ({@link CpuMeter}) is the figure a shared machine disturbs least.
 */
final class CompareTable {
    private CompareTable() {}

    private static final String POINT_FORMAT = "| %-13s | %-6s | %12s | %10s | %9s | %9s | %9s | %7s | %10s | %-7s |";

    static String pointHeader() {
        return String.format(Locale.ROOT, POINT_FORMAT, "target", "loop", "at", "ops/s", "p50 ms", "p99 ms", "p99.9 ms", "errors", "CPU µs/op", "check")
                + "\n|---------------|--------|-------------:|-----------:|----------:|----------:|----------:|--------:|-----------:|---------|";
    }

    /** One point's row: its loop, connections or rate, throughput, percentiles, errors, CPU per command and check. */
    static String pointRow(LoadResult r) {
        boolean closed = r.options().mode() == LoadOptions.Mode.CLOSED;
        return String.format(Locale.ROOT, POINT_FORMAT, r.target(), closed ? "closed" : "open",
                closed ? r.options().concurrency() + " conns" : r.options().rate() + " ops/s", count(r.opsPerSecond()),
                ms(r.p50Micros()), ms(r.p99Micros()), ms(r.p999Micros()), r.errors(),
                r.cpuMicrosPerOp() < 0 ? "-" : count(r.cpuMicrosPerOp()), r.passed() ? "ok" : "FAILED");
    }

    private static String missingRow(Comparison.Point p, String status) {
        boolean closed = p.mode() == LoadOptions.Mode.CLOSED;
        return String.format(Locale.ROOT, "| %-13s | %-6s | %12s | %s |", p.target(), closed ? "closed" : "open",
                closed ? p.value() + " conns" : p.value() + " ops/s", status);
    }

    static String render(LoadOptions o, Comparison c) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%d B values, %d%% reads, %d s measured after %d s warm-up; closed loop at %s connections; "
                        + "open loop at %s ops/s over %d connections; load %s%n",
                o.payloadBytes(), o.readPercent(), o.durationSeconds(), o.warmupSeconds(), join(o.sweep()),
                String.join(", ", o.rates().stream().map(r -> Comparison.rateLabel(r, c.resolvedRates().getOrDefault(r, OptionalDouble.empty()))).toList()),
                o.concurrency(), Harness.loadAverage()));
        t.append(pointHeader()).append('\n');
        for (LoadResult r : c.results()) t.append(pointRow(r)).append('\n');
        c.failed().forEach((p, why) -> t.append(missingRow(p, "FAILED: " + why)).append('\n'));
        c.skipped().forEach((p, why) -> t.append(missingRow(p, "skipped: " + why)).append('\n'));
        t.append('\n');

        List<Integer> rates = resolvedRates(c);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "| %-13s | %16s | %8s | %10s |", "target", "saturation ops/s", "at conns", "CPU µs/op"));
        StringBuilder rule = new StringBuilder("|---------------|-----------------:|---------:|-----------:|");
        for (int rate : rates) {
            header.append(String.format(Locale.ROOT, " %14s |", "p99 ms @" + rate));
            rule.append("---------------:|");
        }
        t.append(header).append(" status\n").append(rule).append("--------\n");
        for (String target : o.compareTargets()) {
            Optional<LoadResult> sat = c.saturation(target);
            t.append(String.format(Locale.ROOT, "| %-13s | %16s | %8s | %10s |", target, sat.map(r -> count(r.opsPerSecond())).orElse("-"),
                    sat.map(r -> Integer.toString(r.options().concurrency())).orElse("-"),
                    sat.filter(r -> r.cpuMicrosPerOp() >= 0).map(r -> count(r.cpuMicrosPerOp())).orElse("-")));
            for (int rate : rates) t.append(String.format(Locale.ROOT, " %14s |", c.openAt(target, rate).map(r -> ms(r.p99Micros())).orElse("-")));
            t.append(' ').append(status(c, target)).append('\n');
        }
        for (String decree : o.compareTargets()) {
            if (!SweepPlan.isDecree(decree)) continue;
            for (String peer : o.compareTargets()) {
                if (SweepPlan.isDecree(peer)) continue;
                t.append(ratios(c, decree, peer, rates)).append('\n');
            }
        }
        return t.toString().stripTrailing();
    }

    /** "decree-tcp vs ratis: throughput at saturation 28.6x; p99 at 50 ops/s 1.16x, ..." with "n/a" where a side is missing. */
    static String ratios(Comparison c, String decree, String peer, List<Integer> rates) {
        StringBuilder s = new StringBuilder(decree + " vs " + peer + ": throughput at saturation ");
        Optional<LoadResult> ds = c.saturation(decree), ps = c.saturation(peer);
        s.append(ds.isPresent() && ps.isPresent() ? ratio(ds.get().opsPerSecond(), ps.get().opsPerSecond()) + "x" : "n/a");
        s.append(" (Decree / peer); p99");
        for (int rate : rates) {
            Optional<LoadResult> d = c.openAt(decree, rate), p = c.openAt(peer, rate);
            s.append(" at ").append(rate).append(" ops/s ").append(d.isPresent() && p.isPresent() ? ratio(p.get().p99Micros(), d.get().p99Micros()) + "x" : "n/a").append(',');
        }
        if (rates.isEmpty()) s.append(" no open-loop rate,");
        s.setLength(s.length() - 1);
        return s.append(" lower (peer / Decree)").toString();
    }

    /** "ok", or how many of the target's points failed and were skipped. */
    static String status(Comparison c, String target) {
        long failed = c.failed().keySet().stream().filter(p -> p.target().equals(target)).count();
        long skipped = c.skipped().keySet().stream().filter(p -> p.target().equals(target)).count();
        long unchecked = c.results().stream().filter(r -> r.target().equals(target) && !r.passed()).count();
        if (failed == 0 && skipped == 0 && unchecked == 0) return "ok";
        StringBuilder s = new StringBuilder();
        if (failed > 0) s.append(failed).append(" failed");
        if (skipped > 0) s.append(s.isEmpty() ? "" : ", ").append(skipped).append(" skipped");
        if (unchecked > 0) s.append(s.isEmpty() ? "" : ", ").append(unchecked).append(" check failed");
        return s.toString();
    }

    /** The table and every run's result as one JSON document, with the failed and skipped points and why. */
    static String json(String table, Comparison c) {
        StringBuilder json = new StringBuilder("{\n\"table\": \"").append(LoadResult.escape(table)).append("\",\n");
        json.append("\"failed\": ").append(points(c.failed())).append(",\n\"skipped\": ").append(points(c.skipped())).append(",\n\"runs\": [\n");
        List<LoadResult> results = c.results();
        for (int i = 0; i < results.size(); i++) json.append(results.get(i).toJson()).append(i + 1 < results.size() ? ",\n" : "\n");
        return json.append("]}\n").toString();
    }

    private static String points(Map<Comparison.Point, String> points) {
        StringBuilder s = new StringBuilder("[");
        points.forEach((p, why) -> s.append(s.length() > 1 ? ", " : "").append(String.format(Locale.ROOT,
                "{\"target\": \"%s\", \"mode\": \"%s\", \"at\": \"%s\", \"why\": \"%s\"}", LoadResult.escape(p.target()),
                p.mode().name().toLowerCase(Locale.ROOT), LoadResult.escape(p.value()), LoadResult.escape(why))));
        return s.append(']').toString();
    }

    private static List<Integer> resolvedRates(Comparison c) {
        return c.resolvedRates().values().stream().filter(OptionalDouble::isPresent).map(r -> (int) r.getAsDouble()).distinct().toList();
    }

    private static String join(List<Integer> values) { return String.join(", ", values.stream().map(String::valueOf).toList()); }

    private static String count(double v) { return String.format(Locale.ROOT, "%,.0f", v); }

    private static String ms(double micros) { return String.format(Locale.ROOT, "%.2f", micros / 1e3); }

    private static String ratio(double a, double b) { return b <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b); }
}
