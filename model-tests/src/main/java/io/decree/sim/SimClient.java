package io.decree.sim;

import io.decree.engine.message.ClientReply;
import io.decree.engine.protocol.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated client with an exactly-once session: it issues its workload's requests one at a time, sends each
 * to the replica it believes leads, follows leader hints, and on silence retries the same request (same
 * client id and sequence, so it is executed at most once) at the next replica. It records what it saw
 * as a history for the linearizability checker.
 *
 * <p>A rude client ({@code rudeRate > 0}, issue #16) also resends, now and then, a request it already had
 * answered (superseded by newer ones) or a duplicate of the one outstanding, to any replica. It checks every
 * answer to a request against the first answer to it (SessionReply): the session cache may answer a retry
 * with that request's own result, or not at all, but never with a newer request's result. Reads are not
 * resent when they are lease reads: those are answered from the state, not the session, and a later answer
 * may differ.
 *
 * @param <C> the workload's command, {@code <R>} its result ({@link Workload}; key-value by default)
 */
final class SimClient<C, R> {
    private final int address;
    private final long clientId;
    private final int replicas;
    private final Workload<C, R> workload;
    private final int totalOps;
    private final long timeout;
    private final SplittableRandom random;
    private final Simulation sim;
    private final boolean leaseReads;
    private final List<ClientOp<C, R>> history = new ArrayList<>();
    private final double rudeRate;
    /** Each request sent so far, by sequence - 1, and the first answer to it (null until answered). */
    private final List<C> sent = new ArrayList<>();
    private final List<byte[]> answers = new ArrayList<>();
    private long rudeRequests, repliesChecked;

    private int target;
    private long sequence;
    private C current;
    private long invokedAt;
    private long deadline = Long.MAX_VALUE;
    private boolean waiting;
    /** The next send goes to {@code target} as set by a leader hint, not to the next replica in turn. */
    private boolean redirected;
    private int redirects;

    SimClient(int address, long clientId, int replicas, Workload<C, R> workload, int totalOps, long timeout, SplittableRandom random, Simulation sim, boolean leaseReads, double rudeRate) {
        this.leaseReads = leaseReads;
        this.rudeRate = rudeRate;
        this.address = address;
        this.clientId = clientId;
        this.replicas = replicas;
        this.workload = workload;
        this.totalOps = totalOps;
        this.timeout = timeout;
        this.random = random;
        this.sim = sim;
        this.target = random.nextInt(1, replicas + 1);
    }

    int address() { return address; }

    boolean done() { return sequence >= totalOps && !waiting; }

    boolean waiting() { return waiting; }

    long invokedAt() { return invokedAt; }

    String describeCurrent() { return "client " + address + " request #" + sequence + " " + workload.describe(current); }

    /** Starts the next request if idle, or retries the current one if its reply is overdue. */
    void onWake(long now) {
        if (!waiting) {
            if (sequence >= totalOps) return;
            sequence++;
            current = workload.next(random, address, sequence);
            sent.add(current);
            answers.add(null);
            invokedAt = now;
            waiting = true;
            sim.submitted(new Command(clientId, sequence, workload.encode(current)));
            send(now);
        } else if (now >= deadline) {
            if (!redirected) target = target % replicas + 1;
            redirected = false;
            send(now);
        }
    }

    long rudeRequests() { return rudeRequests; }

    long repliesChecked() { return repliesChecked; }

    /** An answer from replica {@code from}. */
    void onReply(ClientReply reply, int from, long now) {
        if (reply.clientId() != clientId) return;
        if (reply.status() == ClientReply.Status.OK && reply.sequence() >= 1 && reply.sequence() <= sent.size()) checkAnswer(reply, from, now);
        if (!waiting || reply.sequence() != sequence) return; // stale or duplicate
        // A rude duplicate sent elsewhere may come back "not the leader": only the replica asked last redirects.
        if (reply.status() == ClientReply.Status.NOT_LEADER && from != target && rudeRate > 0) return;
        switch (reply.status()) {
            case OK -> {
                redirects = 0;
                history.add(new ClientOp<>(address, sequence, current, invokedAt, now, workload.result(reply.result())));
                waiting = false;
                deadline = Long.MAX_VALUE;
                sim.wake(this, now + random.nextLong(0, 20));
            }
            case NOT_LEADER -> {
                // Follow hints, but not round in circles: after a few redirects in a row, try the next replica.
                boolean followHint = reply.leaderHint() > 0 && reply.leaderHint() != target && ++redirects <= replicas;
                target = followHint ? reply.leaderHint() : target % replicas + 1;
                if (!followHint) redirects = 0;
                redirected = true;
                deadline = now + 10; // back off a little before trying again
                sim.wake(this, deadline);
            }
            case MALFORMED, TOO_LARGE -> throw new IllegalStateException("workload produced a refused command: " + reply.error());
        }
    }

    /** SessionReply: every answer to request k is the first answer to k (a retry must not get a newer result). */
    private void checkAnswer(ClientReply reply, int from, long now) {
        int i = (int) reply.sequence() - 1;
        if (leaseReads && workload.readOnly(sent.get(i))) return; // answered from the state, not the session
        byte[] first = answers.get(i);
        if (first == null) {
            answers.set(i, reply.result());
            return;
        }
        repliesChecked++;
        if (!java.util.Arrays.equals(first, reply.result()))
            throw new InvariantViolation("SessionReply", "client " + address + " request #" + reply.sequence() + " " + workload.describe(sent.get(i))
                    + " was answered " + workload.describeResult(workload.result(first)) + " first, but replica " + from + " answered a retry of it with "
                    + workload.describeResult(workload.result(reply.result()))
                    + " at t=" + now + " (the client's latest request is #" + sequence + ")");
    }

    /**
     * A rude extra request, drawn when {@code rudeRate} is on: half the time a request already answered (any
     * earlier one), else a duplicate of the one outstanding; to a replica at random.
     */
    private void maybeRude() {
        if (rudeRate == 0 || random.nextDouble() >= rudeRate) return;
        int to = random.nextInt(1, replicas + 1);
        long k = sequence > 1 && random.nextBoolean() ? random.nextLong(1, sequence) : sequence;
        C command = sent.get((int) k - 1);
        if (leaseReads && workload.readOnly(command)) return;
        rudeRequests++;
        sim.clientSend(address, to, new Command(clientId, k, workload.encode(command)), false);
    }

    private void send(long now) {
        maybeRude();
        sim.clientSend(address, target, new Command(clientId, sequence, workload.encode(current)), leaseReads && workload.readOnly(current));
        deadline = now + timeout;
        sim.wake(this, deadline);
    }

    /** The history, with a request still waiting at the end recorded as unknown. */
    List<ClientOp<C, R>> history() {
        List<ClientOp<C, R>> all = new ArrayList<>(history);
        if (waiting) all.add(new ClientOp<>(address, sequence, current, invokedAt, -1, null));
        return all;
    }
}
