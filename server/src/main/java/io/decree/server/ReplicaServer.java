package io.decree.server;

import io.decree.engine.protocol.Replica;
import io.decree.engine.runtime.ReplicaRunner;
import io.decree.engine.runtime.RunnerOptions;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.FileAcceptorStorage;
import io.decree.engine.storage.PmemAcceptorStorage;
import io.decree.engine.trace.LamportClock;
import io.decree.engine.trace.NdjsonSpecTrace;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One replica process: the key-value state machine on durable storage, a {@link ReplicaRunner} (the
 * protocol thread), and the network that connects it to its peers and clients. {@link #close()} is the
 * graceful shutdown, in the order that loses nothing acknowledged: stop accepting (the network), stop the
 * protocol thread (which syncs its last batch), close the storage.
 *
 * <p>A watcher thread logs every change of leader this replica sees, and notices a protocol thread that
 * died (then {@link #failure()} says why and {@link #awaitTermination()} returns).
 */
public final class ReplicaServer implements AutoCloseable {
    private static final long WATCH_NANOS = 5_000_000L;

    private final ClusterConfig config;
    private final Member self;
    private final ServerLog log;
    private final AcceptorStorage storage;
    private final NdjsonSpecTrace trace; // null: tracing off
    private final ReplicaNetwork network;
    private final ReplicaRunner runner;
    private final Thread watcher;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private ReplicaServer(ClusterConfig config, Member self, ServerLog log, ReplicaNetwork.Factory networks, long seed) {
        this.config = config;
        this.self = self;
        this.log = log;
        this.storage = openStorage(config, self.id());
        ReplicaNetwork net = null;
        NdjsonSpecTrace spec = null;
        try {
            LamportClock clock = null;
            if (config.traceFile(self.id()) != null) {
                clock = new LamportClock();
                spec = NdjsonSpecTrace.open(config.traceFile(self.id()), self.id(), clock, config.options().window(), config.configuration());
            }
            net = networks.open(config, self, log, clock);
            Replica.Builder replica = Replica.builder().configuration(config.configuration()).options(config.options())
                    .stateMachine(new KvStateMachine()).storage(storage).trace(spec);
            this.runner = new ReplicaRunner(self.id(), replica, net, RunnerOptions.defaults(seed));
        } catch (RuntimeException e) {
            if (net != null) net.close();
            if (spec != null) spec.close();
            storage.close();
            throw e;
        }
        this.trace = spec;
        this.network = net;
        this.watcher = new Thread(this::watch, "decree-server-" + self.id() + "-watch");
        this.watcher.setDaemon(true);
    }

    /**
     * Checks the configuration for replica {@code id} ({@link Preflight}), opens its storage (recovering
     * what is there), starts its protocol thread and its network, and logs {@code event=start}.
     */
    public static ReplicaServer start(ClusterConfig config, int id, ServerLog log, ReplicaNetwork.Factory networks) {
        Member self = Preflight.check(config, id);
        long seed = System.nanoTime() ^ ((long) id << 48); // election time-outs must differ between replicas and runs
        ReplicaServer server = new ReplicaServer(config, self, log, networks, seed);
        server.runner.start();
        server.network.start(ReplicaNetwork.Sink.of(server.runner));
        log.event("start", "address", self.host() + ":" + self.port(), "members", config.members().size(),
                "storage", config.storage().configName(), "data", config.dataDir(id), "seed", seed,
                "trace", config.traceFile(id) == null ? "off" : config.traceFile(id), "pid", ProcessHandle.current().pid());
        server.watcher.start();
        return server;
    }

    public int id() { return self.id(); }

    public ReplicaRunner runner() { return runner; }

    /** The network it was started with (tests read its counters). */
    public ReplicaNetwork network() { return network; }

    /** Serves this replica's metrics in the Prometheus text format on 127.0.0.1:{@code port} and logs where. */
    public MetricsEndpoint serveMetrics(int port) {
        io.decree.engine.metrics.MetricsRegistry registry = new io.decree.engine.metrics.MetricsRegistry();
        io.decree.engine.runtime.RunnerMetrics.register(registry, runner);
        MetricsEndpoint endpoint = MetricsEndpoint.start(port, registry);
        log.event("metrics", "address", "http://127.0.0.1:" + endpoint.port() + "/metrics");
        return endpoint;
    }

    public ClusterConfig config() { return config; }

    /** Why the protocol thread died, or null while it runs or after a clean close. */
    public Throwable failure() { return runner.failure(); }

    /** Blocks until {@link #close()} finished or the protocol thread died. */
    public void awaitTermination() throws InterruptedException { terminated.await(); }

    @Override public void close() {
        if (!closed.compareAndSet(false, true)) return;
        RuntimeException first = null;
        for (Runnable step : new Runnable[] {network::close, runner::close, this::closeTrace, storage::close}) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        LockSupport.unpark(watcher);
        log.event("shutdown", "applied", runner.applied(), "clean", first == null);
        terminated.countDown();
        if (first != null) throw first;
    }

    private void closeTrace() {
        if (trace != null) trace.close();
    }

    private static AcceptorStorage openStorage(ClusterConfig config, int id) {
        return switch (config.storage()) {
            case FILE -> FileAcceptorStorage.open(config.dataDir(id));
            case PMEM -> PmemAcceptorStorage.open(config.dataDir(id));
        };
    }

    /** Logs leader changes as this replica sees them; notices a dead protocol thread. */
    private void watch() {
        int leader = -1;
        boolean leading = false;
        while (!closed.get()) {
            int hint = runner.isLeader() ? self.id() : runner.leaderHint();
            if (hint != leader || runner.isLeader() != leading) {
                leader = hint;
                leading = runner.isLeader();
                log.event("leader", "leader", leader, "self", leading, "ballot", runner.ballot(), "applied", runner.applied());
            }
            Throwable failure = runner.failure();
            if (failure != null) {
                log.event("failed", "error", failure.toString());
                terminated.countDown();
                return;
            }
            LockSupport.parkNanos(this, WATCH_NANOS);
        }
    }

}
