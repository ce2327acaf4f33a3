package io.decree.sim.trace;

import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Mutants;
import io.decree.engine.protocol.Replica;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.runtime.ReplicaRunner;
import io.decree.engine.runtime.RunnerOptions;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import io.decree.engine.trace.NdjsonSpecTrace;
import io.decree.engine.trace.SpecTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Replicas on real protocol threads ({@link ReplicaRunner}), each a "process" with its own Lamport clock
 * ({@link ClockedTransport}) and its own NDJSON spec trace {@code dir/r<id>.ndjson}: what a multi-process run
 * produces, without the network. Crashes are kills: the replica's runner stops, its unsynced storage is lost,
 * its trace is abandoned unclosed (as a SIGKILL leaves it) and a restart opens the same file again.
 */
final class TracedCluster implements AutoCloseable {
    private final int size;
    private final Path dir;
    private final ReplicaOptions options;
    private final Mutants mutants;
    private final UnaryOperator<SpecTrace> wrap;
    private final SplittableRandom seeds;
    private final ClockedTransport transport = new ClockedTransport();
    private final ReplicaRunner[] runners;
    private final NdjsonSpecTrace[] traces;
    private final InMemoryAcceptorStorage[] storages;
    private final AtomicBoolean loading = new AtomicBoolean();
    private final AtomicLong completed = new AtomicLong();
    private final List<Thread> clients = new ArrayList<>();

    TracedCluster(int size, long seed, Path dir, ReplicaOptions options, Mutants mutants, UnaryOperator<SpecTrace> wrap) {
        this.size = size;
        this.dir = dir;
        this.options = options;
        this.mutants = mutants;
        this.wrap = wrap;
        this.seeds = new SplittableRandom(seed);
        this.runners = new ReplicaRunner[size + 1];
        this.traces = new NdjsonSpecTrace[size + 1];
        this.storages = new InMemoryAcceptorStorage[size + 1];
        for (int id = 1; id <= size; id++) {
            storages[id] = new InMemoryAcceptorStorage();
            start(id);
        }
    }

    private void start(int id) {
        traces[id] = NdjsonSpecTrace.open(dir.resolve("r" + id + ".ndjson"), id, transport.clock(id), options.window(), Configuration.ofSize(size));
        Replica.Builder b = Replica.builder().configuration(Configuration.ofSize(size)).options(options)
                .stateMachine(new KvStateMachine()).storage(storages[id]).mutants(mutants).trace(wrap.apply(traces[id]));
        runners[id] = new ReplicaRunner(id, b, transport, RunnerOptions.defaults(seeds.nextLong()));
        transport.register(runners[id]);
        runners[id].start();
    }

    /** SIGKILL, then a new process on the same storage and trace file. */
    void killAndRestart(int id) {
        transport.unregister(id);
        runners[id].close();
        storages[id].crash();        // what was not synced is lost
        transport.forgetClock(id);   // the new process's clock starts from its trace file
        traces[id] = null;           // abandoned, never closed: its mapped tail is zeros, as after a kill
        start(id);
    }

    void isolate(int id) { transport.isolate(id); }

    /** From now on the others vote for {@code id}'s proposals but never hear that they are chosen. */
    void cutCommits(int id) { transport.cutCommits(id); }

    void heal(int id) { transport.heal(id); }

    ReplicaRunner runner(int id) { return runners[id]; }

    /** The running leader with the highest ballot, or 0. */
    int leader() {
        int best = 0;
        for (int id = 1; id <= size; id++) {
            ReplicaRunner r = runners[id];
            if (r.isRunning() && r.isLeader() && (best == 0 || r.ballot() > runners[best].ballot())) best = id;
        }
        return best;
    }

    /** Commands completed (acknowledged) so far by the load. */
    long completed() { return completed.get(); }

    /** Starts {@code threads} clients that keep putting keys through the current leader. */
    void startLoad(int threads) {
        loading.set(true);
        for (int t = 0; t < threads; t++) {
            int client = t;
            Thread th = new Thread(() -> load(client), "traced-client-" + t);
            clients.add(th);
            th.start();
        }
    }

    /**
     * The load pauses once this many commands are acknowledged, until a test allows more ({@link #allowUpTo}):
     * a fast machine must not turn the run into a huge trace to validate, and a test that waits for progress
     * raises the budget first, so how many commands an earlier phase happened to finish cannot starve a later
     * one (a fixed cap did, on a loaded machine: "progress after the restart" timed out at the cap).
     */
    static final long INITIAL_BUDGET = 640;
    private final AtomicLong budget = new AtomicLong(INITIAL_BUDGET);

    /** Lets the load go on until at least {@code commands} are acknowledged in all. */
    void allowUpTo(long commands) { budget.accumulateAndGet(commands, Math::max); }

    private void load(int client) {
        long n = 0;
        while (loading.get()) {
            int leader = leader();
            if (leader == 0 || completed.get() >= budget.get()) {
                try {
                    Thread.sleep(1); // polls for a leader to appear, or for more budget
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            List<CompletableFuture<byte[]>> inFlight = new ArrayList<>();
            for (int i = 0; i < 16; i++)
                inFlight.add(runners[leader].submit(KvCommand.put("k" + client + "-" + (n++ % 64), "v" + n).encode()));
            for (CompletableFuture<byte[]> f : inFlight) {
                try {
                    f.get(2, TimeUnit.SECONDS);
                    completed.incrementAndGet();
                } catch (Exception e) {
                    // not leader, stopped, timed out: the load only has to keep the replicas busy
                }
            }
        }
    }

    void stopLoad() throws InterruptedException {
        loading.set(false);
        for (Thread t : clients) t.join();
        clients.clear();
    }

    /**
     * One leader change: waits for {@code progress} more acknowledged commands under the current leader, then
     * isolates it until another replica leads at a higher ballot, and heals it. Returns false, changing
     * nothing, when no replica leads right now.
     */
    boolean changeLeader(int progress, long millis) throws InterruptedException, TimeoutException {
        int old = leader();
        if (old == 0) return false;
        long oldBallot = runner(old).ballot();
        long before = completed();
        allowUpTo(before + 2L * progress);
        await("progress under leader " + old, millis, () -> completed() >= before + progress);
        isolate(old);
        await("a new leader after isolating " + old, millis,
                () -> leader() != 0 && leader() != old && runner(leader()).ballot() > oldBallot);
        heal(old);
        return true;
    }

    /** Waits for {@code condition}, polling; fails after {@code millis}. */
    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new TimeoutException("not within " + millis + " ms: " + what);
            Thread.sleep(2);
        }
    }

    /** Stops every replica, then closes every trace (no event can come after). */
    @Override public void close() throws InterruptedException {
        stopLoad();
        for (int id = 1; id <= size; id++) runners[id].close();
        for (int id = 1; id <= size; id++) traces[id].close();
    }
}
