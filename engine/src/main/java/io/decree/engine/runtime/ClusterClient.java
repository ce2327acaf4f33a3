package io.decree.engine.runtime;

import io.decree.engine.client.NotLeaderException;
import io.decree.engine.protocol.Command;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client session of an {@link InProcessCluster}: a client id and a sequence number per command, so a
 * command retried after a time-out, a leader change or a stopped replica executes exactly once (the
 * executors' session tables answer a retry with the first execution's result). One command at a time:
 * {@link #execute} is synchronized, as the session table keeps only a session's latest request.
 */
public final class ClusterClient {
    private final InProcessCluster cluster;
    private final long clientId;
    private long sequence;
    private int target;

    ClusterClient(InProcessCluster cluster, long clientId) {
        if (clientId == Command.NO_SESSION) throw new IllegalArgumentException("client id " + clientId + " means 'no session'");
        this.cluster = cluster;
        this.clientId = clientId;
    }

    public long clientId() { return clientId; }

    /**
     * Executes {@code payload} exactly once and returns its result, retrying at the leader the replicas
     * name (or the next replica) on {@link NotLeaderException}, time-outs, overload and stopped replicas.
     * Fails with {@link TimeoutException} if {@code deadlineMillis} pass without an outcome (the command
     * may then still execute, once), and with the replica's exception if the command itself is refused
     * (too large, malformed).
     */
    public synchronized byte[] execute(byte[] payload, long deadlineMillis) throws TimeoutException, InterruptedException {
        Command command = new Command(clientId, ++sequence, payload);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        if (target == 0) target = cluster.leaderGuess();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            ReplicaRunner runner = cluster.runner(target);
            CompletableFuture<byte[]> future = runner.submit(command);
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                return future.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                last = e; // our own deadline: loop ends
            } catch (ExecutionException e) {
                last = e.getCause();
                switch (e.getCause()) {
                    case NotLeaderException nl -> {
                        if (nl.leaderHint() > 0 && nl.leaderHint() != target) target = nl.leaderHint();
                        else {
                            Thread.sleep(1); // no leader known: an election is under way, do not spin
                            target = cluster.leaderGuess(target);
                        }
                    }
                    case TimeoutException te -> target = cluster.leaderGuess(target); // outcome unknown: same sequence again
                    case ReplicaStoppedException rs -> target = cluster.next(target);
                    case OverloadedException o -> Thread.sleep(1);
                    case RuntimeException refused -> throw refused; // too large, malformed: retrying cannot help
                    default -> throw new IllegalStateException("command " + command + " failed", e.getCause());
                }
            }
        }
        TimeoutException timeout = new TimeoutException("client " + clientId + ": no outcome for " + command + " within " + deadlineMillis + " ms; it may still execute (once)");
        if (last != null) timeout.initCause(last);
        throw timeout;
    }
}
