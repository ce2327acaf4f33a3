package io.decree.engine.protocol;

import io.decree.engine.message.Commit;
import io.decree.engine.message.Flat;
import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.LeaseGrant;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Phase2b;
import io.decree.engine.message.Preempted;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import io.decree.engine.trace.SpecTrace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * Replicas of one configuration on one thread, with one clock the test advances and a FIFO network the test
 * can cut: the engine's own small simulator, so that the protocol package's unit tests (and PIT, which
 * mutates only this module's classes) see elections, proposals, commits, catch-up and crashes without the
 * model-tests simulator. Deterministic: no threads, no wall clock; a seed fixes each replica's randomness.
 *
 * <p>Deliveries alternate between the replica's two entry points: the record ({@code onMessage(from,
 * message)}, the simulator's) and the flat kind and fields ({@link Flat}, the wire path's), so every scenario
 * runs both and they must behave alike.
 */
final class LocalCluster {
    /** A message on the wire, and whether it was delivered, for tests that look at the traffic. */
    record Envelope(int from, int to, Message message) {}

    final Configuration config;
    final ReplicaOptions options;
    final Replica[] replicas;
    final InMemoryAcceptorStorage[] storages;
    final ArrayDeque<Envelope> wire = new ArrayDeque<>();
    /** Everything sent to an address that is no replica of the cluster (a client's), in order. */
    final List<Envelope> toClients = new ArrayList<>();
    /** The spec-level steps every replica reported (SpecTrace), as "step replica args", in order. */
    final List<String> trace = new ArrayList<>();
    private final boolean[] down;
    private final Set<Long> cut = new HashSet<>();
    private final long seed;
    private long deliveries;
    /**
     * Every delivery through the flat entry point (for the kinds the wire path sends flat), none as a record: a
     * record delivery in between would mask a flat kind the replica ignores ({@code ReplicaFlatEntryTest}).
     */
    boolean flatOnly;
    long now = 1_000;

    LocalCluster(int size, ReplicaOptions options, long seed) { this(size, Configuration.ofSize(size), options, seed); }

    /** {@code size} replicas (ids 1..size) that all start from {@code initial}; those outside it wait to be added. */
    LocalCluster(int size, Configuration initial, ReplicaOptions options, long seed) {
        this.config = initial;
        this.options = options;
        this.seed = seed;
        this.replicas = new Replica[size + 1];
        this.storages = new InMemoryAcceptorStorage[size + 1];
        this.down = new boolean[size + 1];
        for (int id = 1; id <= size; id++) {
            storages[id] = new InMemoryAcceptorStorage();
            replicas[id] = build(id);
        }
    }

    private Replica build(int id) {
        SplittableRandom random = new SplittableRandom(seed * 31 + id);
        Environment env = new Environment() {
            @Override public long now() { return now; }

            @Override public RandomGenerator random() { return random; }

            @Override public void send(int to, Message message) {
                Envelope e = new Envelope(id, to, message);
                if (to >= 1 && to < replicas.length) wire.add(e);
                else toClients.add(e);
            }
        };
        return Replica.builder().id(id).configuration(config).options(options).environment(env)
                .stateMachine(new KvStateMachine()).storage(storages[id]).trace(recorder).build();
    }

    private final SpecTrace recorder = new SpecTrace() {
        @Override public void phase1a(int replica, long ballot) { trace.add("1a " + replica + " " + Ballot.toString(ballot)); }

        @Override public void phase1b(int acceptor, long ballot) { trace.add("1b " + acceptor + " " + Ballot.toString(ballot)); }

        @Override public void phase2a(int leader, long ballot, long slot, Decree decree) { trace.add("2a " + leader + " " + Ballot.toString(ballot) + " " + slot); }

        @Override public void phase2b(int acceptor, long ballot, long slot, Decree decree) { trace.add("2b " + acceptor + " " + Ballot.toString(ballot) + " " + slot); }

        @Override public void learn(int replica, long slot, Decree decree) { trace.add("learn " + replica + " " + slot); }

        @Override public void installSnapshot(int replica, int source, long nextSlot) { trace.add("install " + replica + " " + source + " " + nextSlot); }

        @Override public void crash(int replica) { trace.add("crash " + replica); }

        @Override public void restart(int replica) { trace.add("restart " + replica); }

        @Override public void flushed(int replica) { trace.add("flushed " + replica); }
    };

    Replica replica(int id) { return replicas[id]; }

