package io.decree.perf.jmh;

import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Replica;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.StateMachine;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * {@link LockstepReplicas} with a network of per-replica inboxes that hand messages over as objects: each
 * {@link #settle()} lets every replica drain its inbox and then flush once, as the runtime's protocol loop does
 * per turn, until no message is left.
 */
final class LockstepCluster extends LockstepReplicas {
    private final Inbox[] inboxes = new Inbox[REPLICAS + 1];

    LockstepCluster(ReplicaOptions options, Supplier<StateMachine> stateMachines) {
        for (int id = 1; id <= REPLICAS; id++) inboxes[id] = new Inbox();
        start(options, stateMachines);
    }

    @Override protected void deliver(int from, int to, Message message) {
        if (to >= 1 && to <= REPLICAS) inboxes[to].add(message, from);
    }

    /** The client's request arrives at the leader (not handled yet: see {@link #settle()}). */
    @Override public void request(Command command) { inboxes[leader()].add(new ClientRequest(command), CLIENT); }

    @Override protected int waiting(int id) { return inboxes[id].size; }

    @Override protected void handle(int id, Replica replica, int n) {
        Inbox in = inboxes[id];
        for (int i = 0; i < n; i++) replica.onMessage(in.from[i], in.messages[i]);
    }

    @Override protected void consume(int id, int n) { inboxes[id].consume(n); }

    /** A replica's inbound messages in arrival order: two arrays reused, as the runtime's queue is. */
    private static final class Inbox {
        int[] from = new int[64];
        Message[] messages = new Message[64];
        int size;

        void add(Message m, int sender) {
            if (size == from.length) {
                from = Arrays.copyOf(from, size * 2);
                messages = Arrays.copyOf(messages, size * 2);
            }
            from[size] = sender;
            messages[size++] = m;
        }

        void consume(int n) {
            System.arraycopy(from, n, from, 0, size - n);
            System.arraycopy(messages, n, messages, 0, size - n);
            Arrays.fill(messages, size - n, size, null);
            size -= n;
        }
    }
}
