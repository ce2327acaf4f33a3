package io.decree.server.cli;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.statemachine.KvCommand;
import io.decree.server.ClusterCertificates;
import io.decree.server.ClusterClients;
import io.decree.server.LocalCluster;
import io.decree.server.Member;
import io.decree.server.ProcessLauncher;
import io.decree.server.StorageKind;
import io.decree.server.TransportKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code decree cluster up|down|status}: a local cluster of replica processes in one directory ({@link LocalCluster}). */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "A local cluster of replica processes on loopback.",
        subcommands = {ClusterCommand.Up.class, ClusterCommand.Down.class, ClusterCommand.Status.class})
public final class ClusterCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Generate certificates, configuration and data directories for N replicas in DIR (or reuse the "
                    + "cluster already there), start one process per replica, and wait until a leader answers.")
    static final class Up implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "N", description = "number of replicas, 1..9 (a cluster already in DIR keeps its own)")
        int size;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the cluster's directory")
        Path dir;

        @Option(names = "--storage", defaultValue = "file", paramLabel = "KIND", description = "file or pmem (default: ${DEFAULT-VALUE})")
        String storage;

        @Option(names = "--transport", defaultValue = "tcp", paramLabel = "KIND",
                description = "how replicas reach each other: tcp (TLS), shm (shared-memory rings on this host) or verbs (RDMA; needs a device) (default: ${DEFAULT-VALUE}); clients use TCP")
        String transport;

        @Option(names = "--trace", description = "each replica writes its spec trace to DIR/trace/replica-N.ndjson")
        boolean trace;

        @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "how long to wait for a leader (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override public Integer call() throws IOException, TimeoutException, InterruptedException {
            long started = System.nanoTime();
            ProcessLauncher launcher = ProcessLauncher.current();
            LocalCluster cluster;
            if (Files.exists(dir.resolve(LocalCluster.CONFIG))) {
                cluster = LocalCluster.open(dir, launcher);
                if (cluster.config().members().size() != size)
                    throw new Main.UserError(dir + " holds a " + cluster.config().members().size() + "-replica cluster, not " + size
                            + "; use another --dir, or `decree cluster up " + cluster.config().members().size() + " --dir " + dir + "`");
                System.out.println("cluster: restarting the cluster in " + dir + " (its data is kept)");
            } else {
                StorageKind kind = switch (storage) {
                    case "file" -> StorageKind.FILE;
                    case "pmem" -> StorageKind.PMEM;
                    default -> throw new Main.UserError("--storage takes file or pmem, got '" + storage + "'");
                };
                TransportKind links = TransportKind.parse(transport);
                if (links == null) throw new Main.UserError("--transport takes tcp, shm or verbs, got '" + transport + "'");
                cluster = LocalCluster.create(dir, size, kind, LocalCluster.LOCAL_OPTIONS, trace ? "trace/replica-{id}.ndjson" : null,
                        links, ClusterCertificates.WRITER, launcher);
            }
            cluster.startAll();
            int leader;
            try {
                leader = cluster.awaitLeader(Duration.ofSeconds(timeoutSeconds));
                // The leader's log line is its word; a client round trip shows it answers over the network.
                // It gets what is left of --timeout (at least 10 s): on a loaded machine elections may churn a while.
                long leftMillis = Math.max(10_000, timeoutSeconds * 1_000L - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                DecreeClient.Options patient = new DecreeClient.Options(2_000, leftMillis);
                try (DecreeClient client = ClusterClients.connect(cluster.config(), cluster.dir().resolve("tls"), LocalCluster.CLIENT_ID, patient)) {
                    client.read(KvCommand.get("decree:cluster-up").encode());
                    leader = client.leader();
                }
            } catch (TimeoutException | RuntimeException e) {
                System.err.println("cluster: not up; stopping the replicas started (logs in " + dir.resolve("logs") + ")");
                cluster.stopAll();
                throw e;
            }
            Map<Integer, ProcessHandle> processes = cluster.processes();
            System.out.printf("cluster: %d replicas up in %s (transport %s), leader replica %d, in %.1f s%n", processes.size(), dir,
                    cluster.config().transport().configName(), leader, (System.nanoTime() - started) / 1e9);
            for (Member m : cluster.config().members())
                System.out.printf("  replica %d  %s:%d  pid %d  log %s%n", m.id(), m.host(), m.port(), processes.get(m.id()).pid(), cluster.logFile(m.id()));
            System.out.println("try:");
            System.out.println("  ./decree kv --dir " + dir + " put greeting hello");
            System.out.println("  ./decree kv --dir " + dir + " get greeting");
            System.out.println("  ./decree kv --dir " + dir + " cas greeting hello bonjour");
            System.out.println("stop: ./decree cluster down --dir " + dir);
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Send SIGTERM to the replicas `cluster up` started in DIR and wait until they exit.")
    static final class Down implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the cluster's directory")
        Path dir;

        @Override public Integer call() throws TimeoutException, InterruptedException {
            LocalCluster cluster = LocalCluster.open(dir, ProcessLauncher.current());
            Map<Integer, ProcessHandle> running = cluster.processes();
            if (running.isEmpty()) {
                System.out.println("cluster: no replica of " + dir + " runs");
                return 0;
            }
            cluster.stopAll();
            for (Map.Entry<Integer, ProcessHandle> e : running.entrySet()) {
                Optional<LogLineView> last = LogLineView.shutdown(cluster, e.getKey());
                System.out.printf("  replica %d (pid %d) stopped%s%n", e.getKey(), e.getValue().pid(),
                        last.map(l -> ", " + l.describe()).orElse(""));
            }
            System.out.println("cluster: " + running.size() + " replica(s) stopped; data kept in " + dir.resolve("data"));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Which replicas of DIR run, and which leads.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the cluster's directory")
        Path dir;

        @Override public Integer call() {
            LocalCluster cluster = LocalCluster.open(dir, ProcessLauncher.current());
            Map<Integer, ProcessHandle> running = cluster.processes();
            OptionalInt leader = cluster.leader();
            for (Member m : cluster.config().members()) {
                ProcessHandle p = running.get(m.id());
                System.out.printf("  replica %d  %s:%d  %s%s%n", m.id(), m.host(), m.port(),
                        p == null ? "stopped" : "running, pid " + p.pid(),
                        leader.isPresent() && leader.getAsInt() == m.id() ? ", leader" : "");
            }
            System.out.println("cluster: " + running.size() + " of " + cluster.config().members().size() + " replicas running"
                    + (leader.isPresent() ? ", leader replica " + leader.getAsInt() : ", no leader known"));
            return running.isEmpty() ? 3 : 0;
        }
    }

    /** What a stopped replica said last about its shutdown. */
    record LogLineView(String applied, String clean) {
        static Optional<LogLineView> shutdown(LocalCluster cluster, int id) {
            return io.decree.server.LogLine.lastEvent(cluster.logFile(id), "shutdown")
                    .map(l -> new LogLineView(l.get("applied"), l.get("clean")));
        }

        String describe() { return "clean=" + clean + ", " + applied + " slots applied"; }
    }
}
