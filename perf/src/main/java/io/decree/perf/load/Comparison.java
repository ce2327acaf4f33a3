package io.decree.perf.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a {@code decree load --compare} measured: every point's result, the points that failed (with why) and
 * those skipped (with why), and the open-loop rates as resolved (a percentage becomes ops/s once the slowest
 * saturation is known). {@link CompareTable} renders it; {@link SweepPlan#exitStatus} judges it.
 */
final class Comparison {
    /** One measurement: a target in closed loop at {@code value} connections, or in open loop at {@code value} ops/s. */
    record Point(String target, LoadOptions.Mode mode, String value) {
        static Point closed(String target, int connections) { return new Point(target, LoadOptions.Mode.CLOSED, Integer.toString(connections)); }

        static Point open(String target, String rate) { return new Point(target, LoadOptions.Mode.OPEN, rate); }

        @Override public String toString() {
            return target + (mode == LoadOptions.Mode.CLOSED ? " closed loop at " + value + " connections" : " open loop at " + value + " ops/s");
        }
    }

    private final List<LoadResult> results = new ArrayList<>();
    private final Map<Point, String> failed = new LinkedHashMap<>(), skipped = new LinkedHashMap<>();
    private final Map<SweepPlan.Rate, OptionalDouble> resolvedRates = new LinkedHashMap<>();

    void add(LoadResult r) { results.add(r); }

    void fail(Point p, String why) { failed.put(p, why); }

    void skip(Point p, String why) { skipped.put(p, why); }

    void resolved(SweepPlan.Rate rate, OptionalDouble opsPerSecond) { resolvedRates.put(rate, opsPerSecond); }

    List<LoadResult> results() { return Collections.unmodifiableList(results); }

    Map<Point, String> failed() { return Collections.unmodifiableMap(failed); }

    Map<Point, String> skipped() { return Collections.unmodifiableMap(skipped); }

    Map<SweepPlan.Rate, OptionalDouble> resolvedRates() { return Collections.unmodifiableMap(resolvedRates); }

    /** True if a point of {@code target} failed: its remaining points are skipped rather than run into the same wall. */
    boolean broken(String target) { return failed.keySet().stream().anyMatch(p -> p.target().equals(target)); }

    /** The target's saturation: its closed-loop point with the most ops/s. */
    Optional<LoadResult> saturation(String target) {
        return results.stream().filter(r -> r.target().equals(target) && r.options().mode() == LoadOptions.Mode.CLOSED)
                .max((a, b) -> Double.compare(a.opsPerSecond(), b.opsPerSecond()));
    }

    /** The lowest saturation among {@code targets} that have one (a failed target has none and does not count). */
    OptionalDouble slowestSaturation(List<String> targets) {
        return targets.stream().map(this::saturation).flatMap(Optional::stream).filter(r -> r.ops() > 0)
                .mapToDouble(LoadResult::opsPerSecond).min();
    }

    /** The target's open-loop result at {@code opsPerSecond}. */
    Optional<LoadResult> openAt(String target, int opsPerSecond) {
        return results.stream().filter(r -> r.target().equals(target) && r.options().mode() == LoadOptions.Mode.OPEN
                && r.options().rate() == opsPerSecond).findFirst();
    }

    static String rateLabel(SweepPlan.Rate rate, OptionalDouble resolved) {
        if (!rate.percent()) return Integer.toString(rate.value());
        return resolved.isEmpty() ? rate + " (no saturation known)" : String.format(Locale.ROOT, "%.0f (%s)", resolved.getAsDouble(), rate);
    }
}
