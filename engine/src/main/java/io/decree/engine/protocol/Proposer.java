package io.decree.engine.protocol;

import io.decree.engine.message.CatchUpRequest;
import io.decree.engine.message.Flat;
import io.decree.engine.message.LeaseGrant;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2b;
import io.decree.engine.message.Preempted;
import io.decree.engine.metrics.ReplicaMetrics;
import io.decree.engine.trace.SpecTrace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The proposer role, which makes a replica a candidate and then the leader. Phase 1 runs once per
 * leadership and covers every slot from the first one this replica does not know chosen; after it the
 * leader runs only Phase 2, one round per slot, with up to {@code window} slots in flight and many client
 * commands batched into each decree. Leadership is won and lost by ballot: a higher ballot anywhere
 * preempts this one. Followers stand for election when the leader's heartbeats stop for a randomised time.
 *
 * <p>Configurations (TLA+ {@code MultiPaxosReconfig}): each slot s is decided by a quorum of
 * {@code ConfigAt(s)} ({@link ConfigHistory#at}), the pipelining window being alpha. So the phase-1 replies
 * are kept per acceptor, and a slot is proposed only once a quorum of its own configuration has promised
 * this ballot, with the value adopted from exactly those replies (SafeValue with Q = the repliers in
 * ConfigAt(s)). When a change brings a new configuration into the window, the leader runs phase 1 with its
 * members before proposing there. A leader steps down once the configuration governing its first unchosen
 * slot no longer includes it.
 */
public final class Proposer {

    public enum Role { FOLLOWER, CANDIDATE, LEADER }

    /**
     * A slot this leader proposed and is collecting votes for, from a quorum of {@link #config}. Reused: a
     * proposal leaves {@link #inFlight} for {@link #spareProposals} and is set again for a later slot, so the
     * pipeline allocates none once it has been full once.
     */
    private static final class Proposal {
        Decree decree;
        Configuration config;
        long acks;
        /** 2b replies from acceptors already counted: always 0 but under the QUORUM_COUNTS_DUPLICATE_2B mutant. */
        int repeats;
        long sentAt;

        Proposal set(Decree decree, Configuration config, long sentAt) {
            this.decree = decree;
            this.config = config;
            this.sentAt = sentAt;
            this.acks = 0;
            this.repeats = 0;
            return this;
        }
    }

    /** Where the proposer's messages go: the replica's outbox, sent after storage is synced. */
    public interface Outbox {
        void send(int to, Message message);

        /** A message as a {@link Flat} kind and fields; the default builds its record (tests and stand-ins see records). */
        default void send(int to, int kind, long a, long b, long c, Object ref) { send(to, Flat.toMessage(kind, a, b, c, ref)); }
    }

    private final int id;
    private final ConfigHistory configs;
    private final ReplicaOptions options;
    private final Environment env;
    private final Mutants mutants;
    private final SpecTrace trace;
    private final Acceptor acceptor;
    private final Learner learner;
    private final Outbox outbox;
    /** Measurement only (never read back): batch sizes, queue waits, per-slot phase times. */
    private final ReplicaMetrics metrics;

    private /*@ spec_public @*/ Role role = Role.FOLLOWER;
    /** This replica's ballot as candidate or leader; NONE as a follower that never stood. */
    private /*@ spec_public @*/ long ballot = Ballot.NONE;
    private long highestSeen;
    private int leaderHint;
    private long electionDeadline;
    private long lastHeartbeat;
    /** When this replica last ticked: a longer gap than a heartbeat interval is a stall (see {@link #excuseStall}). */
    private long lastTickAt;

    private long phase1From;
    private long phase1SentAt;
    /** The configuration governing the first unchosen slot when this replica stood: its quorum elects. */
    private /*@ spec_public @*/ Configuration electedIn;
    /** Phase-1 replies for {@link #ballot}, by acceptor: who promised, and what each reported. */
    private /*@ spec_public @*/ final HashMap<Integer, Phase1b> promises = new HashMap<>();
    /** The votes the 1b replies reported, by slot and then by acceptor: what SafeValue looks at. */
    private final TreeMap<Long, HashMap<Integer, Phase1b.Vote>> reported = new TreeMap<>();
    private long highestReported = -1;
    /** The configuration last found to have a quorum of promises for this ballot (a cache; null: none). */
    private Configuration covered;
    /** Highest compaction point reported, and by whom: every slot below it is chosen, never proposed again. */
    private long compactedFloor;
    private int compactedAt;
    private long catchUpSentAt = Environment.NEVER;

    /** Next slot this leader has not yet proposed in. */
    private /*@ spec_public @*/ long nextSlot;
    /** Slots proposed and not yet chosen, at most a window of them (primitive keys: see SlotMap). */
    private /*@ spec_public @*/ final SlotMap<Proposal> inFlight = new SlotMap<>();
    private final ArrayDeque<Proposal> spareProposals = new ArrayDeque<>();
    private final java.util.function.Consumer<Proposal> recycle = this::recycle;
    private final ArrayDeque<Command> queue = new ArrayDeque<>();
    /** Where {@link #takeBatch} collects a decree's commands before copying them into the decree's own array. */
    private Command[] batchScratch = new Command[16];
    /** A configuration change to propose before any further client command, or null. */
    private Decree control;
    /** Replicas that are in no configuration yet but should hear heartbeats (to catch up before joining). */
    private int[] observers = new int[0];

    /** The read lease this replica holds while it leads (and whether a quorum still answers). */
    private final LeaderLease lease;
    /** This replica has led since it started (only the READ_AFTER_LOSING_LEADERSHIP mutant looks). */
    private /*@ spec_public @*/ boolean hasLed;
    /** Slots below this were adopted from earlier leaders; reads wait until they are applied. */
    private /*@ spec_public @*/ long establishedSlot;

    // The ballot a candidate or leader stands for is its own (Owner(b) = r).
    //@ public invariant role == Role.FOLLOWER || Ballot.replica(ballot) == id;
    //@ public invariant role != Role.LEADER || nextSlot >= 0;
    // leader[r] = b only after a quorum of 1b for b (Phase2a's \E Q \in Quorums(ConfigAt(r, s))), counted as
    // in IsQuorum: 2 * Cardinality(Q) > Cardinality(C), whatever quorumSize() says.
    //@ public invariant role != Role.LEADER || 2 * promisesFrom(electedIn) > electedIn.size();
    // InWindow(r, s) for every 2a still in flight: s < FirstUnknown(r) + Window.
    //@ public invariant role != Role.LEADER || inFlight.isEmpty() || inFlight.lastKey() < learner.firstUnchosen() + options.window();

    public Proposer(int id, ConfigHistory configs, ReplicaOptions options, Environment env, Mutants mutants,
                    SpecTrace trace, Acceptor acceptor, Learner learner, Outbox outbox, ReplicaMetrics metrics) {
        this.id = id;
        this.metrics = metrics;
        this.configs = configs;
        this.options = options;
        this.env = env;
        this.mutants = mutants;
        this.trace = trace;
        this.acceptor = acceptor;
        this.learner = learner;
        this.outbox = outbox;
        this.highestSeen = acceptor.promised();
        this.lastTickAt = env.now();
        this.electionDeadline = lastTickAt + electionTimeout();
        this.electedIn = configs.initial();
        this.lease = new LeaderLease(options, mutants, this::quorumSize);
    }

    /**
     * Timers: elections, retransmission of 1a and 2a, heartbeats. A leader that has not heard a quorum
     * grant its lease for an election time-out steps down (returning its unproposed commands): cut off
     * from a quorum it cannot commit anything, and its own acceptor's self-granted lease would otherwise
     * keep refusing the candidates that can. Neither verdict counts time this replica spent stalled.
     */
    public List<Command> onTick() {
        long now = env.now();
        excuseStall(now);
        if (role == Role.LEADER && lease.quorumSilentFor(now, options.electionTimeoutMin())) {
            leaderHint = 0;
            return stepDown();
        }
        switch (role) {
            case FOLLOWER -> {
                if (now >= electionDeadline) startElection(now);
            }
            case CANDIDATE -> {
                if (now >= electionDeadline) startElection(now);
                else if (now - phase1SentAt >= options.retransmitInterval()) {
                    phase1SentAt = now;
                    send1a(configs.audience(phase1From));
                }
            }
            case LEADER -> {
                if (now - lastHeartbeat >= options.heartbeatInterval()) heartbeat(now);
                // In slot order; the slots in flight lie within one window, so stepping through them is cheap.
                for (long slot = inFlight.isEmpty() ? 0 : inFlight.firstKey(), end = inFlight.isEmpty() ? -1 : inFlight.lastKey(); slot <= end; slot++) {
                    Proposal p = inFlight.get(slot);
                    if (p != null && now - p.sentAt >= options.retransmitInterval()) {
                        p.sentAt = now;
                        for (int i = 0; i < p.config.size(); i++)
                            if ((p.acks & (1L << i)) == 0) outbox.send(p.config.member(i), Flat.PHASE_2A, ballot, slot, 0, p.decree);
                    }
                }
                if (compactedFloor > learner.firstUnchosen()) catchUpToFloor(now);
            }
        }
        return List.of();
    }

    /**
     * Ticks come every millisecond or so while the replica runs (every few in the simulator). A gap longer
     * than a heartbeat interval means it was not running: a GC pause (in one JVM every replica stops at once,
     * and the leader sends nothing either), a stopped process, a starved protocol thread, a clock jump. It
     * could neither hear the leader nor be heard, so that time is not silence: the election deadline and the
     * check-quorum reference move forward by the excess, and a stall alone never makes a follower stand or a
     * leader step down (docs/runtime.md, "Leader stability"). This only postpones those two decisions, which
     * the spec leaves free (Phase1a is always allowed, never required; stepping down only stops Phase2a
     * steps); leases keep counting the clock as it is (the leader's {@code validUntil}, the acceptors'
     * {@code leaseUntil}), so lease reads stay as safe as before. Messages that arrived during a stall are
     * handled before the next tick (the runtime drains its queue first), so they still count.
     */
    private void excuseStall(long now) {
        long excess = now - lastTickAt - options.heartbeatInterval();
        lastTickAt = now;
        if (excess <= 0) return;
        electionDeadline += excess;
        lease.excuse(excess);
    }

    /** Phase1a(r, b): stand for election with a ballot above every ballot seen. */
    // Phase1a(r, b): Owner(b) = r and Less(Max(promised[r], leader[r]), b).
    //@ ensures role != Role.FOLLOWER ==> Ballot.replica(ballot) == id && ballot > \old(ballot) && ballot > \old(acceptor.promised());
    private void startElection(long now) {
        stepDownQuietly(); // only followers and candidates stand: nothing is queued
        electionDeadline = now + electionTimeout();
        long from = learner.firstUnchosen();
        // A replica outside the configuration of its first unchosen slot (removed, or added but not caught
        // up to the change) does not stand: it would lead slots it does not vote in, or slots it cannot see.
        if (!configs.at(from).contains(id)) return;
        ballot = Ballot.next(Math.max(highestSeen, acceptor.promised()), id);
        highestSeen = ballot;
        role = Role.CANDIDATE;
        phase1From = from;
        electedIn = configs.at(from);
        clearPromises();
        if (trace != null) trace.phase1a(id, ballot);
        phase1SentAt = now;
        // The candidate's own acceptor promises first, and the replica syncs that before the 1a leaves: so
        // after a crash this replica never picks the same ballot again, and never sends two different 2a
        // for one (ballot, slot), which the spec forbids.
        Message own = acceptor.onPhase1a(ballot, phase1From, now);
        if (own instanceof Phase1b reply) {
            onPhase1b(id, reply, now);
            if (role == Role.CANDIDATE) send1a(configs.audience(phase1From));
        } else {
            role = Role.FOLLOWER; // our own acceptor still serves another leader's lease: wait for it to expire
        }
    }

    /** Sends this ballot's 1a to each of {@code replicas} that has not promised it yet. */
    private void send1a(int[] replicas) {
        Phase1a request = new Phase1a(ballot, learner.firstUnchosen());
        for (int r : replicas) if (!promises.containsKey(r)) outbox.send(r, request);
    }

    /** A 1b for this replica's ballot: keep it; a candidate with a quorum of its configuration leads. */
    //@ requires from > 0 && reply != null;
    //@ ensures role == Role.LEADER && \old(role) == Role.CANDIDATE ==> promisesFrom(electedIn) >= quorumSize(electedIn);
    public void onPhase1b(int from, Phase1b reply, long now) {
        if (role == Role.FOLLOWER || (reply.ballot() != ballot && !(mutants.has(Mutant.STALE_1B_ACROSS_ELECTIONS) && Ballot.replica(reply.ballot()) == id))) return;
        if (!configs.everMember(from) || promises.putIfAbsent(from, reply) != null) return;
        if (reply.compactedBelow() > compactedFloor) {
            compactedFloor = reply.compactedBelow();
            compactedAt = from;
        }
        for (Phase1b.Vote vote : reply.votes()) {
            if (vote.slot() < reply.compactedBelow()) continue;
            reported.computeIfAbsent(vote.slot(), s -> new HashMap<>(4)).put(from, vote);
            highestReported = Math.max(highestReported, vote.slot());
        }
        // A late promise (a configuration that entered the window) may report votes beyond what the first
        // quorum did: reads wait for those slots too.
        if (role == Role.LEADER && !mutants.has(Mutant.LEASE_IGNORES_NEW_CONFIGURATIONS))
            establishedSlot = Math.max(establishedSlot, Math.max(highestReported + 1, compactedFloor));
        if (role == Role.CANDIDATE && promisesFrom(electedIn) >= quorumSize(electedIn)) becomeLeader(now);
    }

    /** True if a quorum of {@code c} promised this ballot. */
    public /*@ pure helper @*/ boolean promisedBy(Configuration c) { return promisesFrom(c) >= quorumSize(c); }

    /** How many members of {@code c} promised this ballot. */
    /*@ pure helper @*/ int promisesFrom(Configuration c) { return c.count(promises::containsKey); }

    // Phase2a(r, b, s, v) needs \E Q \in Quorums(ConfigAt(r, s)) that sent 1b for b: a quorum of electedIn
    // did; the slots of other configurations are gated one by one in propose().
    //@ requires role == Role.CANDIDATE && promisesFrom(electedIn) >= quorumSize(electedIn);
    //@ ensures role == Role.LEADER && nextSlot >= \old(learner.firstUnchosen());
    private void becomeLeader(long now) {
        role = Role.LEADER;
        hasLed = true;
        leaderHint = id;
        clearInFlight();
        nextSlot = learner.firstUnchosen();
        establishedSlot = Math.max(Math.max(highestReported + 1, compactedFloor), nextSlot);
        lease.begin(now);
        heartbeat(now);
    }

    /** A 2b for this leader's ballot: count it; with a quorum of the slot's configuration the slot is chosen. */
    // Learn(r, s, v) at the leader: a slot leaves the pipeline only when learned (a quorum of m.cfg voted).
    public void onPhase2b(int from, Phase2b vote) { onPhase2b(from, vote.ballot(), vote.slot()); }

    /** {@link #onPhase2b(int, Phase2b)} with the 2b's fields (the wire path, which builds no record). */
    //@ requires from > 0 && slot >= 0;
    //@ ensures inFlight.containsKey(slot) || !\old(inFlight.containsKey(slot)) || learner.isChosen(slot) || slot < learner.retainedFrom();
    public void onPhase2b(int from, long voteBallot, long slot) {
        if (role != Role.LEADER || (voteBallot != ballot && !(mutants.has(Mutant.STALE_2B_ACROSS_ELECTIONS) && Ballot.replica(voteBallot) == id))) return;
        Proposal p = inFlight.get(slot);
        if (p == null) return;
        int index = p.config.indexOf(from);
        if (index < 0) return;
        long bit = 1L << index;
        if ((p.acks & bit) != 0 && mutants.has(Mutant.QUORUM_COUNTS_DUPLICATE_2B)) p.repeats++;
        p.acks |= bit;
        if (!isQuorum(p.acks, p.config) && Long.bitCount(p.acks) + p.repeats < quorumSize(p.config)) return;
        inFlight.remove(slot);
        metrics.chosen(slot);
        learner.learn(slot, p.decree);
        broadcast(Flat.COMMIT, ballot, slot, 0);
        recycle(p);
    }

    /**
     * Sends to every replica of every configuration known, and to the observers: removed replicas too, so
     * one that missed its removal learns it and stops standing for election.
     */
    private void broadcast(int kind, long a, long b, long c) {
        for (int member : configs.known()) if (member != id) outbox.send(member, kind, a, b, c, null);
        for (int observer : observers) outbox.send(observer, kind, a, b, c, null);
    }

    /** Someone promised a higher ballot than ours: step down and remember how high to go next time. */
    public List<Command> onPreempted(Preempted refusal) { return onPreempted(refusal.rejected(), refusal.promised()); }

    /** {@link #onPreempted(Preempted)} with the refusal's fields. */
    public List<Command> onPreempted(long rejected, long promised) {
        highestSeen = Math.max(highestSeen, promised);
        if (role != Role.FOLLOWER && rejected == ballot && promised > ballot) {
            leaderHint = Ballot.replica(promised);
            return stepDown();
        }
        return List.of();
    }

    /**
     * Called after the local acceptor handled a message with {@code seenBallot}: a candidate or leader
     * whose own acceptor promised a higher ballot cannot win or keep a quorum there, so it steps down.
     */
    public List<Command> observe(long seenBallot) {
        highestSeen = Math.max(highestSeen, seenBallot);
        if (role != Role.FOLLOWER && acceptor.promised() > ballot) {
            leaderHint = Ballot.replica(acceptor.promised());
            return stepDown();
        }
        return List.of();
    }

    /**
     * After the first unchosen slot moved: a leader or candidate that the configuration governing it no
     * longer includes steps down (a removed leader hands over to the new configuration's members).
     */
    public List<Command> checkMembership() {
        if (role != Role.FOLLOWER && !configs.at(learner.firstUnchosen()).contains(id)) {
            leaderHint = 0;
            return stepDown();
        }
        return List.of();
    }

    /** A message from the leader of {@code leaderBallot}: if that leader is current, it is alive. */
    public void heardFromLeader(long leaderBallot) {
        if (leaderBallot < acceptor.promised() || Ballot.replica(leaderBallot) == id) return;
        leaderHint = Ballot.replica(leaderBallot);
        if (role == Role.FOLLOWER) electionDeadline = env.now() + electionTimeout();
    }

    /** Queues a client command for the next decree; false if this replica is not the leader. */
    public boolean enqueue(Command command) {
        if (role != Role.LEADER) return false;
        queue.add(command);
        metrics.commandQueued();
        return true;
    }

    /** Proposes {@code change} (a configuration decree) in the next free slot, before queued commands. */
    public boolean proposeControl(Decree change) {
        if (role != Role.LEADER || control != null) return false;
        control = change;
        return true;
    }

    /** Replicas outside every configuration known that should hear heartbeats and commits, to catch up. */
    public void observers(int[] replicas) { observers = replicas.clone(); }

    /** The observers that are still in no configuration known (the others hear broadcasts anyway). */
    public void pruneObservers() {
        int n = 0;
        for (int r : observers) if (!configs.everMember(r)) n++;
        if (n == observers.length) return;
        int[] left = new int[n];
        n = 0;
        for (int r : observers) if (!configs.everMember(r)) left[n++] = r;
        observers = left;
    }

    /**
     * Phase2a(r, b, s, v): proposes adopted values, configuration changes and batches of queued commands
     * while the pipeline window has room: slot {@code s} only while {@code s < firstUnchosen + window}, and
     * only once a quorum of {@code ConfigAt(s)} promised this ballot. The replica calls it once per turn, from
     * {@code Replica.flush()}, so a turn's queued commands share a decree (docs/spec-mapping.md, "Batching").
     */
    // Phase2a(r, b, s, v) needs leader[r] = b: a follower or candidate proposes nothing. InWindow(r, s) for
    // every slot: nextSlot stays within firstUnchosen + window (unless phase 1 already put it beyond).
    //@ ensures role != Role.LEADER || nextSlot >= \old(nextSlot);
    //@ ensures \old(role) == Role.LEADER || (inFlight.size() == \old(inFlight.size()) && nextSlot == \old(nextSlot));
    //@ ensures nextSlot == \old(nextSlot) || nextSlot <= learner.firstUnchosen() + options.window();
    public void propose() {
        if (role != Role.LEADER) return;
        long first = learner.firstUnchosen();
        // The mutant drops InWindow: it proposes in slots whose configuration it cannot know yet.
        long limit = first + (mutants.has(Mutant.RECONFIG_WITHOUT_WINDOW) ? 4L * options.window() : options.window());
        if (nextSlot < first) nextSlot = first; // learned meanwhile (a snapshot forgets the decrees themselves)
        // Proposals below the first unchosen slot are decided (a snapshot installed meanwhile covers them):
        // by Paxos, with the value proposed here, so stop retransmitting them.
        if (!inFlight.isEmpty() && inFlight.firstKey() < first) inFlight.removeBelow(first, recycle);
        // Every configuration of the window needs this ballot's promises before a lease read (holdsLease),
        // not only before a proposal in one of its slots: ask for them as soon as one enters the window.
        List<Configuration> lacking = null;
        List<Configuration> window = configs.window(first);
        for (int w = 0; w < window.size(); w++) { // indexed: no iterator per turn
            Configuration c = window.get(w);
            if (c == covered || promisesFrom(c) >= quorumSize(c)) continue;
            if (lacking == null) lacking = new ArrayList<>(2);
            lacking.add(c);
        }
        if (lacking != null) requestPromises(lacking);
        while (nextSlot < limit) {
            long slot = nextSlot;
            if (learner.isChosen(slot)) {
                nextSlot++;
                continue;
            }
            // A promise reported the slots below the floor compacted (a late reply may raise it): they are
            // chosen, and that acceptor's votes in them are gone, so a proposal there could contradict them.
            // Wait to learn them instead (catchUpToFloor, on the next tick).
            if (slot < compactedFloor) return;
            Configuration config = configs.at(slot);
            if (!config.contains(id)) return; // slots of a configuration without us: its members will lead them
            if (config != covered) {
                if (promisesFrom(config) < quorumSize(config)) {
                    if (lacking == null || !lacking.contains(config)) requestPromises(List.of(config)); // beyond the window: only the mutant
                    return;
                }
                covered = config; // promises only grow within a ballot: no need to count again
            }
            Decree decree = chooseValue(slot, config);
            if (decree == null) return;
            nextSlot++;
            if (!reported.isEmpty()) reported.remove(slot); // empty after phase 1's slots: no boxed key per slot
            if (trace != null) trace.phase2a(id, ballot, slot, decree);
            Proposal proposal = spareProposals.isEmpty() ? new Proposal() : spareProposals.poll();
            inFlight.put(slot, proposal.set(decree, config, env.now()));
            metrics.proposed(slot, inFlight.size());
            for (int i = 0; i < config.size(); i++) outbox.send(config.member(i), Flat.PHASE_2A, ballot, slot, 0, decree);
        }
    }

    /**
     * The value for {@code slot}: SafeValue(Q1b, s, v) with Q the members of {@code config} that promised,
     * so the highest-ballot vote they reported if any (it may be chosen already); else a pending
     * configuration change, else a batch of client commands, else a no-op if a later slot has a vote (the
     * gap must close for the log to execute); else nothing (null).
     */
    //@ requires promisesFrom(config) >= quorumSize(config);
    //@ ensures adopted(slot, config) != null ==> \result != null && \result.equals(adopted(slot, config));
    private Decree chooseValue(long slot, Configuration config) {
        Decree adopted = mutants.has(Mutant.NO_VALUE_ADOPTION) ? null : adopted(slot, config);
        if (adopted != null) return adopted;
        if (control != null) {
            Decree change = control;
            control = null;
            return change;
        }
        if (!queue.isEmpty()) return takeBatch();
        return slot <= highestReported ? Decree.NOOP : null;
    }

    /** The decree of the highest-ballot vote for {@code slot} reported by a member of {@code config}, or null. */
    /*@ pure helper @*/ Decree adopted(long slot, Configuration config) {
        HashMap<Integer, Phase1b.Vote> votes = reported.isEmpty() ? null : reported.get(slot);
        if (votes == null) return null;
        Phase1b.Vote best = null;
        for (Map.Entry<Integer, Phase1b.Vote> e : votes.entrySet())
            if (config.contains(e.getKey()) && (best == null || e.getValue().ballot() > best.ballot())) best = e.getValue();
        return best == null ? null : best.decree();
    }

    /**
     * Runs phase 1 for this ballot with the members of {@code lacking} that have not promised it: one 1a to
     * each, all at once, retransmitted every retransmit interval (or when the first unchosen slot moved).
     */
    private void requestPromises(List<Configuration> lacking) {
        long now = env.now();
        if (now - phase1SentAt < options.retransmitInterval() && phase1From == learner.firstUnchosen()) return;
        phase1SentAt = now;
        phase1From = learner.firstUnchosen();
        java.util.TreeSet<Integer> to = new java.util.TreeSet<>();
        for (Configuration c : lacking) for (int i = 0; i < c.size(); i++) to.add(c.member(i));
        send1a(to.stream().mapToInt(Integer::intValue).toArray());
    }

    /** An acceptor reported slots below {@link #compactedFloor} compacted: they are chosen; learn them from it. */
    private void catchUpToFloor(long now) {
        if (now - catchUpSentAt < options.retransmitInterval()) return;
        catchUpSentAt = now;
        long from = learner.firstUnchosen();
        outbox.send(compactedAt, new CatchUpRequest(from, Math.min(compactedFloor, from + options.maxCatchUpSlots())));
    }

    /**
     * The queued commands that fit one decree, oldest first: at most {@code maxBatchCommands}, and at most
     * {@code maxBatchBytes} of encoded commands (but always at least one, which {@code maxCommandBytes} keeps
     * below that bound), collected in a reused array and copied into the decree's own: no list in between.
     */
    private Decree takeBatch() {
        int count = 0, bytes = 0;
        while (!queue.isEmpty() && count < options.maxBatchCommands()) {
            int size = queue.peek().encodedSize();
            if (count > 0 && bytes + size > options.maxBatchBytes()) break;
            bytes += size;
            if (count == batchScratch.length) batchScratch = java.util.Arrays.copyOf(batchScratch, count * 2);
            batchScratch[count++] = queue.poll();
        }
        Command[] batch = java.util.Arrays.copyOf(batchScratch, count);
        java.util.Arrays.fill(batchScratch, 0, count, null);
        metrics.commandsProposed(count);
        return Decree.ofArray(batch);
    }

    private void recycle(Proposal p) {
        p.decree = null; // the decree may be large: do not keep it alive in the spare list
        p.config = null;
        spareProposals.add(p);
    }

    private void clearInFlight() {
        inFlight.removeBelow(Long.MAX_VALUE, recycle);
    }

    private void heartbeat(long now) {
        lastHeartbeat = now;
        long round = lease.open(now);
        if (acceptor.grantLease(ballot, now)) lease.grant(id, round, configs.window(learner.firstUnchosen()));
        broadcast(Flat.HEARTBEAT, ballot, learner.firstUnchosen(), round);
    }

    /** A replica granted the lease for heartbeat {@code grant.leaseRound()}. */
    public void onLeaseGrant(int from, LeaseGrant grant) { onLeaseGrant(from, grant.ballot(), grant.leaseRound()); }

    /** {@link #onLeaseGrant(int, LeaseGrant)} with the grant's fields. */
    public void onLeaseGrant(int from, long grantBallot, long leaseRound) {
        if (role == Role.LEADER && grantBallot == ballot) lease.grant(from, leaseRound, configs.window(learner.firstUnchosen()));
    }

    /**
     * True when this leader may answer a read from its own state. For every configuration in its window
     * (the slots it may propose in next): a quorum granted leases that keep every other candidate out until
     * {@link LeaderLease#validUntil()}, and a quorum promised this ballot, so no older leader can get anything
     * chosen there either. And every slot any promise reported a vote in (it may hold a write an earlier
     * leader acknowledged) is applied ({@code applied} is the executor's next slot). A write chosen beyond
     * the window needs a slot of the window chosen first, so these cover every acknowledged write.
     */
    // Not in the spec (leases need real time): a local read needs leadership, live leases and promises of
    // every window configuration, and the state of every slot known chosen or reported voted.
    //@ ensures \result ==> role == Role.LEADER;
    //@ ensures \result ==> now < lease.validUntil();
    //@ ensures \result ==> applied >= learner.firstUnchosen() && applied >= establishedSlot;
    public boolean canServeLeaseRead(long now, long applied) {
        if (hasLed && mutants.has(Mutant.READ_AFTER_LOSING_LEADERSHIP)) return true;
        return leaseReadable(now, applied);
    }

    /** Until when (this replica's clock) the lease holds; {@code Long.MIN_VALUE} when there is none. */
    public /*@ pure helper @*/ long leaseValidUntil() { return lease.validUntil(); }

    /** {@link #canServeLeaseRead} as the protocol defines it (no mutant): what the simulator's LeaseSafety watches. */
    public boolean leaseReadable(long now, long applied) {
        return role == Role.LEADER && applied >= establishedSlot && applied >= learner.firstUnchosen() && holdsLease(now);
    }

    /**
     * True while this leader's lease holds over every configuration of its window: a quorum of each
     * granted it (by this replica's clock, it has not run out) and a quorum of each promised this ballot.
     */
    //@ ensures \result ==> role == Role.LEADER && now < lease.validUntil();
    //@ ensures \result ==> (\forall Configuration c; configs.window(learner.firstUnchosen()).contains(c); promisedBy(c));
    public boolean holdsLease(long now) {
        List<Configuration> window = configs.window(learner.firstUnchosen());
        if (role != Role.LEADER || !lease.covers(now, window)) return false;
        if (mutants.has(Mutant.LEASE_IGNORES_NEW_CONFIGURATIONS)) return true;
        for (Configuration c : window) if (promisesFrom(c) < quorumSize(c)) return false;
        return true;
    }

    /** Returns the queued commands that were never proposed: their clients must be told to go elsewhere. */
    private List<Command> stepDown() {
        List<Command> orphaned = stepDownQuietly();
        electionDeadline = env.now() + electionTimeout();
        return orphaned;
    }

    private List<Command> stepDownQuietly() {
        role = Role.FOLLOWER;
        lease.revoke();
        clearInFlight();
        clearPromises();
        control = null;
        List<Command> orphaned = new ArrayList<>(queue);
        queue.clear();
        metrics.queueDropped();
        return orphaned;
    }

    private void clearPromises() {
        covered = null;
        promises.clear();
        reported.clear();
        highestReported = -1;
        compactedFloor = 0;
    }

    //@ ensures \result <==> Long.bitCount(acks) >= quorumSize(c);
    public /*@ pure helper @*/ boolean isQuorum(long acks, Configuration c) { return Long.bitCount(acks) >= quorumSize(c); }

    // IsQuorum(Q, C) == 2 * Cardinality(Q) > Cardinality(C).
    //@ ensures 2 * \result > c.size() && \result <= c.size();
    public /*@ pure helper @*/ int quorumSize(Configuration c) {
        return mutants.has(Mutant.QUORUM_OF_HALF) ? Math.max(1, c.size() / 2) : c.quorumSize();
    }

    private long electionTimeout() {
        return options.electionTimeoutMin() + env.random().nextLong(options.electionTimeoutRange());
    }

    // Observers are pure helpers (no invariant re-check per call): see Learner.
    /** Who and where, for contract-violation reports (the contracts module calls it by name). */
    /*@ pure helper @*/ String contractContext() {
        return "proposer of replica " + id + ", " + role + " at ballot " + Ballot.toString(ballot) + ", next slot " + nextSlot;
    }

    public /*@ pure helper @*/ Role role() { return role; }

    public /*@ pure helper @*/ boolean isLeader() { return role == Role.LEADER; }

    public /*@ pure helper @*/ long ballot() { return ballot; }

    /** The replica believed to lead, or 0 when unknown. */
    public int leaderHint() { return role == Role.LEADER ? id : leaderHint; }

    /** True while a configuration change handed to {@link #proposeControl} waits for a slot. */
    public boolean controlPending() { return control != null; }

    public int queued() { return queue.size(); }

    public int inFlight() { return inFlight.size(); }
}
