package io.decree.perf.jmh;

import io.decree.engine.message.Message;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Environment;
import io.decree.engine.protocol.Proposer;
import io.decree.engine.protocol.Replica;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.StateMachine;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What the two lock-step clusters share: three {@link Replica}s on one thread with a clock that moves only when
 * told, an election that ticks the clock until every replica names the same leader, and the turn loop of
 * {@link #settle()}. After the election the clock stands still, so no tick, heartbeat or time-out runs and what a
 * command costs is what its messages cost. Bytes allocated are counted per replica around its own turn
 * ({@code ThreadMXBean.getCurrentThreadAllocatedBytes}, which itself allocates nothing); the harness's own objects
 * are outside those counts. How a message travels (as an object, or as a frame) is the subclass's.
 *
 * <p>The storage records nothing ({@link DiscardingStorage}): what is measured is the protocol, not a log
 * (the file and NVM logs have their own benchmarks, {@code io.decree.perf.storage}).
 */
abstract class LockstepReplicas implements Lockstep {
    /** Client replies go to this address, and are dropped. */
    static final int CLIENT = 1_000;

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Replica[] replicas = new Replica[REPLICAS + 1];
    private final long[] allocated = new long[REPLICAS + 1];
    private long now = 1_000;
    /** The replica whose turn it is: the sender of whatever is sent now. */
    private int current;
    private int leader;

    /** Builds the replicas and elects a leader; the subclass calls it once its inboxes exist. */
    protected final void start(ReplicaOptions options, Supplier<StateMachine> stateMachines) {
        Configuration config = Configuration.ofSize(REPLICAS);
        for (int id = 1; id <= REPLICAS; id++) {
            SplittableRandom random = new SplittableRandom(id);
            Environment env = new Environment() {
                @Override public long now() { return now; }

                @Override public RandomGenerator random() { return random; }

                @Override public void send(int to, Message message) { deliver(current, to, message); }

                @Override public void send(int to, int kind, long a, long b, long c, Object ref) {
                    if (!deliverFlat(current, to, kind, a, b, c, ref)) Environment.super.send(to, kind, a, b, c, ref);
                }
            };
            replicas[id] = Replica.builder().id(id).configuration(config).options(options).environment(env)
                    .stateMachine(stateMachines.get()).storage(new DiscardingStorage()).build();
        }
        leader = elect();
    }

    /** A message from {@code from} to {@code to} (a replica or {@link #CLIENT}), handled at {@code to}'s next turn. */
    protected abstract void deliver(int from, int to, Message message);

    /** The same message by its fields; false when this cluster wants it as a record (the default builds one). */
    protected boolean deliverFlat(int from, int to, int kind, long a, long b, long c, Object ref) { return false; }

    /** How many messages wait for replica {@code id}. */
    protected abstract int waiting(int id);

    /** Hands the first {@code n} waiting messages to the replica, in order. */
    protected abstract void handle(int id, Replica replica, int n);

    /** Drops the first {@code n} (handled) messages and keeps what arrived while they were handled. */
    protected abstract void consume(int id, int n);

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
                if (replicas[id].role() == Proposer.Role.LEADER && agreed(id)) return id;
        }
        throw new IllegalStateException("no leader after 100 s of simulated time");
    }

    private boolean agreed(int leader) {
        for (int id = 1; id <= REPLICAS; id++) if (replicas[id].leaderHint() != leader) return false;
        return true;
    }

    @Override public final long[] allocated() { return allocated; }

    @Override public final int leader() { return leader; }

    @Override public final Replica replica(int id) { return replicas[id]; }

    /** Every replica handles what waits for it, then flushes, round after round, until no message is left. */
    @Override public final void settle() {
        boolean any = true;
        while (any) {
            any = false;
            for (int id = 1; id <= REPLICAS; id++) {
                int n = waiting(id); // messages said during this turn wait for the next one
                if (n == 0) continue;
                any = true;
                current = id;
                long before = THREADS.getCurrentThreadAllocatedBytes();
                handle(id, replicas[id], n);
                replicas[id].flush();
                allocated[id] += THREADS.getCurrentThreadAllocatedBytes() - before;
                consume(id, n);
            }
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
