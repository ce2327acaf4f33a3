package io.decree.engine.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The metrics one process exposes: named counters, gauges and histograms, each with a help line and
 * labels (for example {@code replica="1"}). Registration happens at start-up and may allocate; recording
 * goes straight to the {@link Counter} or {@link Histogram}, which never allocate, and reading happens on
 * the exporter's thread ({@link PrometheusText}). Several series may share a name when their labels differ
 * (one per replica in an in-process cluster); they must then agree on type and help.
 */
public final class MetricsRegistry {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABELS = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*=\"[^\"\\\\\\n]*\")(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"\\\\\\n]*\")*");

    public enum Type { COUNTER, GAUGE, HISTOGRAM }

    /**
     * One series. {@code scale} multiplies a histogram's bucket bounds and sum on export (1e-9 turns
     * nanoseconds into the seconds Prometheus expects); counters and gauges export their value as is.
     */
    public record Series(String name, String help, Type type, String labels, Counter counter, LongSupplier gauge,
                         Histogram histogram, double scale) {}

    private final List<Series> series = new ArrayList<>();

    /** Registers a counter; its exported name gets the {@code _total} suffix Prometheus expects. */
    public synchronized MetricsRegistry counter(String name, String help, String labels, Counter counter) {
        return add(new Series(name, help, Type.COUNTER, labels, counter, null, null, 1));
    }

    public synchronized MetricsRegistry gauge(String name, String help, String labels, LongSupplier gauge) {
        return add(new Series(name, help, Type.GAUGE, labels, null, gauge, null, 1));
    }

    public synchronized MetricsRegistry histogram(String name, String help, String labels, Histogram histogram, double scale) {
        return add(new Series(name, help, Type.HISTOGRAM, labels, null, null, histogram, scale));
    }

    /** Every series in registration order (a copy: the exporter reads it while others may register). */
    public synchronized List<Series> series() { return List.copyOf(series); }

    private MetricsRegistry add(Series s) {
        if (!NAME.matcher(s.name()).matches()) throw new IllegalArgumentException("metric name '" + s.name() + "' is not a Prometheus name");
        if (!s.labels().isEmpty() && !LABELS.matcher(s.labels()).matches())
            throw new IllegalArgumentException("metric " + s.name() + ": labels '" + s.labels() + "' are not name=\"value\" pairs separated by commas");
        for (Series other : series) {
            if (!other.name().equals(s.name())) continue;
            if (other.type() != s.type() || !other.help().equals(s.help()))
                throw new IllegalArgumentException("metric " + s.name() + " is already registered as a " + other.type() + " with another help text");
            if (other.labels().equals(s.labels()))
                throw new IllegalArgumentException("metric " + s.name() + "{" + s.labels() + "} is already registered");
        }
        series.add(s);
        return this;
    }
}
