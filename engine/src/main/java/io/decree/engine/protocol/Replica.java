package io.decree.engine.protocol;

import io.decree.engine.client.CommandTooLargeException;
import io.decree.engine.client.NotLeaderException;
import io.decree.engine.message.CatchUpReply;
import io.decree.engine.message.CatchUpRequest;
import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Commit;
import io.decree.engine.message.Flat;
import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.LeaseGrant;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Phase2b;
import io.decree.engine.message.Preempted;
import io.decree.engine.message.SnapshotChunk;
import io.decree.engine.message.SnapshotRequest;
import io.decree.engine.metrics.ReplicaMetrics;
import io.decree.engine.statemachine.MalformedCommandException;
import io.decree.engine.statemachine.StateMachine;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import io.decree.engine.trace.SpecTrace;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * One Decree replica: acceptor, learner, proposer and executor behind a single-threaded, deterministic
 * event interface. The driver (the simulator, or the runtime's protocol thread) calls {@link #onMessage},
 * {@link #onTick} and {@link #submit}, then {@link #flush()}: flush makes storage durable and only then
 * sends what the replica said, so no reply ever gets ahead of the state it vouches for, and one sync
 * covers every event since the last flush (group commit).
 *
 * <p>Every {@code snapshotInterval} executed slots the replica checkpoints, and a replica that lags behind
 * what its peers' logs still hold receives a snapshot in chunks, then catches up on the tail by log
 * ({@link SnapshotKeeper}).
 *
 * <p>Membership changes through the log ({@link #reconfigure}, {@link MembershipChange}): a change chosen
 * in slot i governs slot i + alpha on, alpha being the pipelining window. A replica built with an id
 * outside the initial configuration starts as a learner that catches up, and counts once a change that
 * includes it governs.
 */
public final class Replica {
    private final int id;
    private final ConfigHistory configs;
    private final ReplicaOptions options;
    private final Environment env;
    private final AcceptorStorage storage;
    private final SpecTrace trace;
    private /*@ spec_public @*/ final Acceptor acceptor;
    private /*@ spec_public @*/ final Learner learner;
    private /*@ spec_public @*/ final Proposer proposer;
    private /*@ spec_public @*/ final Executor executor;
    private final Mutants mutants;
    /** Measurement only: nothing the replica decides reads it back (so simulated runs stay deterministic). */
    private final ReplicaMetrics metrics;
    /** Built once: a method reference evaluated per event would allocate a new object each time. */
    private final Executor.Listener onExecuted = this::executed;

    private final SendBuffer outbox = new SendBuffer();
    /**
     * Heartbeats and lease grants: they vouch for nothing storage holds (a leader's own promise of its ballot
     * was synced before its 1a left; a lease lives in memory, and a restarted acceptor promises no ballot at all
     * for a lease duration), so they leave before the sync, not behind it. On a slow disk an fsync under load
     * took 100-900 ms here, and a grant that waited for its follower's fsync made the leader's check-quorum give up
     * (docs/runtime.md, "Leader stability").
     */
    private final SendBuffer liveness = new SendBuffer();
    /** Where to answer each client whose request this replica is carrying: client id to route. */
    /**
     * Where to answer each client whose request this replica is carrying, by client id. Entries stay once made
     * and are marked answered instead of removed, so a client's next request reuses its route: no boxed key,
     * map node or route per request (one route per client, as the executor keeps one session per client).
     */
    private final Long2ObjectHashMap<Route> routes = new Long2ObjectHashMap<>();
    /** Local submissions waiting for execution, by client id and sequence (insertion ordered for time-outs). */
    private final LinkedHashMap<LocalKey, LocalRequest> local = new LinkedHashMap<>();
    private long catchUpRequestedAt = Environment.NEVER;
    private long leaseReadsServed;

    private final SnapshotKeeper snapshots;
    private final MembershipChange membership;

    /** The request {@code sequence} of a client, to be answered at {@code address} while {@code waiting}. */
    private static final class Route {
        long sequence;
        int address;
        boolean waiting;

        Route carry(long sequence, int address) {
            this.sequence = sequence;
            this.address = address;
            this.waiting = true;
            return this;
        }

        /** Marks the route answered if it waits for {@code sequence}; true if it did. */
        boolean answer(long sequence) {
            boolean matches = waiting && this.sequence == sequence;
            waiting = false;
            return matches;
        }
    }

    private record LocalRequest(CompletableFuture<byte[]> future, long deadline) {}

    private record LocalKey(long clientId, long sequence) {}

    // Between events: a candidate or leader's own acceptor has promised exactly its ballot (it promises
    // before the 1a leaves, and the replica steps down as soon as it promises higher), so the leader is in
    // its own quorum. Validity as a replica sees it: only slots known chosen are executed.
    //@ public invariant proposer.role() == Proposer.Role.FOLLOWER || acceptor.promised() == proposer.ballot();
    //@ public invariant executor.nextToApply() <= learner.firstUnchosen();

    private Replica(Builder b) {
        this.id = b.id;
        this.options = b.options;
        this.env = b.environment;
        this.storage = b.storage;
        this.trace = b.trace;
        this.mutants = b.mutants;
        this.metrics = b.metrics != null ? b.metrics : new ReplicaMetrics(b.id, System::nanoTime);
        if (id < 1 || id > Ballot.MAX_REPLICA_ID) throw new IllegalArgumentException("replica id " + id + " is outside [1, " + Ballot.MAX_REPLICA_ID + "]");
        this.configs = new ConfigHistory(b.configuration, options.window());
        this.executor = new Executor(b.stateMachine, b.mutants);
        RecoveredState recovered = storage.recover();
        long snapshotSlot = 0;
        if (recovered.snapshot() != null) {
            // A snapshot that does not decode stops the replica here, naming the damage: the log below it is
            // gone, so there is nothing else to start from.
            Snapshot snapshot = Snapshot.decode(recovered.snapshot());
            if (snapshot.nextSlot() != recovered.snapshotSlot())
                throw new Snapshot.CorruptSnapshotException("stored snapshot covers slots below " + snapshot.nextSlot() + ", storage recorded it as below " + recovered.snapshotSlot());
            executor.restore(snapshot);
            configs.restore(snapshot.changeMap());
            snapshotSlot = snapshot.nextSlot();
        }
        TreeMap<Long, Decree> chosen = new TreeMap<>();
        for (Map.Entry<Long, byte[]> e : recovered.chosen().entrySet()) chosen.put(e.getKey(), DecreeCodec.decode(e.getValue()));
        this.acceptor = new Acceptor(id, storage, b.mutants, trace, recovered, options.leaseDuration(), env.now());
        this.learner = new Learner(id, storage, trace, configs, snapshotSlot, chosen);
        this.proposer = new Proposer(id, configs, options, env, b.mutants, trace, acceptor, learner, new Proposer.Outbox() {
            @Override public void send(int to, Message message) { Replica.this.send(to, message); }

            @Override public void send(int to, int kind, long a, long b, long c, Object ref) { Replica.this.send(to, kind, a, b, c, ref); }
        }, metrics);
        this.snapshots = new SnapshotKeeper(options, env, storage, executor, configs, learner, acceptor, this::send, recovered.snapshot(), snapshotSlot, b.checkpointWriter, metrics);
        this.membership = new MembershipChange(id, options, env, configs, learner, proposer);
        executor.applyChosen(learner, onExecuted);
    }

    public static Builder builder() { return new Builder(); }

    /** Handles one message from {@code from} (a replica id, or a client's address). */
    public void onMessage(int from, Message message) {
        handle(from, message);
        afterEvent();
    }

    /**
     * Handles one message given as a {@link Flat} kind and fields (see there), exactly as
     * {@link #onMessage} handles its record: the wire path's entry point, which builds no record for the
     * steady state's messages.
     */
    public void onMessage(int from, int kind, long a, long b, long c, Object ref) {
        switch (kind) {
            case Flat.RECORD -> handle(from, (Message) ref);
            case Flat.PHASE_1A -> onPhase1a(from, a, b);
            case Flat.PHASE_2A -> onPhase2a(from, a, b, (Decree) ref);
            case Flat.PHASE_2B -> proposer.onPhase2b(from, a, b);
            case Flat.PREEMPTED -> stepDownIfPreempted(proposer.onPreempted(a, b));
            case Flat.COMMIT -> onCommit(a, b);
            case Flat.HEARTBEAT -> onHeartbeat(from, a, b, c);
            case Flat.LEASE_GRANT -> onLeaseGrant(from, a, b, c);
            case Flat.CLIENT_REQUEST -> onClientRequest(from, (Command) ref, a != 0);
            case Flat.CLIENT_REPLY_OK -> { } // replicas send these, they do not receive them
            default -> throw new IllegalArgumentException("replica " + id + ": no message kind " + kind);
        }
        afterEvent();
    }

    private void handle(int from, Message message) {
        switch (message) {
            case Phase1a m -> onPhase1a(from, m.ballot(), m.fromSlot());
            case Phase1b m -> proposer.onPhase1b(from, m, env.now());
            case Phase2a m -> onPhase2a(from, m.ballot(), m.slot(), m.decree());
            case Phase2b m -> proposer.onPhase2b(from, m.ballot(), m.slot());
            case Preempted m -> stepDownIfPreempted(proposer.onPreempted(m.rejected(), m.promised()));
            case Commit m -> onCommit(m.ballot(), m.slot());
            case Heartbeat m -> onHeartbeat(from, m.ballot(), m.firstUnchosen(), m.leaseRound());
            case LeaseGrant m -> onLeaseGrant(from, m.ballot(), m.leaseRound(), m.firstUnchosen());
            case CatchUpRequest m -> {
                membership.progress(from, m.fromSlot());
                serveCatchUp(from, m);
            }
            case CatchUpReply m -> {
                for (int i = 0; i < m.decrees().size(); i++) learner.learn(m.fromSlot() + i, m.decrees().get(i));
                catchUpRequestedAt = Environment.NEVER;
            }
            case SnapshotRequest m -> snapshots.serve(from, m.nextSlot(), m.offset());
            case SnapshotChunk m -> {
                if (snapshots.onChunk(from, m)) catchUpRequestedAt = Environment.NEVER;
            }
            case ClientRequest m -> onClientRequest(from, m.command(), m.read());
            case ClientReply m -> { } // replicas send these, they do not receive them
        }
    }

    private void onPhase1a(int from, long ballot, long fromSlot) {
        Message reply = acceptor.onPhase1a(ballot, fromSlot, env.now());
        if (reply != null) send(from, reply);
        stepDownIfPreempted(proposer.observe(ballot));
    }

    private void onPhase2a(int from, long ballot, long slot, Decree decree) {
        boolean voted = acceptor.vote(ballot, slot, decree);
        if (voted) send(from, Flat.PHASE_2B, ballot, slot, 0, null);
        else send(from, new Preempted(ballot, acceptor.promised()));
        stepDownIfPreempted(proposer.observe(ballot));
        if (voted) proposer.heardFromLeader(ballot);
    }

    private void onCommit(long ballot, long slot) {
        Decree voted = mutants.has(Mutant.LEARNS_OWN_VOTE_ON_COMMIT) && acceptor.voteBallot(slot) != Ballot.NONE
                ? acceptor.votedAt(slot, acceptor.voteBallot(slot)) : acceptor.votedAt(slot, ballot);
        if (voted != null) learner.learn(slot, voted);
        stepDownIfPreempted(proposer.observe(ballot));
        proposer.heardFromLeader(ballot);
    }

    private void onHeartbeat(int from, long ballot, long firstUnchosen, long leaseRound) {
        // A leader below our promise cannot reach us: say so, or it may hold its lease (and the
        // quorum's acceptors) for ever while this replica's own candidacies are refused.
        if (ballot < acceptor.promised()) send(from, new Preempted(ballot, acceptor.promised()));
        stepDownIfPreempted(proposer.observe(ballot));
        proposer.heardFromLeader(ballot);
        if (acceptor.grantLease(ballot, env.now())) send(from, Flat.LEASE_GRANT, ballot, leaseRound, learner.firstUnchosen(), null);
        if (ballot >= acceptor.promised() && firstUnchosen > learner.firstUnchosen()) requestCatchUp(from, firstUnchosen);
    }

    private void onLeaseGrant(int from, long ballot, long leaseRound, long firstUnchosen) {
        membership.progress(from, firstUnchosen);
        proposer.onLeaseGrant(from, ballot, leaseRound);
    }

    private void onClientRequest(int from, Command command, boolean read) {
        if (!read || !serveRead(from, command)) onClientRequest(from, command);
    }

    /** Advances timers: elections, retransmissions, heartbeats, local request time-outs. */
    public void onTick() {
        stepDownIfPreempted(proposer.onTick());
        long now = env.now();
        snapshots.onTick(now);
        membership.onTick(now);
        for (Iterator<LocalRequest> it = local.values().iterator(); it.hasNext(); ) {
            LocalRequest r = it.next();
            if (now < r.deadline) break; // insertion order is deadline order: all later ones are later
            r.future.completeExceptionally(new TimeoutException("replica " + id + ": no outcome within " + options.requestTimeout() + " ms; the command may or may not have been executed"));
            it.remove();
        }
        afterEvent();
    }

    /**
     * Submits a command without a client session (so it is not deduplicated): the future completes with its
     * result, or fails with {@link NotLeaderException}, {@link CommandTooLargeException},
     * {@link MalformedCommandException} or {@link TimeoutException}. Call from the protocol thread.
     */
    public CompletableFuture<byte[]> submit(byte[] payload) {
        long sequence;
        do sequence = env.random().nextLong(); while (local.containsKey(new LocalKey(Command.NO_SESSION, sequence)));
        return submit(new Command(Command.NO_SESSION, sequence, payload));
    }

    /**
     * Submits a command of a client session: a retry with the same client id and sequence, here or at
     * another replica, is executed at most once and completes with the first execution's result. A
     * session issues one request at a time. Call from the protocol thread.
     */
    public CompletableFuture<byte[]> submit(Command command) {
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        RuntimeException refusal = refuse(command.payload());
        if (refusal == null && executor.alreadyExecuted(command.clientId(), command.sequence())) {
            byte[] cached = executor.cachedResult(command.clientId(), command.sequence());
            if (cached != null) future.complete(cached);
            else future.completeExceptionally(new IllegalStateException("request " + command.sequence() + " of client " + command.clientId() + " is older than the session's latest"));
            return future;
        }
        if (refusal == null && !proposer.isLeader()) refusal = new NotLeaderException(id, proposer.leaderHint());
        if (refusal != null) {
            future.completeExceptionally(refusal);
            return future;
        }
        LocalRequest previous = local.remove(new LocalKey(command.clientId(), command.sequence()));
        if (previous != null) future.whenComplete((r, e) -> { if (e == null) previous.future.complete(r); else previous.future.completeExceptionally(e); });
        local.put(new LocalKey(command.clientId(), command.sequence()), new LocalRequest(future, env.now() + options.requestTimeout()));
        proposer.enqueue(command);
        afterEvent();
        return future;
    }

    /**
     * A linearizable read: answered from this leader's state when it holds a valid lease (no log write),
     * otherwise sent through the log like any command. Fails as {@link #submit(byte[])} does, and with
     * {@link MalformedCommandException} for a command that is not a read-only query.
     */
    public CompletableFuture<byte[]> read(byte[] query) {
        if (leaseReadAllowed()) {
            CompletableFuture<byte[]> future = new CompletableFuture<>();
            try {
                future.complete(executor.stateMachine().query(query));
            } catch (MalformedCommandException e) {
                future.completeExceptionally(e);
            }
            return future;
        }
        return submit(query);
    }

    private boolean leaseReadAllowed() {
        boolean allowed = proposer.canServeLeaseRead(env.now(), executor.nextToApply()) || (mutants.has(Mutant.STALE_FOLLOWER_READ) && !proposer.isLeader());
        if (allowed) leaseReadsServed++;
        return allowed;
    }

    /** Answers a client's read-only query locally if the lease allows; false if it must go through the log. */
    private boolean serveRead(int from, Command command) {
        if (!leaseReadAllowed()) return false;
        try {
            send(from, ClientReply.ok(command.clientId(), command.sequence(), executor.stateMachine().query(command.payload())));
        } catch (MalformedCommandException e) {
            send(from, ClientReply.rejected(command.clientId(), command.sequence(), ClientReply.Status.MALFORMED, e.getMessage()));
        }
        return true;
    }

    /**
     * Ends a turn: the leader proposes what the events since the last flush queued, then this sends the
     * heartbeats and lease grants, makes storage durable, and sends everything else: no message leaves before
     * the state it vouches for is durable.
     *
     * <p>Proposing here rather than after each event is what batches under load: the runtime flushes once per
     * drain of its inbound queue, so every client command that arrived in one drain goes into one decree (up to
     * {@link ReplicaOptions#maxBatchCommands()} and {@link ReplicaOptions#maxBatchBytes()}), one Phase 2 round
     * for all of them. Proposing after every event took one command per decree at saturation, since the window
     * always had room for the next. The simulator flushes after every event, so there a turn is one event and
     * proposals happen exactly where they did before. Phase2a is never required at any particular moment (the
     * spec only enables it), so deferring it to the end of the turn changes no safety argument.
     */
    public void flush() {
        proposer.propose();
        liveness.sendAll(env);
        if (acceptor.needsSync()) {
            long syncStart = metrics.now();
            storage.sync();
            metrics.synced(syncStart);
            acceptor.synced();
        }
        if (trace != null) trace.flushed(id); // durable now, not yet sent: a kill after this keeps every step so far
        outbox.sendAll(env);
        metrics.flushed(executor.nextToApply(), proposer.role() != Proposer.Role.FOLLOWER, proposer.isLeader(), proposer.ballot(), proposer.leaderHint());
    }

    private void afterEvent() {
        long applying = executor.nextToApply();
        executor.applyChosen(learner, onExecuted);
        metrics.executed(applying, executor.nextToApply());
        snapshots.checkpointIfDue();
        stepDownIfPreempted(proposer.checkMembership());
        membership.advance();
        // Proposing waits for the end of the turn (flush): see there.
    }

    /**
     * Changes the membership to {@code target} through the log (leader only). Replicas new to the cluster
     * first hear heartbeats and catch up (by log or snapshot); only when each is within one window of the
     * leader is the change proposed, so a new replica counts in quorums only once it has caught up. The
     * future completes with the first slot {@code target} governs (the slot it was chosen in plus alpha),
     * or fails with {@link NotLeaderException} (if this replica lost leadership after proposing, the change
     * may still be chosen), {@link IllegalStateException} (a change already in progress),
     * {@link IllegalArgumentException} (already that configuration) or {@link TimeoutException}. A
     * {@code target} that is no configuration (no replica, a replica named twice) cannot be built:
     * {@link Configuration}'s constructor refuses it with the reason.
     */
    public CompletableFuture<Long> reconfigure(Configuration target) {
        CompletableFuture<Long> future = membership.start(target);
        if (!future.isDone()) afterEvent();
        return future;
    }

    private void onClientRequest(int from, Command command) {
        RuntimeException refusal = refuse(command.payload());
        if (refusal != null) {
            ClientReply.Status status = refusal instanceof CommandTooLargeException ? ClientReply.Status.TOO_LARGE : ClientReply.Status.MALFORMED;
            send(from, ClientReply.rejected(command.clientId(), command.sequence(), status, refusal.getMessage()));
            return;
        }
        if (executor.alreadyExecuted(command.clientId(), command.sequence())) {
            byte[] cached = executor.cachedResult(command.clientId(), command.sequence());
            if (cached != null) send(from, ClientReply.ok(command.clientId(), command.sequence(), cached));
            return; // an older request than the client's latest: the client has moved on
        }
        if (!proposer.isLeader()) {
            send(from, ClientReply.notLeader(command.clientId(), command.sequence(), proposer.leaderHint()));
            return;
        }
        Route route = routes.get(command.clientId());
        if (route == null) routes.put(command.clientId(), route = new Route());
        route.carry(command.sequence(), from);
        proposer.enqueue(command);
    }

    /** Why a command cannot be proposed, or null if it can. */
    private RuntimeException refuse(byte[] payload) {
        if (payload.length > options.maxCommandBytes()) return new CommandTooLargeException(payload.length, options.maxCommandBytes());
        try {
            executor.stateMachine().validate(payload);
            return null;
        } catch (MalformedCommandException e) {
            return e;
        }
    }

    private void executed(long slot, Command command, byte[] result, boolean duplicate) {
        metrics.commandExecuted();
        if (!local.isEmpty()) {
            LocalRequest r = local.remove(new LocalKey(command.clientId(), command.sequence()));
            if (r != null) r.future.complete(result);
        }
        if (command.clientId() == Command.NO_SESSION) return;
        Route route = routes.get(command.clientId());
        if (route != null && route.waiting && route.sequence == command.sequence()) {
            route.waiting = false;
            send(route.address, Flat.CLIENT_REPLY_OK, command.clientId(), command.sequence(), 0, result);
        }
    }

    private void stepDownIfPreempted(List<Command> orphaned) {
        if (orphaned.isEmpty()) return; // the usual case: no iterator over an empty list per event
        for (Command c : orphaned) {
            LocalRequest r = local.remove(new LocalKey(c.clientId(), c.sequence()));
            // Never proposed by this leader, so certainly not executed: safe to fail now.
            if (r != null) r.future.completeExceptionally(new NotLeaderException(id, proposer.leaderHint()));
            else {
                Route route = routes.get(c.clientId());
                if (route != null && route.answer(c.sequence()))
                    send(route.address, ClientReply.notLeader(c.clientId(), c.sequence(), proposer.leaderHint()));
            }
        }
    }

    private void requestCatchUp(int leader, long leaderFirstUnchosen) {
        long now = env.now();
        if (snapshots.receiving()) return; // a snapshot is on its way
        if (now - catchUpRequestedAt < options.retransmitInterval()) return; // one request in flight at a time
        catchUpRequestedAt = now;
        long from = learner.firstUnchosen();
        send(leader, new CatchUpRequest(from, Math.min(leaderFirstUnchosen, from + options.maxCatchUpSlots())));
    }

    private void serveCatchUp(int from, CatchUpRequest request) {
        if (request.fromSlot() < learner.retainedFrom()) {
            snapshots.serve(from, 0, 0); // those decrees are gone from here: the snapshot stands for them
            return;
        }
        List<Decree> decrees = new ArrayList<>();
        long end = Math.min(request.toSlot(), request.fromSlot() + options.maxCatchUpSlots());
        for (long slot = request.fromSlot(); slot < end; slot++) {
            Decree d = learner.chosen(slot);
            if (d == null) break;
            decrees.add(d);
        }
        if (!decrees.isEmpty()) send(from, new CatchUpReply(request.fromSlot(), decrees));
    }

    /**
     * A message said as a record goes behind the sync: heartbeats and lease grants, the only messages that leave
     * before it ({@link #liveness}), are always said flat (the leader's heartbeat, {@link #onHeartbeat}'s grant).
     */
    private void send(int to, Message message) { outbox.add(to, message); }

    private void send(int to, int kind, long a, long b, long c, Object ref) {
        (kind == Flat.HEARTBEAT || kind == Flat.LEASE_GRANT ? liveness : outbox).add(to, kind, a, b, c, ref);
    }

    // --- Observers, for the simulator's invariant checks and for operators. ---
    // Pure helpers: they change nothing, so the invariants checked on exit from the last event hold
    // around them; the simulator calls them after every step.

    public /*@ pure helper @*/ int id() { return id; }

    /** The configuration governing this replica's first unchosen slot. */
    public /*@ pure helper @*/ Configuration configuration() { return configs.at(learner.firstUnchosen()); }

    /** The configuration after every change this replica knows of. */
    public Configuration latestConfiguration() { return configs.latest(); }

    /** Slot below which this replica's latest durable snapshot covers the log (0: none). */
    public long snapshotSlot() { return snapshots.slot(); }

    /** Lowest slot whose decree this replica still holds. */
    public long retainedFrom() { return learner.retainedFrom(); }

    /** Snapshots received from peers and installed since start. */
    public long snapshotsInstalled() { return snapshots.installed(); }

    /** State-transfer input refused since start (chunks out of order, snapshots that do not verify). */
    public long transferErrors() { return snapshots.transferErrors(); }

    /** Why the latest refused state-transfer input was refused, or null. */
    public String lastTransferError() { return snapshots.lastTransferError(); }

    /** True while a membership change started here is in progress. */
    public boolean changingConfiguration() { return membership.inProgress(); }

    public /*@ pure helper @*/ long promised() { return acceptor.promised(); }

    public /*@ pure helper @*/ List<Phase1b.Vote> votes() { return acceptor.votes(); }

    public /*@ pure helper @*/ long voteBallot(long slot) { return acceptor.voteBallot(slot); }

    public /*@ pure helper @*/ Decree chosen(long slot) { return learner.chosen(slot); }

    public /*@ pure helper @*/ long firstUnchosen() { return learner.firstUnchosen(); }

    public /*@ pure helper @*/ long applied() { return executor.nextToApply(); }

    public /*@ pure helper @*/ long appliedDigest() { return executor.appliedDigest(); }

    public StateMachine stateMachine() { return executor.stateMachine(); }

    public /*@ pure helper @*/ Proposer.Role role() { return proposer.role(); }

    public /*@ pure helper @*/ long ballot() { return proposer.ballot(); }

    public /*@ pure helper @*/ int leaderHint() { return proposer.leaderHint(); }

    public /*@ pure helper @*/ int pendingLocal() { return local.size(); }

    /** This replica's counters and histograms (written by its protocol thread; any thread may read them). */
    public ReplicaMetrics metrics() { return metrics; }

    /**
     * True while this replica may answer reads from its own state under its lease (by its own clock): it
     * leads, its lease and promises cover every configuration of its window, and it applied every slot a
     * promise reported. The simulator's LeaseSafety invariant checks this against the other replicas.
     */
    public boolean holdsLease() { return proposer.leaseReadable(env.now(), executor.nextToApply()); }

    /** The configurations governing the slots this replica may propose in next (its lease covers each). */
    public List<Configuration> leaseWindow() { return configs.window(learner.firstUnchosen()); }

    /** True if this replica leads and a quorum of {@code c} promised its ballot: it could get values chosen there. */
    public boolean leadsIn(Configuration c) { return proposer.isLeader() && proposer.promisedBy(c); }

    /** Until when (this replica's clock) its read lease as leader holds; {@code Long.MIN_VALUE} when it has none. */
    public /*@ pure helper @*/ long leaseValidUntil() { return proposer.leaseValidUntil(); }

    /** The ballot this replica's acceptor granted a read lease to, or {@link Ballot#NONE}: see {@link #grantedLeaseUntil()}. */
    public /*@ pure helper @*/ long grantedLeaseBallot() { return acceptor.leaseBallot(); }

    /** Until when (this replica's clock) its acceptor promises no ballot of another replica than {@link #grantedLeaseBallot()}'s. */
    public /*@ pure helper @*/ long grantedLeaseUntil() { return acceptor.leaseUntil(); }

    /** Reads answered from local state under a lease since this replica started. */
    public /*@ pure helper @*/ long leaseReadsServed() { return leaseReadsServed; }

    /** Builds a replica; it recovers its durable state from storage on construction. */
    public static final class Builder {
        private int id;
        private Configuration configuration;
        private ReplicaOptions options = ReplicaOptions.defaults();
        private Environment environment;
        private StateMachine stateMachine;
        private AcceptorStorage storage;
        private SpecTrace trace;
        private Mutants mutants = Mutants.none();
        private ReplicaMetrics metrics;
        private java.util.concurrent.Executor checkpointWriter = Runnable::run;

        public Builder id(int id) { this.id = id; return this; }

        public Builder configuration(Configuration c) { this.configuration = c; return this; }

        public Builder options(ReplicaOptions o) { this.options = o; return this; }

        public Builder environment(Environment e) { this.environment = e; return this; }

        public Builder stateMachine(StateMachine s) { this.stateMachine = s; return this; }

        public Builder storage(AcceptorStorage s) { this.storage = s; return this; }

        /** Spec-level tracing for trace validation; off (null) by default, and then free. */
        public Builder trace(SpecTrace t) { this.trace = t; return this; }

        /** Protocol mutants: see {@link Mutants#enable}, which only a test JVM allows. */
        public Builder mutants(Mutants m) { this.mutants = m; return this; }

        /** Where the replica records its metrics; by default its own, over {@code System.nanoTime}. */
        public Builder metrics(ReplicaMetrics m) { this.metrics = m; return this; }

        /**
         * Where checkpoints are serialized and written (see SnapshotKeeper): inline by default, as the simulator
         * needs (deterministic, single-threaded); the runtime gives a background thread, so a checkpoint of a
         * large state costs the protocol thread only its capture.
         */
        public Builder checkpointWriter(java.util.concurrent.Executor w) {
            if (w == null) throw new IllegalArgumentException("checkpoint writer is null (Runnable::run writes inline)");
            this.checkpointWriter = w;
            return this;
        }

        public Replica build() {
            require(configuration, "configuration");
            require(environment, "environment");
            require(stateMachine, "stateMachine");
            require(storage, "storage");
            return new Replica(this);
        }

        private static void require(Object value, String name) {
            if (value == null) throw new IllegalArgumentException("replica " + name + " is not set");
        }
    }
}