    /** Delivers every message in flight (and those they cause) to replicas that are up, over links not cut. */
    void deliverAll() {
        for (int steps = 0; !wire.isEmpty(); steps++) {
            if (steps > 1_000_000) throw new AssertionError("the cluster never went quiet: a message storm");
            Envelope e = wire.poll();
            if (down[e.to()] || down[e.from()] || cut.contains(link(e.from(), e.to()))) continue;
            deliver(replicas[e.to()], e.from(), e.message());
            replicas[e.to()].flush();
        }
    }

    /** Every other delivery (or, {@link #flatOnly}, every one) goes through the flat entry point, for the kinds the wire path sends flat. */
    private void deliver(Replica r, int from, Message message) {
        if (!flatOnly && deliveries++ % 2 == 0) {
            r.onMessage(from, message);
            return;
        }
        switch (message) {
            case Phase1a m -> r.onMessage(from, Flat.PHASE_1A, m.ballot(), m.fromSlot(), 0, null);
            case Phase2a m -> r.onMessage(from, Flat.PHASE_2A, m.ballot(), m.slot(), 0, m.decree());
            case Phase2b m -> r.onMessage(from, Flat.PHASE_2B, m.ballot(), m.slot(), 0, null);
            case Preempted m -> r.onMessage(from, Flat.PREEMPTED, m.rejected(), m.promised(), 0, null);
            case Commit m -> r.onMessage(from, Flat.COMMIT, m.ballot(), m.slot(), 0, null);
            case Heartbeat m -> r.onMessage(from, Flat.HEARTBEAT, m.ballot(), m.firstUnchosen(), m.leaseRound(), null);
            case LeaseGrant m -> r.onMessage(from, Flat.LEASE_GRANT, m.ballot(), m.leaseRound(), m.firstUnchosen(), null);
            default -> r.onMessage(from, Flat.RECORD, 0, 0, 0, message);
        }
    }

    /** Advances the clock by {@code ms}, ticks every live replica, then delivers everything. */
    void tick(long ms) {
        now += ms;
        for (int id = 1; id < replicas.length; id++) {
            if (down[id]) continue;
            replicas[id].onTick();
            replicas[id].flush();
        }
        deliverAll();
    }

    /** Ticks in steps of 5 ms until {@code done} holds; fails after {@code maxMs} of simulated time. */
    void runUntil(BooleanSupplier done, long maxMs, String what) {
        long until = now + maxMs;
        deliverAll();
        while (!done.getAsBoolean()) {
            if (now >= until) throw new AssertionError("not within " + maxMs + " simulated ms: " + what);
            tick(5);
        }
    }

    /** The one live leader, after running until there is exactly one. */
    Replica awaitLeader() {
        runUntil(() -> leaders().size() == 1, 5_000, "one leader");
        return leaders().get(0);
    }

    List<Replica> leaders() {
        List<Replica> leaders = new ArrayList<>();
        for (int id = 1; id < replicas.length; id++)
            if (!down[id] && replicas[id].role() == Proposer.Role.LEADER) leaders.add(replicas[id]);
        return leaders;
    }

    /** Submits at the leader and runs until the command's future completes. */
    byte[] submit(Replica leader, byte[] payload) {
        var future = leader.submit(payload);
        leader.flush();
        runUntil(future::isDone, 5_000, "the command's outcome");
        return future.join();
    }

    /** A crash: messages to and from it are lost and unsynced storage writes are gone. */
    void crash(int id) {
        down[id] = true;
        storages[id].crash();
    }

    /** A restart from what the replica's storage kept. */
    void restart(int id) {
        down[id] = false;
        replicas[id] = build(id);
    }

    boolean isDown(int id) { return down[id]; }

    /** Cuts (or heals) both directions between two replicas. */
    void cut(int a, int b, boolean cutIt) {
        if (cutIt) {
            cut.add(link(a, b));
            cut.add(link(b, a));
        } else {
            cut.remove(link(a, b));
            cut.remove(link(b, a));
        }
    }

    /** Cuts (or heals) one direction only: messages from {@code from} to {@code to} are lost. */
    void cutOneWay(int from, int to, boolean cutIt) {
        if (cutIt) cut.add(link(from, to));
        else cut.remove(link(from, to));
    }

    /** Isolates (or reconnects) one replica from all others. */
    void isolate(int id, boolean isolateIt) {
        for (int other = 1; other < replicas.length; other++) if (other != id) cut(id, other, isolateIt);
    }

    private static long link(int from, int to) { return ((long) from << 32) | to; }

    /** The cause {@code f} failed with; an {@link AssertionError} if it completed normally. */
    static Throwable failureOf(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        }
    }
}
