package io.decree.perf.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The points {@code decree load --compare} measures: closed-loop concurrencies ({@code --sweep}; a target's
 * saturation is its best point, since one fixed concurrency under- or over-loads some target: 64 connections
 * left Ratis at a third of what 1,024 got, session 7) and open-loop rates ({@code --rates}), each either in ops/s
 * or a percentage of the slowest target's saturation, so that one point is a rate every target serves.
 */
final class SweepPlan {
    private SweepPlan() {}

    /** An open-loop rate: {@code value} ops/s, or {@code value} percent of the slowest saturation if {@code percent}. */
    record Rate(int value, boolean percent) {
        Rate {
            if (value < 1) throw new IllegalArgumentException("a rate must be at least 1, got " + value);
            if (percent && value > 100) throw new IllegalArgumentException("a percentage rate must be 1% to 100%, got " + value + "%");
        }

        /** Ops/s for this point, given the slowest target's saturation; empty for a percentage when none is known. */
        OptionalDouble resolve(OptionalDouble slowestSaturation) {
            if (!percent) return OptionalDouble.of(value);
            if (slowestSaturation.isEmpty()) return OptionalDouble.empty();
            return OptionalDouble.of(Math.max(1, Math.floor(slowestSaturation.getAsDouble() * value / 100.0)));
        }

        @Override public String toString() { return percent ? value + "%" : Integer.toString(value); }
    }

    /** {@code --sweep}: comma-separated connection counts, each at least 1, no repeats. */
    static List<Integer> parseSweep(String text) {
        List<Integer> sweep = new ArrayList<>();
        for (String item : items("--sweep", text)) {
            int connections;
            try {
                connections = Integer.parseInt(item);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sweep takes connection counts like 64,256,1024; '" + item + "' is not a whole number");
            }
            if (connections < 1) throw new IllegalArgumentException("--sweep: a point needs at least 1 connection, got " + connections);
            if (sweep.contains(connections)) throw new IllegalArgumentException("--sweep: " + connections + " appears twice");
            sweep.add(connections);
        }
        return List.copyOf(sweep);
    }

    /** {@code --rates}: comma-separated ops/s ({@code 500}) or percentages of the slowest saturation ({@code 80%}). */
    static List<Rate> parseRates(String text) {
        List<Rate> rates = new ArrayList<>();
        for (String item : items("--rates", text)) {
            boolean percent = item.endsWith("%");
            String number = percent ? item.substring(0, item.length() - 1).trim() : item;
            Rate rate;
            try {
                rate = new Rate(Integer.parseInt(number), percent);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rates takes ops/s or percentages like 50,200,500,80%; '" + item + "' is neither");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--rates: '" + item + "': " + e.getMessage());
            }
            if (rates.contains(rate)) throw new IllegalArgumentException("--rates: " + item + " appears twice");
            rates.add(rate);
        }
        return List.copyOf(rates);
    }

    private static List<String> items(String option, String text) {
        List<String> items = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String item = raw.trim().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) throw new IllegalArgumentException(option + " has an empty item in '" + text + "'");
            items.add(item);
        }
        return items;
    }

    /**
     * Whether the target must be restarted before the next open-loop point: the last point fell behind its
     * schedule (served under 90% of the rate) or had commands without an outcome. Its backlog (queued requests,
     * a leader still catching followers up, clients reconnecting) would otherwise land in the next point's latency.
     */
    static boolean restartAfter(LoadResult last) {
        if (last == null) return false;
        return last.errors() > 0 || last.opsPerSecond() < 0.9 * last.options().rate();
    }

    /**
     * The exit status of a compare: 1 if a Decree target failed or was not checked clean (a point that threw, a
     * lost acknowledgement, an unreadable key, a stale read) or if any target, peer or not, lost an acknowledged
     * write; otherwise 0. A peer's failed or skipped point is reported in the table, not in the exit status: a
     * peer that cannot run on a starved machine says nothing about Decree.
     */
    static int exitStatus(Comparison c) {
        for (LoadResult r : c.results()) {
            if (!r.lostAcks().isEmpty()) return 1;
            if (isDecree(r.target()) && !r.passed()) return 1;
        }
        for (Comparison.Point p : c.failed().keySet())
            if (isDecree(p.target())) return 1;
        return 0;
    }

    static boolean isDecree(String target) { return target.startsWith("decree"); }
}
