package io.decree.perf.jmh;

import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Environment;
import io.decree.engine.protocol.Replica;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.StateMachine;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Three {@link Replica}s on one thread, with a network of per-replica inboxes and a clock that moves only when
 * told: after the election the clock stands still, so no tick, heartbeat or time-out runs and what a command
 * costs is what its messages cost. Each {@link #settle()} lets every replica drain its inbox and then flush
 * once, as the runtime's protocol loop does per turn, until no message is left. Bytes allocated are counted per
 * replica around its own work ({@code ThreadMXBean.getCurrentThreadAllocatedBytes}, which itself allocates
 * nothing), so a benchmark can tell the leader's bytes from a follower's; the harness's own objects (the client's
 * request, this class's inbox arrays) are outside those counts.
 *
 * <p>The storage records nothing ({@link DiscardingStorage}): what is measured is the protocol, not a log
 * (the file and NVM logs have their own benchmarks, {@code io.decree.perf.storage}).
 */
final class LockstepCluster implements Lockstep {
    /** Client replies go to this address, and are dropped. */
    static final int CLIENT = 1_000;

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Replica[] replicas = new Replica[REPLICAS + 1];
    private final Inbox[] inboxes = new Inbox[REPLICAS + 1];
    /** Bytes allocated while each replica handled its events and flushed. */
    final long[] allocated = new long[REPLICAS + 1];
    private long now = 1_000;
    private final int leader;

    LockstepCluster(ReplicaOptions options, java.util.function.Supplier<StateMachine> stateMachines) {
        Configuration config = Configuration.ofSize(REPLICAS);
        for (int id = 1; id <= REPLICAS; id++) {
            inboxes[id] = new Inbox();
            SplittableRandom random = new SplittableRandom(id);
            Environment env = new Environment() {
                @Override public long now() { return now; }

                @Override public RandomGenerator random() { return random; }

                @Override public void send(int to, Message message) {
                    if (to >= 1 && to <= REPLICAS) inboxes[to].add(message, sender());
                }
            };
            replicas[id] = Replica.builder().id(id).configuration(config).options(options).environment(env)
                    .stateMachine(stateMachines.get()).storage(new DiscardingStorage()).build();
        }
        leader = elect();
    }

    private int current;

    private int sender() { return current; }

    /** Ticks every replica a millisecond at a time until one leads and every replica knows it. */
    private int elect() {
        for (int step = 0; step < 100_000; step++) {
            now++;
            for (int id = 1; id <= REPLICAS; id++) {
                current = id;
                replicas[id].onTick();
                replicas[id].flush();
            }
            settle();
            for (int id = 1; id <= REPLICAS; id++)
                if (replicas[id].role() == io.decree.engine.protocol.Proposer.Role.LEADER && agreed(id)) return id;
        }
        throw new IllegalStateException("no leader after 100 s of simulated time");
    }

    private boolean agreed(int leader) {
        for (int id = 1; id <= REPLICAS; id++) if (replicas[id].leaderHint() != leader) return false;
        return true;
    }

    @Override public long[] allocated() { return allocated; }

    @Override public int leader() { return leader; }

    @Override public Replica replica(int id) { return replicas[id]; }

    /** The client's request arrives at the leader (not handled yet: see {@link #settle()}). */
    @Override public void request(Command command) { inboxes[leader].add(new ClientRequest(command), CLIENT); }

    /** Every replica drains its inbox and flushes, round after round, until no message is left. */
    @Override public void settle() {
        boolean any = true;
        while (any) {
            any = false;
            for (int id = 1; id <= REPLICAS; id++) {
                Inbox in = inboxes[id];
                if (in.size == 0) continue;
                any = true;
                current = id;
                long before = THREADS.getCurrentThreadAllocatedBytes();
                int n = in.size; // messages said during this turn wait for the next one
                for (int i = 0; i < n; i++) replicas[id].onMessage(in.from[i], in.messages[i]);
                replicas[id].flush();
                allocated[id] += THREADS.getCurrentThreadAllocatedBytes() - before;
                in.consume(n);
            }
        }
    }

    /** A replica's inbound messages in arrival order: two arrays reused, as the runtime's queue is. */
    private static final class Inbox {
        int[] from = new int[64];
        Message[] messages = new Message[64];
        int size;

        void add(Message m, int sender) {
            if (size == from.length) {
                from = java.util.Arrays.copyOf(from, size * 2);
                messages = java.util.Arrays.copyOf(messages, size * 2);
            }
            from[size] = sender;
            messages[size++] = m;
        }

        /** Drops the first {@code n} (handled) and keeps what arrived while they were handled. */
        void consume(int n) {
            System.arraycopy(from, n, from, 0, size - n);
            System.arraycopy(messages, n, messages, 0, size - n);
            java.util.Arrays.fill(messages, size - n, size, null);
            size -= n;
        }
    }

    /** Storage that keeps nothing: the protocol's own allocation, without a log's. */
    static final class DiscardingStorage implements AcceptorStorage {
        @Override public void recordPromise(long ballot) {}

        @Override public void recordVote(long slot, long ballot, byte[] decree) {}

        @Override public void recordChosen(long slot, byte[] decree) {}

        @Override public void sync() {}

        @Override public RecoveredState recover() { return RecoveredState.empty(); }

        @Override public void saveSnapshot(long nextSlot, byte[] snapshot) {}

        @Override public void truncateBelow(long slot) {}

        @Override public void close() {}
    }
}
