package io.decree.sim;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Phase2b;
import io.decree.engine.protocol.Ballot;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Environment;
import io.decree.engine.protocol.Mutants;
import io.decree.engine.protocol.Proposer;
import io.decree.engine.protocol.Replica;
import io.decree.engine.statemachine.StateMachine;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import io.decree.engine.storage.StorageCorruptionException;
import io.decree.engine.trace.SpecTrace;
import io.decree.lin.CheckResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A deterministic simulation of a Decree cluster and its clients in one thread. Time is simulated; every
 * random choice (latencies, losses, time-outs, workload) comes from generators split off one seed, so a
 * run is a pure function of (seed, config, schedule) and a failing seed replays exactly. After every step
 * the {@link SafetyChecker} checks the safety invariants; when every fault has stopped the run also checks
 * liveness: every request completes within {@link SimConfig#livenessBound()}.
 */
public final class Simulation {
    private static final int CLIENT_BASE = 1000;
    private static final int TAIL = 200;
    private static final long MAX_STEPS = 5_000_000;

    private final long seed;
    private final SimConfig config;
    private final FaultSchedule schedule;
    private final SpecTrace externalTrace;
    private final Mutants mutants;
    private final SplittableRandom networkRandom;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final Node[] nodes;
    private final SimClient<?, ?>[] clients;
    private final Workload<?, ?> workload;
    /** Per applied slot count, the state digest the first replica there held, and which replica (comparesStateDigests). */
    private final java.util.HashMap<Long, Long> stateDigest = new java.util.HashMap<>();
    private final java.util.HashMap<Long, int[]> stateDigestAt = new java.util.HashMap<>();
    private final SafetyChecker checker;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final List<String> fullTrace;
    private long traceDigest = 1;
    private long leaseReadsOfCrashed;
    private long now;
    private long sequence;
    private long steps;
    private boolean faultsOver;
    private boolean started;
    private boolean injecting;
    /** Discrete faults applied (crashes, restarts, partitions, heals, clock jumps, storage faults, changes asked). */
    private long faultsApplied;
    private java.nio.file.Path diskRoot;   // the run's disks (SimDisk), when config.diskStorage()
    /** Messages held back across elections, and copies replayed late ({@link Adversary}). */
    private long heldMessages, replayedMessages;

    /** One replica slot in the cluster: its durable storage outlives the replica object across crashes. */
    private final class Node implements Environment {
        final int id;
        final InMemoryAcceptorStorage storage = new InMemoryAcceptorStorage();
        SimDisk disk;           // the real file log instead, with config.diskStorage()
        AcceptorStorage opened; // the disk's storage while the replica runs
        final SplittableRandom random;
        final int driftPerMille;
        long clockOffset;
        Replica replica;
        StateMachine machine;   // the replica's state machine (the workload's), for its invariant
        boolean isolated;
        boolean partitioned;
        boolean stopped;
        long promisedWhenDown = Ballot.NONE; // the acceptor's promise when it went down: what its storage holds

        Node(int id, SplittableRandom random, int driftPerMille) {
            this.id = id;
            this.random = random;
            this.driftPerMille = driftPerMille;
            this.clockOffset = random.nextLong(0, 1_000_000);
        }

        @Override public long now() { return clockOffset + now + now * driftPerMille / 1000; }

        @Override public RandomGenerator random() { return random; }

        /** The clock at real time {@code t}. */
        long clockAt(long t) { return clockOffset + t + t * driftPerMille / 1000; }

        /** The last real time at which this clock still reads below {@code reading}. */
        long lastRealBefore(long reading) {
            if (reading == Long.MIN_VALUE) return Long.MIN_VALUE;
            long t = Math.floorDiv((reading - clockOffset) * 1000, 1000 + driftPerMille);
            while (clockAt(t) >= reading) t--;
            while (clockAt(t + 1) < reading) t++;
            return t;
        }

        @Override public void send(int to, Message message) {
            if (message instanceof Phase1b m) {
                checker.replied(id, m.ballot(), -1, false);
                checker.phase1bSent(id, m);
            }
            if (message instanceof Phase2b m) checker.replied(id, m.ballot(), m.slot(), true);
            transmit(id, to, message);
        }

        void start() {
            // Spares (ids above config.replicas()) start outside the initial configuration, as learners.
            machine = workload.newStateMachine();
            replica = Replica.builder().id(id).configuration(Configuration.ofSize(config.replicas())).options(config.options())
                    .environment(this).stateMachine(machine).storage(disk != null ? opened : storage)
                    .trace(new TraceFanout(checker, externalTrace)).mutants(mutants).build();
        }
    }

    /** LATE: a delivery held back or replayed by the adversary (logged as such, delivered as any other). */
    private enum Type { DELIVER, LATE, TICK, CLIENT_WAKE, FAULT, FAULTS_END }

    /** {@code sent}: when a DELIVER was sent (its trace line says so, for space-time diagrams); else the time. */
    private record Event(long time, long order, Type type, int from, int to, Message message, FaultEvent fault, long sent)
            implements Comparable<Event> {
        @Override public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    public Simulation(long seed, SimConfig config, FaultSchedule schedule) { this(seed, config, schedule, null, false); }

    /**
     * @param externalTrace receives the engine's spec-level steps (for trace validation), or null
     * @param recordFullTrace keep every event line (for determinism tests), not only the last {@value #TAIL}
     */
    public Simulation(long seed, SimConfig config, FaultSchedule schedule, SpecTrace externalTrace, boolean recordFullTrace) {
        this(seed, config, schedule, externalTrace, recordFullTrace, new KvWorkload(config.keys()));
    }

    /**
     * A run whose replicas replicate {@code workload}'s state machine and whose clients send its commands,
     * their history checked against its model ({@link KvWorkload}, the key-value store, otherwise).
     */
    public Simulation(long seed, SimConfig config, FaultSchedule schedule, SpecTrace externalTrace, boolean recordFullTrace, Workload<?, ?> workload) {
        this.seed = seed;
        this.workload = workload;
        this.config = config;
        this.schedule = schedule;
        this.externalTrace = externalTrace;
        this.mutants = Mutants.enable(config.mutants());
        this.fullTrace = recordFullTrace ? new ArrayList<>() : null;
        SplittableRandom root = new SplittableRandom(seed);
        this.networkRandom = root.split();
        SplittableRandom clientRandom = root.split();
        // Without spares every slot's configuration is the initial one; with them, any has at least 3 members.
        this.checker = new SafetyChecker(config.totalReplicas(), config.spares() == 0 ? config.replicas() / 2 + 1 : 2);
        this.nodes = new Node[config.totalReplicas() + 1];
        for (int id = 1; id <= config.totalReplicas(); id++) {
            SplittableRandom r = root.split();
            int bound = schedule.driftPerMille();
            int drift = bound == 0 ? 0 : schedule.adversary().driftCorners() ? (r.nextBoolean() ? bound : -bound) : r.nextInt(-bound, bound + 1);
            nodes[id] = new Node(id, r, drift);
        }
        if (!config.diskStorage()) {
            for (FaultEvent f : schedule.events())
                if (f.isStorageFault()) throw new IllegalArgumentException(f + " damages stored data: it needs SimConfig.withDiskStorage()");
        }
        this.clients = new SimClient[config.clients()];
        for (int i = 0; i < clients.length; i++)
            clients[i] = new SimClient<>(CLIENT_BASE + i, i + 1, config.totalReplicas(), workload, config.opsPerClient(), config.clientTimeout(), clientRandom.split(), this, config.leaseReads(), schedule.adversary().rudeRate());
    }

    /**
     * Turns off the simulator's own safety invariants (not linearizability), so that a test can show that
     * trace validation alone catches a protocol bug. Call before the run starts.
     */
    public Simulation withoutSafetyInvariants() {
        checker.enabled = false;
        return this;
    }

    /** Starts the replicas, clients and fault schedule; {@link #run()} does this itself. */
    public void start() {
        if (started) return;
        started = true;
        if (config.diskStorage()) diskRoot = SimDisk.createRunDirectory();
        for (int id = 1; id < nodes.length; id++) {
            if (diskRoot != null) {
                nodes[id].disk = new SimDisk(diskRoot.resolve("r" + id));
                nodes[id].opened = nodes[id].disk.open();
            }
            nodes[id].start();
            schedule(nodes[id].random.nextLong(config.tickInterval()), Type.TICK, 0, id, null, null);
        }
        for (SimClient<?, ?> c : clients) schedule(networkRandom.nextLong(50), Type.CLIENT_WAKE, 0, c.address(), null, null);
        for (FaultEvent f : schedule.events()) if (f.at() < schedule.faultsEnd()) schedule(f.at(), Type.FAULT, 0, f.replica(), null, f);
        schedule(schedule.faultsEnd(), Type.FAULTS_END, 0, 0, null, null);
    }

    /**
     * Runs steps until {@code done} holds or simulated time passes {@code until}; returns whether done
     * holds. Invariant violations are thrown as {@link InvariantViolation}.
     */
    public boolean runUntil(BooleanSupplier done, long until) {
        start();
        while (!done.getAsBoolean()) {
            Event e = queue.peek();
            if (e == null || e.time > until) return false;
            queue.poll();
            now = e.time;
            if (++steps > MAX_STEPS) throw new InvariantViolation("StepBudget", "run exceeded " + MAX_STEPS + " steps");
            step(e);
        }
        return true;
    }

    /** Runs the whole workload and reports the outcome; never throws for a violation. */
    public SimResult run() {
        long wallStart = System.nanoTime();
        InvariantViolation violation = null;
        try {
            long deadline = schedule.faultsEnd() + config.livenessBound();
            if (!runUntil(this::finished, deadline) && !finished()) throw livenessViolation();
        } catch (InvariantViolation v) {
            violation = v;
        } catch (RuntimeException | AssertionError e) {
            // A simulator invariant checked from inside an engine step (the spec-trace callbacks) reaches here
            // wrapped by the contract of the engine method it interrupted (signals_only): it caught the bug.
            violation = thrownFromInside(e);
            if (violation == null) {
                // A replica's own assertion or contract is a violation too; name it by its type.
                violation = new InvariantViolation(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                violation.initCause(e);
            }
        } finally {
            releaseStorage();
        }
        List<ClientOp<?, ?>> history = new ArrayList<>();
        int committed = 0;
        for (SimClient<?, ?> c : clients) {
            for (ClientOp<?, ?> op : c.history()) {
                history.add(op);
                if (op.completed()) committed++;
            }
        }
        if (violation == null && !history.isEmpty()) violation = linearizabilityViolation(history);
        List<String> traceLines = fullTrace != null ? List.copyOf(fullTrace) : List.copyOf(tail);
        return new SimResult(seed, schedule, violation, steps, now, System.nanoTime() - wallStart, committed,
                checker.chosenSlots(), traceDigest, traceLines, history);
    }

    private static InvariantViolation thrownFromInside(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause())
            if (t instanceof InvariantViolation v) return v;
        return null;
    }

    /** The clients' histories must be linearizable against the workload's model; timed-out requests are unknown. */
    @SuppressWarnings({"unchecked", "rawtypes"}) // every op of the history was made by this run's workload
    private InvariantViolation linearizabilityViolation(List<ClientOp<?, ?>> history) {
        var result = ((Workload) workload).check(history);
        return switch (result) {
            case CheckResult.Linearizable<?, ?> ok -> null;
            case CheckResult.Violation<?, ?> v -> new InvariantViolation("Linearizability", v.summary() + "\n" + v.text());
            case CheckResult.Unknown<?, ?> u -> new InvariantViolation("Linearizability", "checker gave up: " + u.summary());
        };
    }

    private boolean finished() {
        if (!faultsOver) return false;
        for (SimClient<?, ?> c : clients) if (!c.done()) return false;
        return true;
    }

    private InvariantViolation livenessViolation() {
        StringBuilder s = new StringBuilder("with every fault over since t=" + schedule.faultsEnd() + ", requests still pending at t=" + now + ":");
        for (SimClient<?, ?> c : clients) if (!c.done() && c.waiting()) s.append(' ').append(c.describeCurrent()).append(" (invoked t=").append(c.invokedAt()).append(')');
        return new InvariantViolation("Liveness", s.toString());
    }

    private void step(Event e) {
        switch (e.type) {
            case DELIVER, LATE -> {
                String deliver = e.type == Type.LATE ? "deliver late " : "deliver ";
                if (e.to >= CLIENT_BASE) {
                    log(e, deliver + e.from + "->" + e.to + " " + MessageText.describe(e.message) + sentNote(e));
                    clients[e.to - CLIENT_BASE].onReply((ClientReply) e.message, e.from, now);
                    return;
                }
                Node node = nodes[e.to];
                if (node.replica == null) {
                    log(e, "lost (r" + e.to + " down) " + e.from + "->" + e.to + " " + MessageText.describe(e.message) + sentNote(e));
                    return;
                }
                log(e, deliver + e.from + "->" + e.to + " " + MessageText.describe(e.message) + sentNote(e));
                Learning learning = checker.enabled ? Learning.before(node.replica, e.message) : null;
                node.replica.onMessage(e.from, e.message);
                if (learning != null) learning.check(node.replica, e.from, now);
                node.replica.flush();
                checker.afterStep(node.replica);
                checkWorkloadInvariant(node);
                checkLeases();
            }
            case TICK -> {
                Node node = nodes[e.to];
                schedule(now + config.tickInterval(), Type.TICK, 0, e.to, null, null);
                if (node.replica == null) return;
                node.replica.onTick();
                node.replica.flush();
                checker.afterStep(node.replica);
                checkWorkloadInvariant(node);
                checkLeases();
            }
            case CLIENT_WAKE -> clients[e.to - CLIENT_BASE].onWake(now);
            case FAULT -> fault(e, e.fault);
            case FAULTS_END -> {
                log(e, "faults end: network reliable, every replica up and connected");
                faultsOver = true;
                for (int id = 1; id < nodes.length; id++) {
                    nodes[id].isolated = nodes[id].partitioned = false;
                    if (nodes[id].replica == null && !nodes[id].stopped) restart(nodes[id]);
                }
            }
        }
    }

    /**
     * LeaseSafety: while a replica may answer reads under its lease (by its own clock: {@link Replica#holdsLease}),
     * no other replica leads with a higher ballot over a configuration of the holder's window (promised by
     * a quorum of it), in the same real instant: that leader could get a write chosen the holder does not
     * see. (A higher-ballot leader that is behind, elected in an older configuration whose slots are all
     * chosen already, can choose nothing new, and does not count.) This is what makes lease reads
     * linearizable, checked directly rather than waiting for a stale read to show it.
     */
    private void checkLeases() {
        if (!config.leaseReads()) return;
        checkLeaseGrants();
        checkLeasePromises();
        for (int a = 1; a < nodes.length; a++) {
            Replica holder = nodes[a].replica;
            if (holder == null || !holder.holdsLease()) continue;
            for (int b = 1; b < nodes.length; b++) {
                Replica other = nodes[b].replica;
                if (b == a || other == null || other.role() != Proposer.Role.LEADER || other.ballot() <= holder.ballot()) continue;
                for (Configuration c : holder.leaseWindow()) {
                    if (other.leadsIn(c))
                        throw new InvariantViolation("LeaseSafety", "replica " + a + " holds a read lease for ballot " + Ballot.toString(holder.ballot())
                                + " while replica " + b + " leads with " + Ballot.toString(other.ballot()) + ", promised by a quorum of " + c + ", at t=" + now);
                }
            }
        }
    }

    /**
     * LeaseBackedByGrants: a leader's lease, in real time, ends no later than the grants that back it. For
     * every configuration of the holder's window, a quorum of its acceptors must keep every other replica
     * out (by their own clocks) at least until the holder's lease runs out (by its clock): an acceptor that
     * granted the holder's replica, one restarted and still refusing everybody, or one down (it promises
     * nothing). This is the lease-length rule (a lease of {@code leaseDuration (1-ρ)/(1+ρ)} by a clock no
     * slower than 1-ρ against grants of {@code leaseDuration} by clocks no faster than 1+ρ) checked on the
     * clocks of the run instead of on the formula, so it holds at every corner of the drift bound. One
     * millisecond is allowed for the rounding of simulated clocks.
     */
    private void checkLeaseGrants() {
        if (!checker.enabled) return;
        for (int h = 1; h < nodes.length; h++) {
            Replica holder = nodes[h].replica;
            if (holder == null || !holder.holdsLease()) continue;
            long end = nodes[h].lastRealBefore(holder.leaseValidUntil());
            for (Configuration c : holder.leaseWindow()) {
                int backing = 0;
                StringBuilder short_ = new StringBuilder();
                for (int m : c.members()) {
                    Node a = nodes[m];
                    boolean protects = a.replica == null || (Ballot.replica(a.replica.grantedLeaseBallot()) == h || a.replica.grantedLeaseBallot() == Ballot.NONE)
                            && a.lastRealBefore(a.replica.grantedLeaseUntil()) + 1 >= end;
                    if (protects) backing++;
                    else short_.append(" r").append(m).append(a.replica.grantedLeaseBallot() == Ballot.NONE || Ballot.replica(a.replica.grantedLeaseBallot()) == h
                            ? " until t=" + a.lastRealBefore(a.replica.grantedLeaseUntil()) : " granted " + Ballot.toString(a.replica.grantedLeaseBallot()));
                }
                if (2 * backing <= c.size())
                    throw new InvariantViolation("LeaseBackedByGrants", "replica " + h + " holds a read lease until t=" + end + " (real time; its clock drifts "
                            + nodes[h].driftPerMille + "‰) over " + c + ", but only " + backing + " of its acceptors keep other leaders out that long:" + short_ + ", at t=" + now);
            }
        }
    }

    /**
     * LeasePromisedInWindow: a lease covers only configurations a quorum of which promised the holder's
     * ballot, read from the acceptors' own state (a down acceptor by the promise it had when it went down; a
     * promise is persisted before its 1b is sent, so one the holder counted is never lost). A configuration
     * that enters the holder's window while it holds the lease needs that quorum before the lease may serve
     * reads again: until then a leader of that configuration could be elected, and choose writes, unseen by
     * the holder. LeaseSafety sees that only once such a leader exists; this sees the unbacked lease at once.
     */
    private void checkLeasePromises() {
        if (!checker.enabled) return;
        for (int h = 1; h < nodes.length; h++) {
            Replica holder = nodes[h].replica;
            if (holder == null || !holder.holdsLease()) continue;
            long ballot = holder.ballot();
            for (Configuration c : holder.leaseWindow()) {
                int promised = 0;
                StringBuilder not = new StringBuilder();
                for (int m : c.members()) {
                    Node a = nodes[m];
                    long p = a.replica == null ? a.promisedWhenDown : a.replica.promised();
                    if (p >= ballot) promised++;
                    else not.append(" r").append(m).append(" promised ").append(Ballot.toString(p));
                }
                if (2 * promised <= c.size())
                    throw new InvariantViolation("LeasePromisedInWindow", "replica " + h + " holds a read lease for ballot " + Ballot.toString(ballot)
                            + " over its window, but only " + promised + " of " + c + " promised that ballot:" + not + ", at t=" + now);
            }
        }
    }

    private void fault(Event e, FaultEvent f) {
        if (faultsOver && !injecting) return; // scheduled faults stop at faultsEnd; injected ones apply
        log(e, f.describe());   // log() prints the time: t=... once
        faultsApplied++;
        Node node = f.replica() > 0 ? nodes[f.replica()] : null;
        switch (f.kind()) {
            case CRASH, STOP, TORN_WRITE, CORRUPT_BYTE -> {
                node.stopped |= f.kind() == FaultEvent.Kind.STOP;
                if (node.replica != null) {
                    leaseReadsOfCrashed += node.replica.leaseReadsServed();
                    long promised = node.replica.promised();
                    node.promisedWhenDown = promised;
                    node.replica = null;
                    if (node.disk == null) node.storage.crash();
                    else note("r" + node.id + " disk: " + node.disk.crash(f.kind() == FaultEvent.Kind.TORN_WRITE ? f.amount() : null, promised));
                    node.opened = null;
                    if (externalTrace != null) externalTrace.crash(node.id);
                }
                if (f.kind() == FaultEvent.Kind.CORRUPT_BYTE) note("r" + node.id + " disk: " + node.disk.corrupt(f.amount()));
            }
            case RESTART -> { if (node.replica == null && !node.stopped) restart(node); }
            case ISOLATE -> node.isolated = true;
            case PARTITION -> node.partitioned = true;
            case HEAL -> { for (int id = 1; id < nodes.length; id++) nodes[id].isolated = nodes[id].partitioned = false; }
            case CLOCK_JUMP -> node.clockOffset += f.amount();
            case RECONFIGURE -> reconfigure(f.amount());
        }
    }

    /**
     * Asks the leader (the one with the highest ballot, if several believe they lead) to change the
     * membership it knows: add a spare, remove a member, or replace one, keeping 3 to 5 members and never
     * adding a replica stopped for good. The outcome (chosen, refused, timed out) goes to the trace.
     */
    private void reconfigure(long choice) {
        int leaderId = 0;
        for (int id = 1; id < nodes.length; id++) {
            Replica r = nodes[id].replica;
            if (r != null && r.role() == Proposer.Role.LEADER && (leaderId == 0 || r.ballot() > nodes[leaderId].replica.ballot())) leaderId = id;
        }
        if (leaderId == 0) {
            note("reconfigure: no leader, nothing asked");
            return;
        }
        Replica leader = nodes[leaderId].replica;
        Configuration current = leader.latestConfiguration();
        Configuration target = pickChange(current, new SplittableRandom(choice));
        if (target == null) return;
        note("r" + leaderId + " asked to reconfigure " + current + " -> " + target);
        int asked = leaderId;
        leader.reconfigure(target).whenComplete((from, failure) -> note("r" + asked + " reconfiguration to " + target
                + (failure == null ? " chosen, governs from slot " + from : " failed: " + failure.getClass().getSimpleName() + ": " + failure.getMessage())));
        leader.flush();
        checker.afterStep(leader);
    }

    private Configuration pickChange(Configuration current, SplittableRandom random) {
        List<Integer> addable = new ArrayList<>();
        for (int id = 1; id < nodes.length; id++) if (!current.contains(id) && !nodes[id].stopped) addable.add(id);
        List<String> ops = new ArrayList<>();
        if (current.size() < 5 && !addable.isEmpty()) ops.add("add");
        if (current.size() > 3) ops.add("remove");
        if (!addable.isEmpty()) ops.add("replace");
        if (ops.isEmpty()) return null;
        List<Integer> members = new ArrayList<>();
        for (int m : current.members()) members.add(m);
        String op = ops.get(random.nextInt(ops.size()));
        if (!op.equals("add")) members.remove(random.nextInt(members.size()));
        if (!op.equals("remove")) members.add(addable.get(random.nextInt(addable.size())));
        return new Configuration(members.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Discrete faults of the schedule (and injected ones) applied so far; those after faultsEnd are not. */
    public long faultsApplied() { return faultsApplied; }

    /** Configuration changes chosen in this run (distinct slots). */
    public long configChangesChosen() { return checker.configChanges(); }

    /** Snapshots installed by state transfer in this run, over every replica. */
    public long snapshotsInstalled() { return checker.snapshotsInstalled(); }

    private void restart(Node node) {
        if (node.disk != null && !openDisk(node)) return;
        if (externalTrace != null) externalTrace.restart(node.id);
        node.start();
        checker.afterRestart(node.replica);
    }

    /**
     * Recovers a restarting replica's disk. Damage recovery refuses is the expected outcome of a flipped
     * byte (SimDisk checks it is exactly the injected one): the replica refuses to start and stays down for
     * the rest of the run, like a STOP. Returns whether the replica may start.
     */
    private boolean openDisk(Node node) {
        try {
            node.opened = node.disk.open();
            node.disk.lastRecovery().tornTail().ifPresent(t -> note("r" + node.id + " recovery cut a torn tail: " + t.file().getFileName()
                    + " at offset " + t.offset() + ", " + t.bytes() + " bytes (" + t.reason() + ")"));
            return true;
        } catch (StorageCorruptionException e) {
            node.stopped = true;
            String what = e.getMessage().substring(Math.min(e.getMessage().length(), (e.file() + " at offset " + e.offset() + ": ").length()));
            note("r" + node.id + " refuses to start: " + e.file().getFileName() + " at offset " + e.offset() + ": " + what);
            return false;
        }
    }

    /** Closes every simulated disk and deletes the run's directory; {@link #run()} calls it at the end. */
    public void releaseStorage() {
        if (diskRoot == null) return;
        for (int id = 1; id < nodes.length; id++) if (nodes[id].disk != null) nodes[id].disk.close();
        SimDisk.deleteRecursively(diskRoot);
        diskRoot = null;
    }

    /** Torn tails recovery cut off, over every replica so far (disk storage). */
    public long tornTailsCut() {
        long n = 0;
        for (int id = 1; id < nodes.length; id++) if (nodes[id].disk != null) n += nodes[id].disk.tornTailsCut;
        return n;
    }

    /** Damaged records recovery refused to start with, over every replica so far (disk storage). */
    public long corruptionsDetected() {
        long n = 0;
        for (int id = 1; id < nodes.length; id++) if (nodes[id].disk != null) n += nodes[id].disk.corruptionsDetected;
        return n;
    }

    /** A line in the trace at the current time (the full path of a disk never appears: runs stay comparable). */
    private void note(String line) { log(new Event(now, -1, Type.FAULT, 0, 0, null, null, now), line); }

    /** The network: partitions, loss, duplication and random latency (which reorders). */
    private void transmit(int from, int to, Message message) {
        if (!faultsOver) {
            if (isolated(from) || isolated(to)) return;
            if (from < CLIENT_BASE && to < CLIENT_BASE && from != to && (nodes[from].partitioned || nodes[to].partitioned)) return;
            if (networkRandom.nextDouble() < schedule.dropRate()) return;
            if (networkRandom.nextDouble() < schedule.duplicateRate())
                schedule(now + latency(), Type.DELIVER, from, to, message, null);
            if (from < CLIENT_BASE && to < CLIENT_BASE && holdBack(from, to, message)) return;
        }
        schedule(now + latency(), Type.DELIVER, from, to, message, null);
    }

    /**
     * The adversary's network between replicas: a phase-1b/2a/2b message may be replayed (a copy delivered
     * again much later), and any message may be held back longer than an election timeout. Returns whether
     * the message was held (and so is not delivered now). Draws nothing when both rates are zero, so a
     * schedule without these faults runs as it did before they existed.
     */
    private boolean holdBack(int from, int to, Message message) {
        Adversary a = schedule.adversary();
        if (a.replayRate() > 0 && (message instanceof Phase1b || message instanceof Phase2a || message instanceof Phase2b)
                && networkRandom.nextDouble() < a.replayRate()) {
            replayedMessages++;
            schedule(now + holdDelay(a), Type.LATE, from, to, message, null);
        }
        if (a.holdRate() > 0 && networkRandom.nextDouble() < a.holdRate()) {
            heldMessages++;
            schedule(now + holdDelay(a), Type.LATE, from, to, message, null);
            return true;
        }
        return false;
    }

    private long holdDelay(Adversary a) { return a.holdMin() + networkRandom.nextLong(a.holdMax() - a.holdMin() + 1); }

    /** Messages the adversary held back across elections in this run. */
    public long heldMessages() { return heldMessages; }

    /** Late copies of 1b/2a/2b messages the adversary replayed in this run. */
    public long replayedMessages() { return replayedMessages; }

    /** Old or duplicate requests the rude clients sent in this run. */
    public long rudeRequests() {
        long n = 0;
        for (SimClient<?, ?> c : clients) n += c.rudeRequests();
        return n;
    }

    /** Answers to old or duplicate requests checked against the first answer (SessionReply) in this run. */
    public long rudeRepliesChecked() {
        long n = 0;
        for (SimClient<?, ?> c : clients) n += c.repliesChecked();
        return n;
    }

    private boolean isolated(int address) { return address < CLIENT_BASE && nodes[address].isolated; }

    private long latency() {
        return schedule.minDelay() + (schedule.maxDelay() > schedule.minDelay() ? networkRandom.nextLong(schedule.maxDelay() - schedule.minDelay() + 1) : 0);
    }

    private void schedule(long time, Type type, int from, int to, Message message, FaultEvent fault) {
        queue.add(new Event(time, sequence++, type, from, to, message, fault, now));
    }

    /** The send time of a delivered message, at the end of its line (the verify report draws arrows from it). */
    private static String sentNote(Event e) { return " (sent t=" + e.sent + ")"; }

    private void log(Event e, String line) {
        traceDigest = MessageText.mix(traceDigest, e.time, e.message == null ? line.hashCode() : MessageText.digest(e.message) ^ e.from * 31L ^ e.to);
        String entry = "t=" + e.time + " " + line;
        if (fullTrace != null) fullTrace.add(entry);
        if (tail.size() == TAIL) tail.removeFirst();
        tail.addLast(entry);
    }

    // --- Driving the cluster from outside (tests, benchmarks). ---

    /** Reads answered under a lease, by every incarnation of every replica so far. */
    public long leaseReadsServed() {
        long n = leaseReadsOfCrashed;
        for (int id = 1; id < nodes.length; id++) if (nodes[id].replica != null) n += nodes[id].replica.leaseReadsServed();
        return n;
    }

    /** Simulated time now, ms. */
    public long now() { return now; }

    /** The replica with this id, or null while it is down. */
    public Replica replica(int id) { return nodes[id].replica; }

    /** The id of a replica that currently believes it leads, or 0. */
    public int leader() {
        for (int id = 1; id < nodes.length; id++) if (nodes[id].replica != null && nodes[id].replica.role() == Proposer.Role.LEADER) return id;
        return 0;
    }

    /** Applies a fault now, as if it were in the schedule. */
    public void inject(FaultEvent fault) {
        start();
        injecting = true;
        try {
            fault(new Event(now, sequence++, Type.FAULT, 0, fault.replica(), null, fault, now), fault);
        } finally {
            injecting = false;
        }
    }

    /** Submits a command at a replica, as its local client would; flushes what the replica said. */
    public CompletableFuture<byte[]> submit(int replicaId, byte[] payload) {
        return submit(replicaId, r -> r.submit(payload));
    }

    /** Submits a session command at a replica; registered as submitted for the Validity invariant. */
    public CompletableFuture<byte[]> submit(int replicaId, Command command) {
        checker.submitted(command);
        return submit(replicaId, r -> r.submit(command));
    }

    /** Asks a replica to change the membership to {@code target}; flushes what the replica said. */
    public CompletableFuture<Long> reconfigure(int replicaId, Configuration target) {
        return submit(replicaId, r -> r.reconfigure(target));
    }

    /** Runs a request at a replica as an event of its own: then flushes and checks it, as after any step. */
    private <T> CompletableFuture<T> submit(int replicaId, Function<Replica, CompletableFuture<T>> how) {
        start();
        Replica r = nodes[replicaId].replica;
        if (r == null) throw new IllegalStateException("replica " + replicaId + " is down");
        var future = how.apply(r);
        r.flush();
        checker.afterStep(r);
        return future;
    }

    // --- Called by simulated clients. ---

    void submitted(Command command) { checker.submitted(command); }

    void clientSend(int client, int replica, Command command, boolean read) { transmit(client, replica, new ClientRequest(command, read)); }

    /**
     * After a replica's step: the workload's own invariant over its state machine, and (when the workload asks)
     * its state digest against every other replica's at the same applied slot count.
     */
    private void checkWorkloadInvariant(Node node) {
        if (node.machine == null) return;
        if (workload.comparesStateDigests()) {
            long applied = node.replica.applied(), digest = node.machine.digest();
            int[] first = stateDigestAt.computeIfAbsent(applied, a -> new int[] {node.id});
            Long seen = stateDigest.putIfAbsent(applied, digest);
            if (seen != null && seen != digest)
                throw new InvariantViolation("StateMachineDigest", "replica " + node.id + " holds a state with digest " + digest + " after applying "
                        + applied + " slots, replica " + first[0] + " held " + seen + " there (" + checker.snapshotsInstalled()
                        + " snapshot(s) installed so far, and a restart restores the replica's own: does restore rebuild the state it was given?)");
        }
        if (!workload.hasInvariant()) return;
        String broken = workload.invariant(node.machine);
        if (broken != null)
            throw new InvariantViolation("StateMachineInvariant", "replica " + node.id + " after applying " + node.replica.applied() + " slots: " + broken);
    }

    void wake(SimClient<?, ?> client, long at) { schedule(at, Type.CLIENT_WAKE, 0, client.address(), null, null); }
}
