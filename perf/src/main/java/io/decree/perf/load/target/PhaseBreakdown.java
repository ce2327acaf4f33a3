package io.decree.perf.load.target;

import io.decree.engine.metrics.MetricsRegistry;
import io.decree.engine.metrics.PrometheusText;
import io.decree.engine.runtime.InProcessCluster;
import io.decree.engine.runtime.RunnerMetrics;
import io.decree.server.LocalCluster;
import io.decree.server.LogLine;
import io.decree.server.Member;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The replicas' own account of the measured interval, from their Prometheus metrics: a replica process serves
 * them ({@code -Ddecree.metricsPort=0}, address logged as {@code event=metrics}; {@link #overHttp}), replicas in
 * this JVM are formatted directly ({@link #inProcess}). {@link #mark} takes the first reading when the interval
 * starts, on a thread of its own so the harness's one-second ticks do not wait for three HTTP round trips on a
 * starved machine, and {@link #report} the second when it ends. A histogram's mean over the interval is the difference of its
 * {@code _sum} over that of its {@code _count}; its median is the upper bound of the power-of-two bucket where the
 * difference of the cumulative counts reaches half (right within a factor of two).
 */
final class PhaseBreakdown {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String[][] PHASES = {
            {"decree_phase_client_to_2a_seconds", "client->2a"}, {"decree_phase_2a_to_quorum_seconds", "2a->quorum"},
            {"decree_phase_quorum_to_execute_seconds", "quorum->execute"}, {"decree_phase_execute_to_reply_seconds", "execute->reply"},
            {"decree_phase_2a_to_reply_seconds", "2a->reply"}};

    private final List<Integer> ids;
    /** A replica's metrics in the text format, or null if it cannot be read now. */
    private final IntFunction<String> text;
    private CompletableFuture<Map<Integer, Map<String, Double>>> start;

    private PhaseBreakdown(List<Integer> ids, IntFunction<String> text) {
        this.ids = List.copyOf(ids);
        this.text = text;
    }

    /** Replica processes of {@code cluster}, each serving its metrics at the address its log names. */
    static PhaseBreakdown overHttp(LocalCluster cluster) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        return new PhaseBreakdown(cluster.config().members().stream().map(Member::id).toList(), id -> {
            String address = LogLine.lastEvent(cluster.logFile(id), "metrics").map(l -> l.get("address")).orElse(null);
            if (address == null) return null;
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(address)).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r.body() : null;
            } catch (IOException e) {
                return null; // reported as a replica without metrics
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        });
    }

    /** Replicas in this JVM. */
    static PhaseBreakdown inProcess(InProcessCluster cluster) {
        List<Integer> ids = new ArrayList<>();
        Map<Integer, MetricsRegistry> registries = new HashMap<>();
        for (int id = 1; id <= cluster.size(); id++) {
            MetricsRegistry registry = new MetricsRegistry();
            RunnerMetrics.register(registry, cluster.runner(id));
            registries.put(id, registry);
            ids.add(id);
        }
        return new PhaseBreakdown(ids, id -> PrometheusText.format(registries.get(id)));
    }

    void mark() { start = CompletableFuture.supplyAsync(this::scrapeAll, r -> Thread.ofPlatform().daemon().name("load-metrics").start(r)); }

    /** One line per replica (the leader's with the per-phase latencies), or why there is none. */
    List<String> report() {
        if (start == null) return List.of("replica metrics: not marked at the start of the measured interval");
        Map<Integer, Map<String, Double>> first = start.join(), end = scrapeAll();
        List<String> lines = new ArrayList<>();
        for (int id : ids) {
            Map<String, Double> a = first.get(id), b = end.get(id);
            if (a == null || b == null) {
                lines.add("replica " + id + ": no metrics (endpoint not logged or not answering)");
                continue;
            }
            Delta d = new Delta(a, b, "replica=\"" + id + "\"");
            boolean leads = d.counter("decree_decrees_proposed") > 0;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "replica %d%s: %,.0f commands executed; %,.0f turns (mean %.2f ms, %.1f events each, queue %.1f at start); %,.0f syncs (mean %.2f ms, p50 <= %.2f ms)",
                    id, leads ? " (leader)" : "", d.counter("decree_commands_executed"), d.count("decree_turn_seconds"),
                    d.mean("decree_turn_seconds") * 1e3, d.mean("decree_turn_events"), d.mean("decree_queue_depth"),
                    d.count("decree_sync_seconds"), d.mean("decree_sync_seconds") * 1e3, d.median("decree_sync_seconds") * 1e3));
            if (leads) {
                line.append(String.format(Locale.ROOT, "; %,.0f decrees proposed, %.1f commands per decree, %.1f slots in flight; phases mean (p50 <=) ms:",
                        d.counter("decree_decrees_proposed"), d.mean("decree_batch_commands"), d.mean("decree_pipeline_occupancy")));
                for (String[] phase : PHASES)
                    line.append(String.format(Locale.ROOT, " %s %.2f (%.2f)", phase[1], d.mean(phase[0]) * 1e3, d.median(phase[0]) * 1e3));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private Map<Integer, Map<String, Double>> scrapeAll() {
        Map<Integer, Map<String, Double>> all = new HashMap<>();
        for (int id : ids) {
            String body = text.apply(id);
            if (body != null) all.put(id, parse(body));
        }
        return all;
    }

    /** Sample lines of the text format: {@code name{labels} value}, keyed by everything before the value. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** Differences between two scrapes of one replica. */
    private record Delta(Map<String, Double> a, Map<String, Double> b, String replica) {
        double value(String series) { return b.getOrDefault(series, 0.0) - a.getOrDefault(series, 0.0); }

        double counter(String name) { return value(name + "_total{" + replica + "}"); }

        double count(String name) { return value(name + "_count{" + replica + "}"); }

        double mean(String name) {
            double n = count(name);
            return n == 0 ? 0 : value(name + "_sum{" + replica + "}") / n;
        }

        double median(String name) {
            double half = count(name) / 2;
            if (half == 0) return 0;
            String prefix = name + "_bucket{" + replica + ",le=\"";
            TreeMap<Double, Double> cumulative = new TreeMap<>();
            for (String series : b.keySet())
                if (series.startsWith(prefix) && !series.endsWith("+Inf\"}"))
                    cumulative.put(Double.parseDouble(series.substring(prefix.length(), series.length() - 2)), value(series));
            for (Map.Entry<Double, Double> e : cumulative.entrySet()) if (e.getValue() >= half) return e.getKey();
            return Double.POSITIVE_INFINITY;
        }
    }
}
