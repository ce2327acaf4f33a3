package io.decree.engine.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a {@link MetricsRegistry} in the Prometheus text exposition format (version 0.0.4): one
 * {@code # HELP} and {@code # TYPE} line per name, then its samples. Counters get the {@code _total}
 * suffix; histograms give cumulative {@code _bucket{le="..."}} samples, {@code _sum} and {@code _count}.
 * Buckets above the highest one recorded are left out except {@code +Inf}, so an idle histogram costs a
 * few lines, not 64. Runs on the exporter's thread and allocates there, never on the protocol thread.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    public static String format(MetricsRegistry registry) {
        StringBuilder out = new StringBuilder(4096);
        List<MetricsRegistry.Series> all = registry.series();
        Set<String> described = new HashSet<>();
        for (MetricsRegistry.Series s : all) {
            String exported = s.type() == MetricsRegistry.Type.COUNTER ? s.name() + "_total" : s.name();
            if (described.add(s.name())) {
                out.append("# HELP ").append(exported).append(' ').append(s.help().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
                out.append("# TYPE ").append(exported).append(' ').append(s.type().name().toLowerCase(Locale.ROOT)).append('\n');
                // Samples of one name must be contiguous: write every series of this name now.
                for (MetricsRegistry.Series same : all) if (same.name().equals(s.name())) samples(out, exported, same);
            }
        }
        return out.toString();
    }

    private static void samples(StringBuilder out, String exported, MetricsRegistry.Series s) {
        switch (s.type()) {
            case COUNTER -> sample(out, exported, s.labels(), null, Long.toString(s.counter().get()));
            case GAUGE -> sample(out, exported, s.labels(), null, Long.toString(s.gauge().getAsLong()));
            case HISTOGRAM -> histogram(out, exported, s);
        }
    }

    private static void histogram(StringBuilder out, String name, MetricsRegistry.Series s) {
        Histogram h = s.histogram();
        long[] counts = new long[Histogram.BUCKETS];
        int highest = -1;
        for (int i = 0; i < Histogram.BUCKETS; i++) if ((counts[i] = h.bucket(i)) != 0) highest = i;
        long cumulative = 0;
        for (int i = 0; i <= highest && i < Histogram.BUCKETS - 1; i++) {
            cumulative += counts[i];
            sample(out, name + "_bucket", s.labels(), "le=\"" + number(Histogram.upperBound(i) * s.scale()) + "\"", Long.toString(cumulative));
        }
        if (highest == Histogram.BUCKETS - 1) cumulative += counts[highest];
        // +Inf must equal _count: take both from the buckets read above, not from the separately updated counter.
        sample(out, name + "_bucket", s.labels(), "le=\"+Inf\"", Long.toString(cumulative));
        sample(out, name + "_sum", s.labels(), null, number(h.sum() * s.scale()));
        sample(out, name + "_count", s.labels(), null, Long.toString(cumulative));
    }

    private static void sample(StringBuilder out, String name, String labels, String extra, String value) {
        out.append(name);
        if (!labels.isEmpty() || extra != null) {
            out.append('{').append(labels);
            if (extra != null) out.append(labels.isEmpty() ? "" : ",").append(extra);
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
