package io.decree.sim;

import io.decree.engine.message.ClientReply;
import io.decree.engine.protocol.Command;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated client with an exactly-once session: it issues key-value requests one at a time, sends each
 * to the replica it believes leads, follows leader hints, and on silence retries the same request (same
 * client id and sequence, so it is executed at most once) at the next replica. It records what it saw
 * as a history for the linearizability checker.
 */
final class SimClient {
    private final int address;
    private final long clientId;
    private final int replicas;
    private final int keys;
    private final int totalOps;
    private final long timeout;
    private final SplittableRandom random;
    private final Simulation sim;
    private final boolean leaseReads;
    private final List<ClientOp> history = new ArrayList<>();

    private int target;
    private long sequence;
    private KvCommand current;
    private long invokedAt;
    private long deadline = Long.MAX_VALUE;
    private boolean waiting;
    /** The next send goes to {@code target} as set by a leader hint, not to the next replica in turn. */
    private boolean redirected;
    private int redirects;

    SimClient(int address, long clientId, int replicas, int keys, int totalOps, long timeout, SplittableRandom random, Simulation sim, boolean leaseReads) {
        this.leaseReads = leaseReads;
        this.address = address;
        this.clientId = clientId;
        this.replicas = replicas;
        this.keys = keys;
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

    String describeCurrent() { return "client " + address + " request #" + sequence + " " + current; }

    /** Starts the next request if idle, or retries the current one if its reply is overdue. */
    void onWake(long now) {
        if (!waiting) {
            if (sequence >= totalOps) return;
            sequence++;
            current = nextCommand();
            invokedAt = now;
            waiting = true;
            sim.submitted(new Command(clientId, sequence, current.encode()));
            send(now);
        } else if (now >= deadline) {
            if (!redirected) target = target % replicas + 1;
            redirected = false;
            send(now);
        }
    }

    void onReply(ClientReply reply, long now) {
        if (!waiting || reply.clientId() != clientId || reply.sequence() != sequence) return; // stale or duplicate
        switch (reply.status()) {
            case OK -> {
                redirects = 0;
                history.add(new ClientOp(address, sequence, current, invokedAt, now, KvStateMachine.result(reply.result())));
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

    private void send(long now) {
        sim.clientSend(address, target, new Command(clientId, sequence, current.encode()), leaseReads && current.op() == KvCommand.Op.GET);
        deadline = now + timeout;
        sim.wake(this, deadline);
    }

    private KvCommand nextCommand() {
        String key = "k" + random.nextInt(keys);
        int roll = random.nextInt(100);
        if (roll < 40) return KvCommand.get(key);
        if (roll < 80) return KvCommand.put(key, "c" + address + "-" + sequence);
        if (roll < 90) return KvCommand.delete(key);
        return KvCommand.cas(key, "c" + address + "-" + (sequence - 1), "c" + address + "-" + sequence);
    }

    /** The history, with a request still waiting at the end recorded as unknown. */
    List<ClientOp> history() {
        List<ClientOp> all = new ArrayList<>(history);
        if (waiting) all.add(new ClientOp(address, sequence, current, invokedAt, -1, null));
        return all;
    }
}
