package io.decree.server;

import io.decree.engine.protocol.ReplicaOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A cluster of replica processes on this machine, in one directory: {@code cluster.toml}, {@code tls/},
 * {@code data/replica-N/}, {@code logs/replica-N.log} and {@code pids} (what {@code decree cluster down}
 * reads). {@code decree cluster up} is this class, and so is the multi-process fault suite's cluster: it
 * starts, stops (SIGTERM), kills (SIGKILL) and restarts replicas one by one, and finds the leader from the
 * replicas' structured logs ({@code event=leader ... self=true}).
 *
 * <p>Layout and launch: {@link #create} writes the files, {@link #start(int)} runs
 * {@link ProcessLauncher#command} for one replica. Nothing here sleeps for timing: waits poll a condition
 * until a deadline.
 *
 * <p>From another module's tests (the fault suite): depend on {@code decree-server}, set surefire's
 * {@code useManifestOnlyJar} to false (so {@code java.class.path} names the real jars), and use
 * {@link ProcessLauncher#current()}; {@link ProcessLauncher#withJvmOptions} changes the replicas' JVM
 * options (keep {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, which Agrona needs). A
 * replica's process id for SIGSTOP/SIGCONT is {@link #pid}; clients connect with {@link ClusterClients}.
 */
public final class LocalCluster implements AutoCloseable {
    public static final String CONFIG = "cluster.toml", PIDS = "pids";
    public static final long CLIENT_ID = 1;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The options {@code decree cluster up} writes: the defaults with time-outs for replicas that share one
     * machine's cores with each other (and with whatever else runs): heartbeats every 50 ms, elections after
     * 500-1000 ms of silence, a 500 ms lease. With the defaults' 150-300 ms, a loaded 2-core machine saw
     * leaders deposed by scheduling and JIT pauses alone (ballots in the millions within seconds). Checkpoints
     * as every replica process has them ({@link ServerDefaults}).
     */
    public static final ReplicaOptions LOCAL_OPTIONS;

    static {
        ReplicaOptions d = ServerDefaults.options();
        LOCAL_OPTIONS = new ReplicaOptions(d.window(), d.maxBatchCommands(), d.maxBatchBytes(), d.maxCommandBytes(), 50, 500, 500,
                100, d.requestTimeout(), d.maxCatchUpSlots(), 500, d.maxClockDrift(), d.snapshotInterval(), d.snapshotChunkBytes());
    }

    private final Path dir;
    private final ClusterConfig config;
    private final ProcessLauncher launcher;
    private final Map<Integer, ProcessHandle> processes = new TreeMap<>();
    /** The processes this JVM started (their exit status is known), a subset of {@link #processes}. */
    private final Map<Integer, Process> started = new TreeMap<>();

    private LocalCluster(Path dir, ClusterConfig config, ProcessLauncher launcher) {
        this.dir = dir;
        this.config = config;
        this.launcher = launcher;
    }

    /**
     * Writes a new {@code size}-replica cluster into {@code dir} (which must not hold one yet): certificates
     * for replicas 1..size and client {@value #CLIENT_ID}, the configuration with free loopback ports, and
     * the data and log directories. Starts nothing.
     */
    public static LocalCluster create(Path dir, int size, StorageKind storage, ReplicaOptions options, String tracePattern,
                                      CertificateWriter certificates, ProcessLauncher launcher) throws IOException {
        return create(dir, size, storage, options, tracePattern, TransportKind.TCP, certificates, launcher);
    }

    /**
     * As above, with replicas talking over {@code transport}. A local cluster has every replica on this host, so
     * {@code shm} works here (its rings in {@code data/shm}); {@code verbs} needs an RDMA device.
     */
    public static LocalCluster create(Path dir, int size, StorageKind storage, ReplicaOptions options, String tracePattern,
                                      TransportKind transport, CertificateWriter certificates, ProcessLauncher launcher) throws IOException {
        if (size < 1 || size > 9) throw new IllegalArgumentException("a local cluster has 1 to 9 replicas, got " + size);
        Path file = dir.resolve(CONFIG);
        if (Files.exists(file)) throw new IllegalArgumentException(dir + " already holds a cluster (" + file + "); use another --dir or remove it");
        Files.createDirectories(dir.resolve("logs"));
        Set<Integer> ids = new LinkedHashSet<>();
        List<Member> members = new ArrayList<>();
        int[] ports = freePorts(size);
        for (int id = 1; id <= size; id++) {
            ids.add(id);
            members.add(new Member(id, "127.0.0.1", ports[id - 1]));
        }
        certificates.write(dir.resolve("tls"), ids, Set.of(CLIENT_ID));
        Files.writeString(file, ConfigWriter.toml(members, "data", "tls", storage, options, tracePattern, transport, null), StandardCharsets.UTF_8);
        LocalCluster cluster = new LocalCluster(dir, ConfigLoader.load(file), launcher);
        for (Member m : members) Files.createDirectories(cluster.config.dataDir(m.id()));
        return cluster;
    }

    /** The cluster already in {@code dir}, with the processes its pid file names that still run. */
    public static LocalCluster open(Path dir, ProcessLauncher launcher) {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no cluster in " + dir + " (" + file + " is missing; `decree cluster up` writes it)");
        LocalCluster cluster = new LocalCluster(dir, ConfigLoader.load(file), launcher);
        cluster.processes.putAll(PidFile.read(dir.resolve(PIDS)));
        return cluster;
    }

    public Path dir() { return dir; }

    public Path configFile() { return dir.resolve(CONFIG); }

    public ClusterConfig config() { return config; }

    public Path logFile(int id) { return dir.resolve("logs").resolve("replica-" + id + ".log"); }

    /** Starts every replica that does not run. */
    public void startAll() throws IOException {
        for (Member m : config.members()) if (!isRunning(m.id())) start(m.id());
    }

    /** Starts replica {@code id} as a new process (a restart if it ran before: it recovers its data directory). */
    public synchronized ProcessHandle start(int id) throws IOException {
        config.requireMember(id, "replica");
        if (isRunning(id)) throw new IllegalStateException("replica " + id + " already runs (pid " + processes.get(id).pid() + ")");
        Process process = launcher.start(configFile(), id, logFile(id));
        processes.put(id, process.toHandle());
        started.put(id, process);
        PidFile.write(dir.resolve(PIDS), processes);
        return process.toHandle();
    }

    public synchronized boolean isRunning(int id) {
        ProcessHandle p = processes.get(id);
        return p != null && p.isAlive();
    }

    /** Replica {@code id}'s process id, if it was started. */
    public synchronized OptionalInt pid(int id) {
        ProcessHandle p = processes.get(id);
        return p == null ? OptionalInt.empty() : OptionalInt.of((int) p.pid());
    }

    public synchronized Map<Integer, ProcessHandle> processes() { return java.util.Collections.unmodifiableMap(new TreeMap<>(processes)); }

    /** SIGTERM (graceful shutdown), then waits for the exit; returns the exit status if known. */
    public Optional<Integer> stop(int id) throws TimeoutException, InterruptedException { return end(id, false); }

    /** SIGKILL (a crash), then waits for the exit. */
    public Optional<Integer> kill(int id) throws TimeoutException, InterruptedException { return end(id, true); }

    private Optional<Integer> end(int id, boolean force) throws TimeoutException, InterruptedException {
        ProcessHandle p;
        Process own;
        synchronized (this) {
            p = processes.get(id);
            own = started.get(id);
        }
        if (p == null || !p.isAlive()) return Optional.empty();
        boolean sent = force ? p.destroyForcibly() : p.destroy();
        if (!sent && p.isAlive()) throw new IllegalStateException("could not signal replica " + id + " (pid " + p.pid() + ")");
        try {
            p.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException("replica " + id + " (pid " + p.pid() + ") did not exit within " + STOP_TIMEOUT.toSeconds() + " s of " + (force ? "SIGKILL" : "SIGTERM"));
        }
        // A process another decree invocation started (read from the pid file) has no status we can read.
        return own == null ? Optional.empty() : Optional.of(own.exitValue());
    }

    /** Stops every running replica (SIGTERM to all, then waits for each). */
    public void stopAll() throws TimeoutException, InterruptedException {
        List<Integer> ids;
        synchronized (this) {
            ids = List.copyOf(processes.keySet());
        }
        for (int id : ids) {
            ProcessHandle p = processes.get(id);
            if (p.isAlive()) p.destroy(); // all at once: they shut down in parallel
        }
        for (int id : ids) stop(id);
        synchronized (this) {
            processes.clear();
            started.clear();
            PidFile.write(dir.resolve(PIDS), processes);
        }
    }

    @Override public void close() {
        try {
            stopAll();
        } catch (TimeoutException e) {
            processes().values().forEach(ProcessHandle::destroyForcibly);
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            processes().values().forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The replica that last logged that it leads, among the running ones, with the highest ballot; empty if
     * none does (no election yet, or the last leader died).
     */
    public OptionalInt leader() {
        int best = 0;
        long bestBallot = Long.MIN_VALUE;
        for (Member m : config.members()) {
            if (!isRunning(m.id())) continue;
            Optional<LogLine> last = LogLine.lastEvent(logFile(m.id()), "leader");
            if (last.isPresent() && "true".equals(last.get().get("self"))) {
                long ballot = Long.parseLong(last.get().get("ballot"));
                if (ballot > bestBallot) {
                    bestBallot = ballot;
                    best = m.id();
                }
            }
        }
        return best == 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /**
     * Waits until a running replica says it leads; fails with the tail of every replica's log if none does
     * within {@code timeout}, or if a replica process exits meanwhile (a bad configuration, a port in use).
     */
    public int awaitLeader(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            OptionalInt leader = leader();
            if (leader.isPresent()) return leader.getAsInt();
            for (Map.Entry<Integer, ProcessHandle> e : processes().entrySet())
                if (!e.getValue().isAlive())
                    throw new IllegalStateException("replica " + e.getKey() + " exited while the cluster was starting:\n" + tail(e.getKey(), 10));
            Thread.sleep(20);
        }
        StringBuilder logs = new StringBuilder();
        for (Member m : config.members()) logs.append(tail(m.id(), 5));
        throw new TimeoutException("no leader elected within " + timeout.toMillis() + " ms; the replicas' logs end with:\n" + logs);
    }

    /** The last {@code lines} lines of replica {@code id}'s log, each prefixed with the replica. */
    public String tail(int id, int lines) {
        try (Stream<String> all = Files.exists(logFile(id)) ? Files.lines(logFile(id)) : Stream.empty()) {
            List<String> list = all.toList();
            StringBuilder s = new StringBuilder();
            for (String line : list.subList(Math.max(0, list.size() - lines), list.size()))
                s.append("  [replica ").append(id).append("] ").append(line).append('\n');
            return s.toString();
        } catch (IOException | UncheckedIOException e) {
            return "  [replica " + id + "] (log unreadable: " + e.getMessage() + ")\n";
        }
    }

    /** Loopback ports free right now (bound and released; a replica binding them later may still race). */
    public static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) s.close();
        }
        return ports;
    }
}
