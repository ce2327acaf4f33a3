package io.decree.faults;

import io.decree.engine.protocol.ReplicaOptions;
import io.decree.server.CertificateWriter;
import io.decree.server.ConfigWriter;
import io.decree.server.LogLine;
import io.decree.server.Member;
import io.decree.server.ProcessLauncher;
import io.decree.server.StorageKind;
import io.decree.server.TransportKind;
import io.decree.engine.ring.LinkFaultHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N replica processes on loopback for the fault suite. Over TCP every peer link goes through a
 * {@link FaultProxy}; over the shared-memory rings ({@code transport = "shm"}) replicas write into each other's
 * rings in {@code shm/} and obey a {@link ShmLinkFaults} hook file ({@code link-faults.shm}), which is how
 * they are partitioned and delayed. Layout in {@code dir}: {@code cluster.toml} (the real addresses, for
 * clients), {@code replica-N.toml} (replica N's own view: over TCP its own real address and every peer at the
 * proxy link N->peer; over shm the same as the client's), {@code tls/}, {@code data/replica-N/} (a
 * {@link ScratchFilesystem} when tmpfs can be mounted, for the disk faults), {@code logs/replica-N.log} and
 * {@code traces/} when tracing is on.
 *
 * <p>The leader is read from the replicas' structured logs ({@code event=leader ... self=true ballot=B}), as
 * {@code LocalCluster} does: the running replica whose last such line claims leadership with the highest ballot.
 */
public final class ProcessCluster implements ClusterControl, AutoCloseable {
    private static final Duration PROCESS_LIMIT = Duration.ofSeconds(30);
    /** An upper bound on a replica's start (JVM, TLS, storage recovery): 60 s were seen under a load of 22. */
    private static final Duration START_LIMIT = Duration.ofMinutes(5);
    private static final Pattern STARTED = Pattern.compile(" event=start ");
    private static final Pattern LEADER_LINE = Pattern.compile(" event=leader .*self=true");
    /** What a replica must say when its disk fails: the kernel's own words, or the preflight naming data_dir. */
    static final Pattern DISK_FULL_ERROR = Pattern.compile("No space left on device");
    static final Pattern READ_ONLY_ERROR = Pattern.compile("Read-only file system|data_dir.*not readable and writable");

    private final Path dir;
    private final List<Integer> ids;
    private final TransportKind transport;
    private final LinkFaults links;
    private final Map<Integer, ManagedProcess> replicas = new TreeMap<>();
    private final Map<Integer, ScratchFilesystem> disks = new TreeMap<>();
    private final Function<Path, KvClient> clients;
    private final Optional<String> diskUnavailable;

    private ProcessCluster(Path dir, List<Integer> ids, TransportKind transport, LinkFaults links, Function<Path, KvClient> clients,
                           Optional<String> diskUnavailable) {
        this.dir = dir;
        this.ids = ids;
        this.transport = transport;
        this.links = links;
        this.clients = clients;
        this.diskUnavailable = diskUnavailable;
    }

    /**
     * Writes the cluster's files into {@code dir} and starts {@code size} replicas.
     *
     * @param certificates writes the CA and the replica and client certificates (as {@code decree certs} does)
     * @param clients      opens a client session from the client config file ({@code cluster.toml})
     * @param tmpfsBytes   size of each replica's tmpfs data directory; 0 for plain directories (no disk faults)
     * @param tracing      whether replicas write NDJSON spec traces into {@code traces/}
     */
    public static ProcessCluster start(Path dir, int size, ReplicaOptions options, CertificateWriter certificates,
                                       Function<Path, KvClient> clients, long tmpfsBytes, boolean tracing) throws IOException {
        return start(dir, size, options, TransportKind.TCP, certificates, clients, tmpfsBytes, tracing);
    }

