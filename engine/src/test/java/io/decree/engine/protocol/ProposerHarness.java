package io.decree.engine.protocol;

import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Phase2b;
import io.decree.engine.metrics.ReplicaMetrics;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One {@link Proposer} with its own acceptor and learner, and nobody else: the test plays every other replica
 * by handing it 1b, 2b, refusals and grants one at a time, and reads what it sent. Timings are exact (the
 * election time-out has no random part: range 1), so a test can stand on either side of each boundary. The
 * proposer's 2a to its own acceptor is only recorded, as the others are: a test acknowledges it with
 * {@link #ack}, as the replica would after its acceptor voted.
 */
final class ProposerHarness {
    record Sent(int to, Message message) {}

    static final long START = 10_000;
    static final long HEARTBEAT = 20;
    static final long ELECTION_TIMEOUT = 150;
    static final long RETRANSMIT = 40;

    final int id;
    final ReplicaOptions options;
    final ConfigHistory configs;
    final InMemoryAcceptorStorage storage = new InMemoryAcceptorStorage();
    final Acceptor acceptor;
    final Learner learner;
    /** The metrics clock: nanoseconds the test sets, so latencies are exact. */
    long nanos;
    final ReplicaMetrics metrics;
    final Proposer proposer;
    final List<Sent> sent = new ArrayList<>();
    long now = START;

    ProposerHarness(int id, Configuration initial) { this(id, initial, options(8)); }

    ProposerHarness(int id, Configuration initial, ReplicaOptions options) {
        this.id = id;
        this.options = options;
        this.metrics = new ReplicaMetrics(id, () -> nanos);
        SplittableRandom random = new SplittableRandom(id);
        Environment env = new Environment() {
            @Override public long now() { return now; }

            @Override public RandomGenerator random() { return random; }

            @Override public void send(int to, Message message) { throw new AssertionError("the proposer sends through its outbox"); }
        };
        configs = new ConfigHistory(initial, options.window());
        // The acceptor's start-up lease (it may have granted one before a crash) ends at START.
        acceptor = new Acceptor(id, storage, Mutants.none(), null, RecoveredState.empty(), options.leaseDuration(), START - options.leaseDuration());
        learner = new Learner(id, storage, null, configs, 0, Map.of());
        proposer = new Proposer(id, configs, options, env, Mutants.none(), null, acceptor, learner,
                (to, m) -> sent.add(new Sent(to, m)), metrics);
    }

    /** Exact timings: heartbeat 20 ms, election time-out 150 ms (no random part), retransmission 40 ms. */
    static ReplicaOptions options(int window) { return options(window, 256); }

    static ReplicaOptions options(int window, int maxBatchCommands) {
        return new ReplicaOptions(window, maxBatchCommands, 1 << 20, 64 << 10, HEARTBEAT, ELECTION_TIMEOUT, 1, RETRANSMIT, 2_000, 64, 150, 0.05, 0, 64 << 10);
    }

    static ReplicaOptions batching(int maxCommands, int maxBytes, int maxCommandBytes) {
        return new ReplicaOptions(8, maxCommands, maxBytes, maxCommandBytes, HEARTBEAT, ELECTION_TIMEOUT, 1, RETRANSMIT, 2_000, 64, 150, 0.05, 0, 64 << 10);
    }

    /** Ticks every 10 ms (never a stall) up to {@code until}; returns the commands any step-down gave back. */
    List<Command> tickTo(long until) {
        List<Command> orphaned = new ArrayList<>();
        while (now < until) {
            now = Math.min(until, now + 10);
            orphaned.addAll(proposer.onTick());
        }
        return orphaned;
    }

    List<Command> tickFor(long ms) { return tickTo(now + ms); }

    /** Ticks until the election time-out of a fresh replica has passed: it stands, its own acceptor promising first. */
    void stand() {
        tickTo(START + ELECTION_TIMEOUT);
        if (proposer.role() != Proposer.Role.CANDIDATE) throw new AssertionError("expected a candidate, is " + proposer.role());
    }

    /** Stands, and leads once {@code promisers} promise (without votes). */
    void elect(int... promisers) {
        stand();
        for (int from : promisers) promise(from, 0);
        if (!proposer.isLeader()) throw new AssertionError("not leader after promises from " + Arrays.toString(promisers));
    }

    /** {@code from} promises this proposer's ballot, reporting {@code votes} and a compaction point. */
    void promise(int from, long compactedBelow, Phase1b.Vote... votes) {
        promiseFor(proposer.ballot(), from, compactedBelow, votes);
    }

    void promiseFor(long ballot, int from, long compactedBelow, Phase1b.Vote... votes) {
        proposer.onPhase1b(from, new Phase1b(ballot, learner.firstUnchosen(), compactedBelow, List.of(votes)), now);
    }

    /** {@code from} voted for this leader's proposal in {@code slot}. */
    void ack(int from, long slot) { proposer.onPhase2b(from, new Phase2b(proposer.ballot(), slot)); }

    /** A turn's end, as Replica.flush() does it: propose what can be proposed. */
    void propose() { proposer.propose(); }

    boolean enqueue(Command c) { return proposer.enqueue(c); }

    /** What was sent since the last call, then forgets it. */
    List<Sent> drain() {
        List<Sent> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    /** The messages of {@code type} sent since the last {@link #drain}, in order. */
    <T extends Message> List<T> sent(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Sent s : sent) if (type.isInstance(s.message())) out.add(type.cast(s.message()));
        return out;
    }

    /** The receivers of the messages of {@code type} sent since the last {@link #drain}, in order. */
    List<Integer> receivers(Class<? extends Message> type) {
        List<Integer> out = new ArrayList<>();
        for (Sent s : sent) if (type.isInstance(s.message())) out.add(s.to());
        return out;
    }

    /** The slots of the distinct 2a sent since the last {@link #drain}, in order. */
    List<Long> proposedSlots() {
        List<Long> out = new ArrayList<>();
        for (Phase2a p : sent(Phase2a.class)) if (!out.contains(p.slot())) out.add(p.slot());
        return out;
    }

    /** The decree proposed in {@code slot} since the last {@link #drain}; fails if none was. */
    Decree proposedIn(long slot) {
        for (Phase2a p : sent(Phase2a.class)) if (p.slot() == slot) return p.decree();
        throw new AssertionError("nothing proposed in slot " + slot + ": " + sent);
    }

    List<Long> phase1aBallots() {
        List<Long> out = new ArrayList<>();
        for (Phase1a p : sent(Phase1a.class)) out.add(p.ballot());
        return out;
    }

    static Command command(long client, int payloadBytes) { return new Command(client, 1, new byte[payloadBytes]); }

    static Decree decree(long client) { return Decree.batch(List.of(command(client, 1))); }
}
