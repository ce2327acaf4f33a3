package io.decree.sim;

import io.decree.engine.client.NotLeaderException;
import io.decree.engine.protocol.Command;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Drives a fault-free simulated cluster from a test: elect a leader, submit, wait for outcomes. */
final class ClusterDriver {
    static final long SESSION = 77;
    final Simulation sim;
    private long sequence;

    ClusterDriver(long seed, int replicas) {
        this(seed, SimConfig.defaults().withReplicas(replicas).withClients(0, 0));
    }

    ClusterDriver(long seed, SimConfig config) {
        this(seed, config, null);
    }

    /** A cluster whose every spec-level step is replayed through {@code validator} (null: none). */
    ClusterDriver(long seed, SimConfig config, TraceValidator validator) {
        this.sim = new Simulation(seed, config, FaultSchedule.none(), validator, false);
    }

    int awaitLeader() {
        if (!sim.runUntil(() -> sim.leader() != 0, sim.now() + 10_000)) throw new AssertionError("no leader elected within 10 s");
        return sim.leader();
    }

    /** Submits at the leader and runs until the outcome is known; returns the future, completed. */
    CompletableFuture<byte[]> submitAndWait(byte[] payload) {
        return submitAndWait(awaitLeader(), payload);
    }

    CompletableFuture<byte[]> submitAndWait(int replica, byte[] payload) {
        CompletableFuture<byte[]> f = sim.submit(replica, payload);
        if (!sim.runUntil(f::isDone, sim.now() + 60_000)) throw new AssertionError("no outcome within 60 s");
        return f;
    }

    /**
     * Executes a command exactly once through a client session: on a refusal or a time-out it retries the
     * same request (same client id and sequence) at the current leader.
     */
    byte[] execute(byte[] payload) { return execute(new Command(SESSION, ++sequence, payload)); }

    /** Executes a session command, retrying the same request at the current leader until it has an outcome. */
    byte[] execute(Command command) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                CompletableFuture<byte[]> f = sim.submit(awaitLeader(), command);
                if (!sim.runUntil(f::isDone, sim.now() + 60_000)) throw new AssertionError("no outcome within 60 s");
                return f.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof NotLeaderException) && !(e.getCause() instanceof TimeoutException)) throw new AssertionError(e.getCause());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no leader accepted the command");
    }
}