    /** As above, with replicas talking over {@code transport}: {@code TCP} (through the proxy) or {@code SHM}. */
    public static ProcessCluster start(Path dir, int size, ReplicaOptions options, TransportKind transport, CertificateWriter certificates,
                                       Function<Path, KvClient> clients, long tmpfsBytes, boolean tracing) throws IOException {
        if (transport == TransportKind.VERBS) throw new IllegalArgumentException("the fault suite runs over tcp or shm; verbs needs RDMA hardware and has no link fault hook");
        List<Integer> ids = new ArrayList<>();
        for (int id = 1; id <= size; id++) ids.add(id);
        Files.createDirectories(dir.resolve("logs"));
        Optional<String> diskUnavailable = tmpfsBytes <= 0 ? Optional.of("no tmpfs data directories in this run")
                : ScratchFilesystem.unavailableReason();
        // The replicas' ports stay bound while the proxies take theirs: released first, one of them was handed to
        // a proxy's listener (an ephemeral port like them), and that replica's bind failed ("Address already in use").
        List<ServerSocket> held = holdFreePorts(size);
        int[] ports = held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        LinkFaults links;
        try {
            links = transport == TransportKind.SHM ? ShmLinkFaults.create(dir.resolve("link-faults.shm"), ids)
                    : FaultProxy.forReplicas(ids, id -> ports[id - 1]);
        } finally {
            for (ServerSocket s : held) s.close();
        }
        ProcessCluster cluster = new ProcessCluster(dir, List.copyOf(ids), transport, links, clients, diskUnavailable);
        try {
            certificates.write(dir.resolve("tls"), new TreeSet<>(ids), Set.of(1L));
            String trace = tracing ? "traces/replica-{id}.ndjson" : null;
            String shmDir = transport == TransportKind.SHM ? "shm" : null;
            List<Member> real = new ArrayList<>();
            for (int id : ids) real.add(new Member(id, "127.0.0.1", ports[id - 1]));
            write(cluster.clientConfig(), ConfigWriter.toml(real, "data", "tls", StorageKind.FILE, options, trace, transport, shmDir));
            for (int self : ids) {
                List<Member> view = new ArrayList<>();
                for (int id : ids) {
                    boolean proxied = id != self && links instanceof FaultProxy;
                    view.add(new Member(id, "127.0.0.1", proxied ? ((FaultProxy) links).port(self, id) : ports[id - 1]));
                }
                write(cluster.replicaConfig(self), ConfigWriter.toml(view, "data", "tls", StorageKind.FILE, options, trace, transport, shmDir));
                Path data = cluster.dataDir(self);
                if (diskUnavailable.isEmpty()) cluster.disks.put(self, ScratchFilesystem.mount(data, tmpfsBytes));
                else Files.createDirectories(data);
            }
            for (int id : ids) cluster.replicas.put(id, ManagedProcess.start("replica-" + id, cluster.command(id), cluster.logFile(id)));
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private List<String> command(int id) {
        List<String> jvm = new ArrayList<>(ProcessLauncher.DEFAULT_JVM_OPTIONS);
        jvm.add("-Xmx128m"); // the defaults include Agrona's --add-exports and a small heap; smaller still: 5 replicas share 2 cores
        if (links instanceof ShmLinkFaults shm) jvm.add("-D" + LinkFaultHook.PROPERTY + "=" + shm.file().toAbsolutePath());
        return JavaCommand.of(jvm, ProcessLauncher.MAIN, List.of("server", "--config", replicaConfig(id).toAbsolutePath().toString(), "--id", String.valueOf(id)));
    }

    private static void write(Path file, String text) throws IOException { Files.writeString(file, text, StandardCharsets.UTF_8); }

    public Path dir() { return dir; }

    public Path clientConfig() { return dir.resolve("cluster.toml"); }

    public Path replicaConfig(int id) { return dir.resolve("replica-" + id + ".toml"); }

    public Path dataDir(int id) { return dir.resolve("data").resolve("replica-" + id); }

    public Path logFile(int id) { return dir.resolve("logs").resolve("replica-" + id + ".log"); }

    public Path traceDir() { return dir.resolve("traces"); }

    public ManagedProcess process(int id) {
        ManagedProcess p = replicas.get(id);
        if (p == null) throw new IllegalArgumentException("no replica " + id + " among " + ids);
        return p;
    }

    /** Waits until every replica has logged {@code event=start} (storage recovered, listening). */
    public void awaitStarted(Duration limit) throws Exception {
        for (int id : ids) {
            ManagedProcess p = process(id);
            Await.value(p.name() + " logs a line matching /" + STARTED + "/ (log " + logFile(id) + ")", limit, () -> {
                Optional<Matcher> started = p.findInLog(STARTED, 0);
                // A replica that died starting (a port taken, a bad config) will never log it: say so at once.
                if (started.isEmpty() && !p.isAlive())
                    throw new IllegalStateException(p.name() + " exited before it started; its log: " + logFile(id));
                return started;
            });
        }
    }

    /** A new client session on the real addresses. */
    public KvClient newClient() { return clients.apply(clientConfig()); }

    @Override public List<Integer> ids() { return ids; }

    @Override public LinkFaults linkFaults() { return links; }

    public TransportKind transport() { return transport; }

    @Override public boolean isRunning(int id) { return process(id).isAlive(); }

    @Override public OptionalInt leader() {
        int best = 0;
        long bestBallot = Long.MIN_VALUE;
        for (int id : ids) {
            if (!isRunning(id) || process(id).isStopped()) continue; // a paused replica may still claim it
            Optional<LogLine> last = LogLine.lastEvent(logFile(id), "leader");
            if (last.isPresent() && "true".equals(last.get().get("self"))) {
                long ballot = Long.parseLong(last.get().get("ballot"));
                if (ballot > bestBallot) {
                    bestBallot = ballot;
                    best = id;
                }
            }
        }
        return best == 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    @Override public long electionsWon() {
        long n = 0;
        for (int id : ids) {
            try {
                n += Files.readString(logFile(id)).lines().filter(l -> LEADER_LINE.matcher(l).find()).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return n;
    }

    @Override public void kill(int id) throws Exception {
        int status = process(id).kill(PROCESS_LIMIT);
        if (status != ManagedProcess.SIGKILL_STATUS) throw new IllegalStateException("replica " + id + " exited with " + status + " before the SIGKILL");
    }

    @Override public void restart(int id) throws Exception {
        ManagedProcess p = process(id);
        long mark = p.logMark();
        p.restart();
        p.awaitLog(STARTED, mark, START_LIMIT);
    }

    @Override public void pause(int id) throws Exception { process(id).pause(PROCESS_LIMIT); }

    @Override public void resume(int id) throws Exception { process(id).resume(PROCESS_LIMIT); }

    @Override public void probeWrite(String key, String value, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Exception last = null;
        while (System.nanoTime() - deadline < 0) {
            try (KvClient client = newClient()) {
                client.put(key, value);
                return;
            } catch (Exception e) {
                last = e; // no outcome yet (an election, a reconnect): ask again until the deadline
            }
        }
        throw new java.util.concurrent.TimeoutException("no write of " + key + " acknowledged within " + limit.toMillis() + " ms"
                + (last == null ? "" : "; last error: " + last));
    }

    @Override public Optional<String> diskFaultsUnavailable() { return diskUnavailable; }

    @Override public DiskFaultOutcome diskFull(int id, Duration limit) throws Exception {
        ScratchFilesystem disk = disks.get(id);
        ManagedProcess p = process(id);
        long mark = p.logMark();
        disk.fill();
        Integer status = exitWithin(p, limit);
        String error = p.findInLog(DISK_FULL_ERROR, mark).map(Matcher::group).map(g -> lineOf(p, mark, DISK_FULL_ERROR)).orElse(null);
        if (status == null) p.kill(PROCESS_LIMIT); // it kept running on a full disk: reported, then stopped to repair
        disk.unfill();
        return new DiskFaultOutcome(FaultKind.DISK_FULL, id, status, error, restartAndRejoin(id, limit));
    }

    @Override public DiskFaultOutcome diskReadOnly(int id, Duration limit) throws Exception {
        ScratchFilesystem disk = disks.get(id);
        ManagedProcess p = process(id);
        kill(id);
        disk.readOnly();
        long mark = p.logMark();
        p.restart();
        Integer status = exitWithin(p, limit);
        String error = p.findInLog(READ_ONLY_ERROR, mark).isPresent() ? lineOf(p, mark, READ_ONLY_ERROR) : null;
        if (status == null) p.kill(PROCESS_LIMIT);
        disk.readWrite();
        return new DiskFaultOutcome(FaultKind.DISK_READ_ONLY, id, status, error, restartAndRejoin(id, limit));
    }

    /** The exit status if the process exits within {@code limit}, null if it still runs. */
    private static Integer exitWithin(ManagedProcess p, Duration limit) throws InterruptedException {
        try {
            return p.awaitExit(limit);
        } catch (java.util.concurrent.TimeoutException stillRunning) {
            return null;
        }
    }

    private static String lineOf(ManagedProcess p, long mark, Pattern pattern) {
        try {
            String text = Files.readString(p.logFile());
            return text.substring((int) Math.min(mark, text.length())).lines().filter(l -> pattern.matcher(l).find()).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restarts {@code id} on its repaired disk; true once it logs that it started and a write is acknowledged. */
    private boolean restartAndRejoin(int id, Duration limit) throws Exception {
        ManagedProcess p = process(id);
        long mark = p.logMark();
        p.restart();
        try {
            p.awaitLog(STARTED, mark, START_LIMIT);
            probeWrite("nemesis-probe", "after-disk-" + id, limit);
            return p.isAlive();
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** {@code n} distinct free loopback ports, still bound: the caller closes them just before the replicas bind them. */
    private static List<ServerSocket> holdFreePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException | RuntimeException e) {
            for (ServerSocket s : held) s.close();
            throw e;
        }
        return held;
    }

    /** Kills every replica (SIGKILL: the run is over, nothing to shut down gracefully), closes the link faults, unmounts. */
    @Override public void close() {
        for (ManagedProcess p : replicas.values()) p.close();
        if (links instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("could not close the link faults: " + e.getMessage());
            }
        }
        for (ScratchFilesystem d : disks.values()) {
            try {
                d.close();
            } catch (IOException e) {
                System.err.println("could not unmount " + d.path() + ": " + e.getMessage());
            }
        }
    }
}
