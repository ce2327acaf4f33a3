package io.decree.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test void bucketsArePowersOfTwoWithInclusiveUpperBounds() {
        assertEquals(0, Histogram.bucketOf(0));
        assertEquals(0, Histogram.bucketOf(1));
        assertEquals(1, Histogram.bucketOf(2));
        assertEquals(2, Histogram.bucketOf(3));
        assertEquals(2, Histogram.bucketOf(4));
        assertEquals(3, Histogram.bucketOf(5));
        assertEquals(10, Histogram.bucketOf(1024));
        assertEquals(11, Histogram.bucketOf(1025));
        assertEquals(63, Histogram.bucketOf(Long.MAX_VALUE));
        for (long v : new long[] {2, 3, 7, 8, 9, 1000, 1L << 40, (1L << 40) + 1})
            assertEquals(true, v <= Histogram.upperBound(Histogram.bucketOf(v)) && v > Histogram.upperBound(Histogram.bucketOf(v) - 1), "value " + v);
    }

    @Test void countsSumAndQuantiles() {
        Histogram h = new Histogram();
        for (int i = 1; i <= 100; i++) h.record(i);
        h.record(-5); // counts as 0
        assertEquals(101, h.count());
        assertEquals(5050, h.sum());
        assertEquals(64, h.quantileUpperBound(0.5)); // the 51st value, 50, lies in (32, 64]
        assertEquals(128, h.quantileUpperBound(1.0));
        assertEquals(0, new Histogram().quantileUpperBound(0.5));
    }

    @Test void prometheusTextIsCumulativeAndScaled() {
        Histogram h = new Histogram();
        h.record(1_000); // 1 µs in ns: bucket (512, 1024]
        h.record(3_000_000);
        Counter c = new Counter();
        c.add(7);
        MetricsRegistry r = new MetricsRegistry()
                .counter("decree_things", "Things", "replica=\"1\"", c)
                .counter("decree_things", "Things", "replica=\"2\"", new Counter())
                .histogram("decree_wait_seconds", "Waits", "", h, 1e-9)
                .gauge("decree_depth", "Depth", "replica=\"1\"", () -> 42);
        String text = PrometheusText.format(r);
        Map<String, Double> s = PrometheusParser.parse(text);
        assertEquals(7.0, s.get("decree_things_total{replica=\"1\"}"));
        assertEquals(0.0, s.get("decree_things_total{replica=\"2\"}"));
        assertEquals(42.0, s.get("decree_depth{replica=\"1\"}"));
        assertEquals(1.0, s.get("decree_wait_seconds_bucket{le=\"1.024E-6\"}"));
        assertEquals(2.0, s.get("decree_wait_seconds_bucket{le=\"+Inf\"}"));
        assertEquals(2.0, s.get("decree_wait_seconds_count"));
        assertEquals(0.003001, s.get("decree_wait_seconds_sum"), 1e-12);
        assertEquals(1, text.split("# TYPE decree_things_total counter", -1).length - 1, "one TYPE line per name");
    }

    @Test void registryRefusesBadNamesAndClashes() {
        MetricsRegistry r = new MetricsRegistry().counter("decree_x", "X", "a=\"1\"", new Counter());
        assertThrows(IllegalArgumentException.class, () -> r.counter("decree x", "X", "", new Counter()));
        assertThrows(IllegalArgumentException.class, () -> r.counter("decree_x", "X", "a=\"1\"", new Counter()));
        assertThrows(IllegalArgumentException.class, () -> r.gauge("decree_x", "X", "a=\"2\"", () -> 1));
        assertThrows(IllegalArgumentException.class, () -> r.counter("decree_y", "Y", "a=1", new Counter()));
    }
}
