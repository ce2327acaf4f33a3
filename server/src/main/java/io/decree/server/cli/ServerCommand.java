package io.decree.server.cli;

import io.decree.server.ClusterConfig;
import io.decree.server.ConfigLoader;
import io.decree.server.MetricsEndpoint;
import io.decree.server.ReplicaServer;
import io.decree.server.ServerLog;
import io.decree.server.ShmReplicaNetwork;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code decree server --config FILE --id N}: one replica process until SIGTERM. The shutdown hook closes
 * the server (stop accepting, stop the protocol thread, close the storage) and then halts with status 0:
 * without the halt the JVM would report 143 for a SIGTERM it handled cleanly. A protocol thread that dies
 * ends the process with status 1.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run one replica (durable storage, TCP with mutual TLS) until SIGTERM.")
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the cluster file (TOML)")
    Path config;

    @Option(names = "--id", required = true, paramLabel = "N", description = "this replica's id: a member of the cluster file")
    int id;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "serve Prometheus metrics at http://127.0.0.1:PORT/metrics (0: any free port, logged); off by default, "
                    + "or -Ddecree.metricsPort=PORT (how the load harness asks replicas it starts)")
    Integer metricsPort;

    /**
     * Writes out JFR recordings started with {@code -XX:StartFlightRecording=filename=...}: JFR's own exit hook
     * runs concurrently with this one and {@code halt} would cut it off, leaving an empty file (docs/perf.md).
     */
    private static void stopFlightRecordings(ServerLog log) {
        if (!jdk.jfr.FlightRecorder.isInitialized()) return;
        for (jdk.jfr.Recording r : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() != jdk.jfr.RecordingState.RUNNING || r.getDestination() == null) continue;
            try {
                r.stop(); // a recording with a destination writes it on stop
                log.event("jfr", "file", r.getDestination());
            } catch (RuntimeException e) {
                log.event("jfr_error", "error", e.toString());
            }
        }
    }

    private static final String JUL_FORMAT = "java.util.logging.SimpleFormatter.format";

    @Override public Integer call() throws InterruptedException {
        // The network logs through System.Logger (java.util.logging by default): one key=value line per
        // event, like ServerLog's, instead of JUL's two-line default. Set before the first logger exists.
        if (System.getProperty(JUL_FORMAT) == null)
            System.setProperty(JUL_FORMAT, "ts=%1$tFT%1$tT.%1$tL%1$tz level=%4$s replica=" + id + " %5$s%6$s%n");
        ClusterConfig cluster = ConfigLoader.load(config);
        ServerLog log = new ServerLog(System.err, id);
        ReplicaServer server = ReplicaServer.start(cluster, id, log, ShmReplicaNetwork::openConfigured);
        Integer port = metricsPort != null ? metricsPort : Integer.getInteger("decree.metricsPort");
        MetricsEndpoint metrics = port == null ? null : server.serveMetrics(port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.event("signal", "action", "shutting down");
            // The hook also runs when call() returned 1 for a dead protocol thread (System.exit(1) runs hooks),
            // and halt() here decides the exit status: a failed replica must not exit 0 (a supervisor would
            // take it for a clean stop). The long-tier disk-full runs saw exactly that, 3 times in 8.
            int status = server.failure() != null ? 1 : 0;
            try {
                if (metrics != null) metrics.close();
                server.close();
            } catch (RuntimeException e) {
                log.event("shutdown_error", "error", e.toString());
                status = 1;
            }
            stopFlightRecordings(log);
            Runtime.getRuntime().halt(status);
        }, "decree-server-" + id + "-shutdown"));
        server.awaitTermination();
        // Only a dead protocol thread gets here (a clean close halts in the hook).
        Throwable failure = server.failure();
        if (failure != null) {
            failure.printStackTrace();
            return 1;
        }
        return 0;
    }
}
