package io.decree.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.metrics.MetricsRegistry;
import io.decree.engine.runtime.InProcessCluster;
import io.decree.engine.runtime.RunnerMetrics;
import io.decree.engine.statemachine.KvCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The endpoint `decree server --metrics-port` starts: Prometheus text over HTTP on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*\\})?) (-?[0-9.E+-]+|\\+Inf|NaN)");

    @Test void servesParseablePrometheusTextOfARunningCluster() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(3, 0x3E7_0002L)) {
            int leader = cluster.awaitLeader(10_000);
            for (int i = 0; i < 50; i++) cluster.execute(KvCommand.put("k", "v" + i));
            MetricsRegistry registry = new MetricsRegistry();
            RunnerMetrics.register(registry, cluster.runner(leader));
            try (MetricsEndpoint endpoint = MetricsEndpoint.start(0, registry)) {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ok.statusCode());
                assertEquals("text/plain; version=0.0.4; charset=utf-8", ok.headers().firstValue("Content-Type").orElseThrow());
                Map<String, Double> samples = new HashMap<>();
                for (String line : ok.body().split("\n")) {
                    if (line.startsWith("# HELP ") || line.matches("# TYPE \\S+ (counter|gauge|histogram)")) continue;
                    Matcher m = SAMPLE.matcher(line);
                    assertTrue(m.matches(), "not a Prometheus sample line: '" + line + "'");
                    samples.put(m.group(1), Double.parseDouble(m.group(4).replace("+Inf", "Infinity")));
                }
                String replica = "{replica=\"" + leader + "\"}";
                assertTrue(samples.get("decree_commands_executed_total" + replica) >= 50, "commands executed: " + samples.get("decree_commands_executed_total" + replica));
                assertEquals(1.0, samples.get("decree_is_leader" + replica));
                assertTrue(samples.get("decree_sync_seconds_count" + replica) > 0);
                assertTrue(samples.containsKey("decree_phase_client_to_2a_seconds_bucket{replica=\"" + leader + "\",le=\"+Inf\"}"));

                HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/other")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(404, missing.statusCode());
                assertTrue(missing.body().contains("/metrics"));
            }
        }
    }
}
