package io.decree.engine.runtime;

import io.decree.engine.message.Message;
import io.decree.engine.metrics.ReplicaMetrics;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Proposer;
import io.decree.engine.protocol.Replica;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs one {@link Replica} on a dedicated protocol thread: the replica is touched by that thread only, so
 * it stays the single-threaded deterministic state machine the simulator checks. Everything else reaches
 * it through the {@link ProtocolLoop}'s bounded queue. The thread drains a batch, handles it, ticks the
 * replica once per millisecond of the clock, flushes once per batch (group commit) and hands completed
 * futures to a completion thread. With nothing to do it parks until the next tick; a producer that queues
 * an event while it is parked unparks it.
 *
 * <p>{@link #close()} stops the thread, fails every submission without an outcome with
 * {@link ReplicaStoppedException}, and joins every thread it started.
 */
public final class ReplicaRunner implements AutoCloseable {
    private final int id;
    private final Replica replica;
    private final ProtocolLoop loop;
    private final Thread thread;
    private final ExecutorService completions; // null: complete on the protocol thread
    /** Serializes and writes checkpoints, so the protocol thread only captures them (SnapshotKeeper). */
    private final ExecutorService checkpoints;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object abandonLock = new Object();

    private volatile boolean stopping;
    private volatile boolean terminated;
    private volatile boolean parked;
    private volatile Throwable failure;

    // Published by the protocol thread after each batch, for leader lookup and operators.
    private volatile boolean leader;
    private volatile int leaderHint;
    private volatile long ballot;
    private volatile long applied;

    // Leadership transitions seen between batches (protocol thread writes; any thread reads): a fault-free
    // cluster elects once and then none of these moves (docs/runtime.md, "Leader stability").
    private volatile long elections;
    private volatile long leaderships;
    private volatile long stepDowns;
    private volatile long quietStepDowns;
    private Proposer.Role lastRole = Proposer.Role.FOLLOWER;
    private long lastBallot;
    private final RuntimeEnvironment env;

    /**
     * Builds the replica with a {@link RuntimeEnvironment} over {@code transport}; {@code replica} has
     * everything else (configuration, options, state machine, storage). Call {@link #start()} to run it.
     */
    public ReplicaRunner(int id, Replica.Builder replica, Transport transport, RunnerOptions options) {
        this(id, replica, transport, options, System::nanoTime);
    }

    /** As above, with the replica's clock read from {@code nanoTime} (tests inject pauses through it). */
    public ReplicaRunner(int id, Replica.Builder replica, Transport transport, RunnerOptions options, LongSupplier nanoTime) {
        this.id = id;
        this.env = new RuntimeEnvironment(id, options.seed(), transport, nanoTime);
        this.checkpoints = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "decree-replica-" + id + "-checkpoints");
            t.setDaemon(true);
            return t;
        });
        this.replica = replica.id(id).environment(env).checkpointWriter(checkpoints).build();
        this.completions = options.separateCompletion()
                ? Executors.newSingleThreadExecutor(r -> new Thread(r, "decree-replica-" + id + "-completions"))
                : null;
        this.loop = new ProtocolLoop(id, Protocol.of(this.replica), options.queueCapacity(), options.maxBatch(),
                env::now, 1, completions == null ? Runnable::run : completions, System::nanoTime);
        this.thread = new Thread(this::run, "decree-replica-" + id);
        publishStatus();
    }

    public int id() { return id; }

    public ReplicaRunner start() {
        if (closed.get()) throw new IllegalStateException("replica " + id + " is closed");
        if (started.compareAndSet(false, true)) thread.start();
        return this;
    }

    /** Queues a message for the replica (any thread); false if dropped (queue full, or stopped). */
    public boolean deliver(int from, Message message) {
        if (stopping) return false;
        boolean queued = loop.deliver(from, message);
        if (queued) afterOffer();
        return queued;
    }

    /**
     * Queues a message given as a {@link io.decree.engine.message.Flat} kind and fields (any thread), without
     * allocating: the wire transports' path. False if dropped (queue full, or stopped).
     */
    public boolean deliver(int from, int kind, long a, long b, long c, Object ref) {
        if (stopping) return false;
        boolean queued = loop.deliver(from, kind, a, b, c, ref);
        if (queued) afterOffer();
        return queued;
    }

    /** Submits a command of a client session (any thread); see {@link Replica#submit(Command)} for outcomes. */
    public CompletableFuture<byte[]> submit(Command command) {
        if (stopping) return CompletableFuture.failedFuture(stoppedReason());
        CompletableFuture<byte[]> future = loop.submit(command);
        afterOffer();
        return future;
    }

    /** Submits a command without a session (any thread): not deduplicated, so a retry may execute twice. */
    public CompletableFuture<byte[]> submit(byte[] payload) {
        if (stopping) return CompletableFuture.failedFuture(stoppedReason());
        CompletableFuture<byte[]> future = loop.submit(payload);
        afterOffer();
        return future;
    }

    /**
     * Changes the membership through the log (any thread; leader only): see {@link Replica#reconfigure} for
     * how new replicas catch up first and what the future says.
     */
    public CompletableFuture<Long> reconfigure(Configuration target) {
        if (stopping) return CompletableFuture.failedFuture(stoppedReason());
        CompletableFuture<Long> future = loop.reconfigure(target);
        afterOffer();
        return future;
    }

    public boolean isLeader() { return leader; }

    /** The replica this one believes leads (0: unknown), as of its last batch. */
    public int leaderHint() { return leaderHint; }

    public long ballot() { return ballot; }

    /** Slots applied to the state machine, as of the last batch. */
    public long applied() { return applied; }

    /** Elections this replica started (ballots it stood for). */
    public long elections() { return elections; }

    /** Times this replica became leader. */
    public long leaderships() { return leaderships; }

    /** Times it stopped leading; {@link #quietStepDowns()} of them with no higher ballot promised here. */
    public long stepDowns() { return stepDowns; }

    /**
     * Step-downs of a leader whose own acceptor had promised no higher ballot: it gave up by itself (no quorum
     * granted its lease in time: check-quorum), not because another candidate preempted it.
     */
    public long quietStepDowns() { return quietStepDowns; }

    public long heartbeatsSent() { return env.heartbeatsSent(); }

    /** The protocol loop's liveness figures. */
    public LoopStats stats() { return loop.stats(); }

    /** The replica's counters and histograms (its protocol thread writes them; any thread may read). */
    public ReplicaMetrics metrics() { return replica.metrics(); }

    /** The protocol thread, for measurements of its CPU time and allocation (ThreadMXBean). */
    public long protocolThreadId() { return thread.threadId(); }

    public boolean isRunning() { return started.get() && !terminated; }

    /** Why the protocol thread died, or null. */
    public Throwable failure() { return failure; }

    /**
     * The replica itself, for inspection once this runner is closed (its protocol thread is then gone, so
     * reading it is safe). Throws while the thread may still run.
     */
    public Replica replicaAfterClose() {
        if (started.get() && !terminated) throw new IllegalStateException("replica " + id + " still runs on its protocol thread");
        return replica;
    }

    @Override public void close() {
        if (!closed.compareAndSet(false, true)) return;
        stopping = true;
        if (started.get()) {
            LockSupport.unpark(thread);
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        terminated = true;
        abandon();
        // A checkpoint still being written finishes (the storage is closed after this runner): its snapshot is
        // durable or not, atomically, either way; the log was not truncated below it yet.
        checkpoints.shutdown();
        try {
            if (!checkpoints.awaitTermination(60, TimeUnit.SECONDS))
                throw new IllegalStateException("replica " + id + ": checkpoint writer did not finish within 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (completions != null) {
            completions.shutdown();
            try {
                if (!completions.awaitTermination(10, TimeUnit.SECONDS))
                    throw new IllegalStateException("replica " + id + ": completion thread did not finish within 10 s (a client callback blocks?)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (!stopping) {
                int handled = loop.runOnce();
                publishStatus();
                if (handled == 0) idle();
            }
        } catch (Throwable t) {
            failure = t;
            stopping = true;
        } finally {
            terminated = true;
            if (failure != null) abandon();
        }
    }

    /** Parks until the next tick is due, unless an event arrives (producers unpark a parked thread). */
    private void idle() {
        long millis = loop.millisUntilTick();
        if (millis == 0) return;
        parked = true;
        // Re-check after announcing: a producer either saw parked and will unpark, or queued before we look.
        if (!loop.hasWork() && !stopping) LockSupport.parkNanos(this, Math.min(millis, 1) * 1_000_000L);
        parked = false;
    }

    private void afterOffer() {
        if (parked) LockSupport.unpark(thread);
        // Queued after the protocol thread ended: nobody else will ever take it, so fail it here.
        if (stopping && terminated) abandon();
    }

    /** Fails what is left; only once the protocol thread is gone, so the lock makes its caller the sole consumer. */
    private void abandon() {
        synchronized (abandonLock) {
            loop.abandon(stoppedReason());
        }
    }

    private RuntimeException stoppedReason() {
        Throwable f = failure;
        if (f == null) return new ReplicaStoppedException(id);
        return new IllegalStateException("replica " + id + " failed; the command may or may not have been executed: " + f, f);
    }

    private void publishStatus() {
        Proposer.Role role = replica.role();
        long b = replica.ballot();
        if (b != lastBallot && role != Proposer.Role.FOLLOWER) elections++;
        if (role == Proposer.Role.LEADER && (lastRole != Proposer.Role.LEADER || b != lastBallot)) leaderships++;
        if (lastRole == Proposer.Role.LEADER && (role != Proposer.Role.LEADER || b != lastBallot)) {
            stepDowns++;
            if (replica.promised() == lastBallot) quietStepDowns++;
        }
        lastRole = role;
        lastBallot = b;
        boolean isLeader = role == Proposer.Role.LEADER;
        if (leader != isLeader) leader = isLeader;
        int hint = replica.leaderHint();
        if (leaderHint != hint) leaderHint = hint;
        if (ballot != b) ballot = b;
        long a = replica.applied();
        if (applied != a) applied = a;
    }
}
