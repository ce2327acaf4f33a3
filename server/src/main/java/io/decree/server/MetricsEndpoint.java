package io.decree.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.decree.engine.metrics.MetricsRegistry;
import io.decree.engine.metrics.PrometheusText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} on 127.0.0.1: the registry in the Prometheus text format, from the JDK's own HTTP
 * server (no dependency) on one daemon thread. Formatting reads the counters the protocol thread writes and
 * allocates only here, so a scrape costs the replica nothing but cache traffic. Loopback only: the
 * figures say how loaded the replica is, and a scraper on the same host (or a tunnel) is what we support.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService thread;

    private MetricsEndpoint(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /** Serves {@code registry} on 127.0.0.1:{@code port} (0: an ephemeral port, see {@link #port()}). */
    public static MetricsEndpoint start(int port, MetricsRegistry registry) {
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("metrics port must be in 0..65535, got " + port);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for metrics on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/", exchange -> respond(exchange, registry));
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "decree-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        server.start();
        return new MetricsEndpoint(server, thread);
    }

    private static void respond(HttpExchange exchange, MetricsRegistry registry) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found: the metrics are at /metrics\n");
            } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method " + exchange.getRequestMethod() + " not allowed: use GET\n");
            } else {
                send(exchange, 200, PrometheusText.CONTENT_TYPE, PrometheusText.format(registry));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The port it listens on. */
    public int port() { return server.getAddress().getPort(); }

    @Override public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
