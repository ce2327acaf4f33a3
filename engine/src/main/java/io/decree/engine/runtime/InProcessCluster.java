package io.decree.engine.runtime;

import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Replica;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N replicas of the key-value example, each on its own {@link ReplicaRunner}, connected by a
 * {@link LocalTransport}, with in-memory acceptor storage or a durable one per replica. For tests, Lincheck suites and benchmarks of the
 * runtime: the real protocol and real threads, no network. {@link #execute} runs a command exactly once
 * through a per-thread {@link ClusterClient} session.
 */
public final class InProcessCluster implements AutoCloseable {
    private final Configuration configuration;
    private final LocalTransport transport = new LocalTransport();
    private final ReplicaRunner[] runners;
    /**
     * Client session ids: they must never repeat across cluster incarnations on the same durable storage
     * (the recovered session table would take a new client's first request for an old retry), so they
     * start at a random point drawn from the cluster's seed.
     */
    private final AtomicLong clientIds;
    private final ThreadLocal<ClusterClient> clients = ThreadLocal.withInitial(this::newClient);
    private final long deadlineMillis;
    private final AcceptorStorage[] storages;

    private InProcessCluster(int size, long seed, ReplicaOptions options, RunnerOptions runnerOptions,
                             IntFunction<AcceptorStorage> storageFor, LongSupplier nanoTime) {
        this.configuration = Configuration.ofSize(size);
        this.deadlineMillis = 5 * options.requestTimeout();
        this.runners = new ReplicaRunner[size];
        this.storages = new AcceptorStorage[size];
        SplittableRandom seeds = new SplittableRandom(seed);
        this.clientIds = new AtomicLong(seeds.nextLong(1, Long.MAX_VALUE / 2));
        for (int i = 0; i < size; i++) {
            storages[i] = storageFor.apply(i + 1);
            Replica.Builder replica = Replica.builder().configuration(configuration).options(options)
                    .stateMachine(new KvStateMachine()).storage(storages[i]);
            runners[i] = new ReplicaRunner(i + 1, replica, transport, runnerOptions.withSeed(seeds.nextLong()), nanoTime);
            transport.register(runners[i]);
        }
    }

    /** Starts {@code size} replicas with default options; replica seeds are split off {@code seed}. */
    public static InProcessCluster start(int size, long seed) {
        return start(size, seed, ReplicaOptions.defaults(), RunnerOptions.defaults(seed));
    }

    public static InProcessCluster start(int size, long seed, ReplicaOptions options, RunnerOptions runnerOptions) {
        return start(size, seed, options, runnerOptions, id -> new InMemoryAcceptorStorage());
    }

    /**
     * Starts {@code size} replicas whose acceptor state lives in {@code storageFor.apply(id)} (for example a
     * {@code FileAcceptorStorage} per replica directory): a cluster started again on the same storage
     * recovers every promise, vote and chosen decree. The cluster closes the storages when it closes.
     */
    public static InProcessCluster start(int size, long seed, ReplicaOptions options, RunnerOptions runnerOptions,
                                         IntFunction<AcceptorStorage> storageFor) {
        return start(size, seed, options, runnerOptions, storageFor, System::nanoTime);
    }

    /**
     * As above, every replica reading its clock from {@code nanoTime} (one clock for all, as in one JVM): a
     * test that moves it forward makes the whole cluster see a pause, as a stop-the-world GC does.
     */
    public static InProcessCluster start(int size, long seed, ReplicaOptions options, RunnerOptions runnerOptions,
                                         IntFunction<AcceptorStorage> storageFor, LongSupplier nanoTime) {
        InProcessCluster cluster = new InProcessCluster(size, seed, options, runnerOptions, storageFor, nanoTime);
        for (ReplicaRunner r : cluster.runners) r.start();
        return cluster;
    }

    public int size() { return runners.length; }

    public Configuration configuration() { return configuration; }

    public LocalTransport transport() { return transport; }

    public ReplicaRunner runner(int id) {
        if (!configuration.contains(id)) throw new IllegalArgumentException("no replica " + id + " in " + configuration);
        return runners[id - 1];
    }

    /** The running replica that leads with the highest ballot, if any does (as of its last batch). */
    public OptionalInt leader() {
        ReplicaRunner best = null;
        for (ReplicaRunner r : runners)
            if (r.isRunning() && r.isLeader() && (best == null || r.ballot() > best.ballot())) best = r;
        return best == null ? OptionalInt.empty() : OptionalInt.of(best.id());
    }

    /** Waits until a leader is elected; fails with {@link TimeoutException} after {@code millis}. */
    public int awaitLeader(long millis) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            OptionalInt leader = leader();
            if (leader.isPresent()) return leader.getAsInt();
            Thread.sleep(1);
        }
        throw new TimeoutException("no leader elected among " + configuration + " within " + millis + " ms");
    }

    /** Stops replica {@code id} for good (a crash without restart): the others carry on if they are a quorum. */
    public void stop(int id) {
        runner(id).close();
        transport.unregister(id);
    }

    /** A new client session (its own client id). */
    public ClusterClient newClient() { return new ClusterClient(this, clientIds.incrementAndGet()); }

    /** Executes a command exactly once through the calling thread's session and returns its result. */
    public byte[] execute(byte[] payload) throws TimeoutException, InterruptedException {
        return clients.get().execute(payload, deadlineMillis);
    }

    /** Executes a key-value command and decodes its result (null: absent). */
    public String execute(KvCommand command) throws TimeoutException, InterruptedException {
        return KvStateMachine.result(execute(command.encode()));
    }

    /** Stops every replica and joins every thread the cluster started. */
    @Override public void close() {
        RuntimeException first = null;
        for (ReplicaRunner r : runners) {
            try {
                r.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        for (AcceptorStorage storage : storages) {  // after the runners: none is syncing any more
            try {
                storage.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    // --- Routing for clients. ---

    /** The leader if known, else the replica most running replicas name, else the first running one. */
    int leaderGuess() { return leaderGuess(0); }

    /** As {@link #leaderGuess()}, avoiding {@code avoid} when nothing better is known. */
    int leaderGuess(int avoid) {
        OptionalInt leader = leader();
        if (leader.isPresent()) return leader.getAsInt();
        for (ReplicaRunner r : runners) {
            int hint = r.isRunning() ? r.leaderHint() : 0;
            if (hint > 0 && hint != avoid && runners[hint - 1].isRunning()) return hint;
        }
        return next(avoid);
    }

    /** The running replica after {@code id} in ring order (or the first one after 0). */
    int next(int id) {
        for (int i = 1; i <= runners.length; i++) {
            ReplicaRunner r = runners[Math.floorMod(id - 1 + i, runners.length)];
            if (r.isRunning()) return r.id();
        }
        return runners[Math.floorMod(id, runners.length)].id(); // none running: its submit fails at once
    }
}
