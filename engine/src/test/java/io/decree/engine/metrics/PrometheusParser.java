package io.decree.engine.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format for tests: every line is a {@code # HELP}, a {@code # TYPE}
 * naming a known type, or a sample {@code name{labels} value}; anything else fails with the line. Histogram
 * buckets must be cumulative and end with {@code +Inf} equal to {@code _count}. Returns samples by
 * {@code name{labels}} as written.
 */
public final class PrometheusParser {
    private static final Pattern HELP = Pattern.compile("# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*)?\\})? (\\S+)");

    private PrometheusParser() {}

    public static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        Map<String, Double> lastBucket = new HashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                if (n == text.split("\n", -1).length) continue; // the final newline
                throw new AssertionError("line " + n + " is empty");
            }
            if (line.startsWith("# HELP ")) {
                if (!HELP.matcher(line).matches()) throw new AssertionError("line " + n + ": bad HELP: " + line);
                continue;
            }
            if (line.startsWith("#")) {
                if (!TYPE.matcher(line).matches()) throw new AssertionError("line " + n + ": bad comment: " + line);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) throw new AssertionError("line " + n + ": not a sample: " + line);
            double value;
            String v = m.group(5);
            value = v.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v);
            String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            if (samples.put(key, value) != null) throw new AssertionError("line " + n + ": sample repeated: " + key);
            if (m.group(1).endsWith("_bucket")) {
                String series = m.group(1) + "{" + m.group(3).replaceAll(",?le=\"[^\"]*\"", "") + "}";
                Double previous = lastBucket.put(series, value);
                if (previous != null && previous > value) throw new AssertionError("line " + n + ": buckets not cumulative: " + line);
                if (line.contains("le=\"+Inf\"")) lastBucket.remove(series);
            }
        }
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            if (!e.getKey().contains("le=\"+Inf\"")) continue;
            String count = e.getKey().replace("_bucket{", "_count{").replaceAll(",?le=\"\\+Inf\"", "").replace("{}", "");
            if (!e.getValue().equals(samples.get(count))) throw new AssertionError(e.getKey() + " = " + e.getValue() + " but " + count + " = " + samples.get(count));
        }
        return samples;
    }
}
