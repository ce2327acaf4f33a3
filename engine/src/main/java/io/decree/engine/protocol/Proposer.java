package io.decree.engine.protocol;

import io.decree.engine.message.Commit;
import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.LeaseGrant;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Phase2b;
import io.decree.engine.message.Preempted;
import io.decree.engine.trace.SpecTrace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The proposer role, which makes a replica a candidate and then the leader. Phase 1 runs once per
 * leadership and covers every slot from the first one this replica does not know chosen; after it the
 * leader runs only Phase 2, one round per slot, with up to {@code window} slots in flight and many client
 * commands batched into each decree. Leadership is won and lost by ballot: a higher ballot anywhere
 * preempts this one. Followers stand for election when the leader's heartbeats stop for a randomised time.
 */
public final class Proposer {

    public enum Role { FOLLOWER, CANDIDATE, LEADER }

    /** A slot this leader proposed and is collecting votes for. */
    private static final class Proposal {
        final Decree decree;
        long acks;
        long sentAt;

        Proposal(Decree decree, long sentAt) { this.decree = decree; this.sentAt = sentAt; }
    }

    /** Where the proposer's messages go: the replica's outbox, sent after storage is synced. */
    public interface Outbox { void send(int to, Message message); }

    private final int id;
    private final Configuration configuration;
    private final ReplicaOptions options;
    private final Environment env;
    private final Mutants mutants;
    private final SpecTrace trace;
    private final Acceptor acceptor;
    private final Learner learner;
    private final Outbox outbox;

    private /*@ spec_public @*/ Role role = Role.FOLLOWER;
    /** This replica's ballot as candidate or leader; NONE as a follower that never stood. */
    private /*@ spec_public @*/ long ballot = Ballot.NONE;
    private long highestSeen;
    private int leaderHint;
    private long electionDeadline;
    private long lastHeartbeat;

    private long phase1From;
    private /*@ spec_public @*/ long phase1Acks;
    private long phase1SentAt;
    /** Highest-ballot vote per slot among the 1b replies so far: what the leader must adopt. */
    private final TreeMap<Long, Phase1b.Vote> adopted = new TreeMap<>();

    /** Next fresh slot for client commands. */
    private /*@ spec_public @*/ long nextSlot;
    private /*@ spec_public @*/ final TreeMap<Long, Proposal> inFlight = new TreeMap<>();
    private final TreeMap<Long, Decree> toRepropose = new TreeMap<>();
    private final ArrayDeque<Command> queue = new ArrayDeque<>();

    /** Lease renewal: heartbeat rounds in flight, when each was sent and who granted it. */
    private static final int LEASE_ROUNDS = 16;
    private long leaseRound;
    private final long[] roundSentAt = new long[LEASE_ROUNDS];
    private final long[] roundGrants = new long[LEASE_ROUNDS];
    /** Until when (this replica's clock) no other leader can exist: a quorum granted a lease. */
    private /*@ spec_public @*/ long leaseValidUntil = Long.MIN_VALUE;
    /** When (this replica's clock) the latest heartbeat a quorum answered was sent. */
    private long lastQuorumAt;
    /** This replica has led since it started (only the READ_AFTER_LOSING_LEADERSHIP mutant looks). */
    private /*@ spec_public @*/ boolean hasLed;
    /** Slots below this were adopted from earlier leaders; reads wait until they are applied. */
    private long establishedSlot;

    // The ballot a candidate or leader stands for is its own (Owner(b) = r).
    //@ public invariant role == Role.FOLLOWER || Ballot.replica(ballot) == id;
    //@ public invariant role != Role.LEADER || nextSlot >= 0;
    // leader[r] = b only after a quorum of 1b for b (Phase2a's \E Q \in ReplicaQuorums), counted as in
    // IsQuorum: 2 * Cardinality(Q) > Cardinality(Replicas), whatever quorumSize() says.
    //@ public invariant role != Role.LEADER || 2 * Long.bitCount(phase1Acks) > configuration.size();
    // InWindow(r, s) for every 2a still in flight: s < FirstUnknown(r) + Window.
    //@ public invariant role != Role.LEADER || inFlight.isEmpty() || inFlight.lastKey() < learner.firstUnchosen() + options.window();

    public Proposer(int id, Configuration configuration, ReplicaOptions options, Environment env, Mutants mutants,
                    SpecTrace trace, Acceptor acceptor, Learner learner, Outbox outbox) {
        this.id = id;
        this.configuration = configuration;
        this.options = options;
        this.env = env;
        this.mutants = mutants;
        this.trace = trace;
        this.acceptor = acceptor;
        this.learner = learner;
        this.outbox = outbox;
        this.highestSeen = acceptor.promised();
        this.electionDeadline = env.now() + electionTimeout();
    }

    /**
     * Timers: elections, retransmission of 1a and 2a, heartbeats. A leader that has not heard a quorum
     * grant its lease for an election time-out steps down (returning its unproposed commands): cut off
     * from a quorum it cannot commit anything, and its own acceptor's self-granted lease would otherwise
     * keep refusing the candidates that can.
     */
    public List<Command> onTick() {
        long now = env.now();
        if (role == Role.LEADER && now - lastQuorumAt > options.electionTimeoutMin()) {
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
                    broadcastExcept(phase1Acks, new Phase1a(ballot, phase1From));
                }
            }
            case LEADER -> {
                if (now - lastHeartbeat >= options.heartbeatInterval()) heartbeat(now);
                for (var e : inFlight.entrySet()) {
                    Proposal p = e.getValue();
                    if (now - p.sentAt >= options.retransmitInterval()) {
                        p.sentAt = now;
                        broadcastExcept(p.acks, new Phase2a(ballot, e.getKey(), p.decree));
                    }
                }
            }
        }
        return List.of();
    }

    /** Phase1a(r, b): stand for election with a ballot above every ballot seen. */
    // Phase1a(r, b): Owner(b) = r and Less(Max(promised[r], leader[r]), b).
    //@ ensures Ballot.replica(ballot) == id && ballot > \old(ballot) && ballot > \old(acceptor.promised());
    private void startElection(long now) {
        stepDownQuietly(); // only followers and candidates stand: nothing is queued
        ballot = Ballot.next(Math.max(highestSeen, acceptor.promised()), id);
        highestSeen = ballot;
        role = Role.CANDIDATE;
        phase1From = learner.firstUnchosen();
        phase1Acks = 0;
        adopted.clear();
        if (trace != null) trace.phase1a(id, ballot);
        phase1SentAt = now;
        electionDeadline = now + electionTimeout();
        // The candidate's own acceptor promises first, and the replica syncs that before the 1a leaves: so
        // after a crash this replica never picks the same ballot again, and never sends two different 2a
        // for one (ballot, slot), which the spec forbids.
        Message own = acceptor.onPhase1a(ballot, phase1From, now);
        if (own instanceof Phase1b reply) {
            onPhase1b(id, reply, now);
            if (role == Role.CANDIDATE) broadcastExcept(1L << configuration.indexOf(id), new Phase1a(ballot, phase1From));
        } else {
            role = Role.FOLLOWER; // our own acceptor still serves another leader's lease: wait for it to expire
        }
    }

    /** A 1b for this candidate's ballot: merge its votes; with a quorum, lead. */
    //@ requires from > 0 && reply != null;
    //@ ensures role == Role.LEADER ==> isQuorum(phase1Acks);
    public void onPhase1b(int from, Phase1b reply, long now) {
        if (role != Role.CANDIDATE || reply.ballot() != ballot) return;
        int index = configuration.indexOf(from);
        if (index < 0 || (phase1Acks & (1L << index)) != 0) return;
        phase1Acks |= 1L << index;
        for (Phase1b.Vote vote : reply.votes()) {
            if (vote.slot() < phase1From) continue;
            Phase1b.Vote known = adopted.get(vote.slot());
            if (known == null || vote.ballot() > known.ballot()) adopted.put(vote.slot(), vote);
        }
        if (isQuorum(phase1Acks)) becomeLeader(now);
    }

    // Phase2a(r, b, s, v) for the slots phase 1 found: a quorum of 1b for b, and v = SafeValue(Q1b, s, v):
    // the value of the highest-ballot vote reported for s, or (none reported) the engine's choice, a no-op.
    // O(slots adopted), once per leadership.
    //@ requires role == Role.CANDIDATE && isQuorum(phase1Acks);
    //@ ensures role == Role.LEADER && nextSlot >= \old(learner.firstUnchosen());
    //@ ensures (\forall Long s; toRepropose.keySet().contains(s); \old(new TreeMap<>(adopted)).containsKey(s) ? toRepropose.get(s).equals(\old(new TreeMap<>(adopted)).get(s).decree()) : toRepropose.get(s) == Decree.NOOP);
    private void becomeLeader(long now) {
        role = Role.LEADER;
        hasLed = true;
        leaderHint = id;
        long start = learner.firstUnchosen();
        long highestVoted = adopted.isEmpty() ? -1 : adopted.lastKey();
        toRepropose.clear();
        for (long slot = start; slot <= highestVoted; slot++) {
            if (learner.isChosen(slot)) continue;
            Phase1b.Vote vote = adopted.get(slot);
            // A slot with a vote may already have that value chosen: the leader must propose it again.
            // A slot no quorum member voted in cannot have anything chosen, so a no-op closes the gap.
            boolean adopt = vote != null && !mutants.has(Mutant.NO_VALUE_ADOPTION);
            toRepropose.put(slot, adopt ? vote.decree() : Decree.NOOP);
        }
        adopted.clear();
        inFlight.clear();
        nextSlot = Math.max(highestVoted + 1, start);
        establishedSlot = nextSlot;
        leaseValidUntil = Long.MIN_VALUE;
        lastQuorumAt = now;
        heartbeat(now);
    }

    /** A 2b for this leader's ballot: count it; with a quorum the slot is chosen. */
    // Learn(r, s, v) at the leader: a slot leaves the pipeline only when learned (a quorum voted for it).
    //@ requires from > 0 && vote != null;
    //@ ensures inFlight.containsKey(vote.slot()) || !\old(inFlight.containsKey(vote.slot())) || learner.isChosen(vote.slot());
    public void onPhase2b(int from, Phase2b vote) {
        if (role != Role.LEADER || vote.ballot() != ballot) return;
        Proposal p = inFlight.get(vote.slot());
        int index = configuration.indexOf(from);
        if (p == null || index < 0) return;
        p.acks |= 1L << index;
        if (!isQuorum(p.acks)) return;
        inFlight.remove(vote.slot());
        learner.learn(vote.slot(), p.decree);
        Commit commit = new Commit(ballot, vote.slot());
        for (int i = 0; i < configuration.size(); i++) {
            int member = configuration.member(i);
            if (member != id) outbox.send(member, commit);
        }
    }

    /** Someone promised a higher ballot than ours: step down and remember how high to go next time. */
    public List<Command> onPreempted(Preempted refusal) {
        highestSeen = Math.max(highestSeen, refusal.promised());
        if (role != Role.FOLLOWER && refusal.rejected() == ballot && refusal.promised() > ballot) {
            leaderHint = Ballot.replica(refusal.promised());
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
        return true;
    }

    /**
     * Phase2a(r, b, s, v): proposes re-adopted values and batches of queued commands while the pipeline
     * window has room: slot {@code s} only while {@code s < firstUnchosen + window}.
     */
    // Phase2a(r, b, s, v) needs leader[r] = b: a follower or candidate proposes nothing. InWindow(r, s) for
    // fresh slots: nextSlot stays within firstUnchosen + window (unless phase 1 already put it beyond).
    //@ ensures role != Role.LEADER || nextSlot >= \old(nextSlot);
    //@ ensures \old(role) == Role.LEADER || (inFlight.size() == \old(inFlight.size()) && nextSlot == \old(nextSlot));
    //@ ensures nextSlot == \old(nextSlot) || nextSlot <= learner.firstUnchosen() + options.window();
    public void propose() {
        if (role != Role.LEADER) return;
        long limit = learner.firstUnchosen() + options.window();
        while (true) {
            long slot;
            Decree decree;
            if (!toRepropose.isEmpty()) {
                slot = toRepropose.firstKey();
                if (slot >= limit) return;
                decree = toRepropose.pollFirstEntry().getValue();
                if (learner.isChosen(slot)) continue;
            } else {
                if (queue.isEmpty() || nextSlot >= limit) return;
                slot = nextSlot++;
                decree = takeBatch();
            }
            if (trace != null) trace.phase2a(id, ballot, slot, decree);
            inFlight.put(slot, new Proposal(decree, env.now()));
            broadcastExcept(0, new Phase2a(ballot, slot, decree));
        }
    }

    private Decree takeBatch() {
        List<Command> batch = new ArrayList<>(Math.min(queue.size(), options.maxBatchCommands()));
        int bytes = 0;
        while (!queue.isEmpty() && batch.size() < options.maxBatchCommands()) {
            int size = queue.peek().encodedSize();
            if (!batch.isEmpty() && bytes + size > options.maxBatchBytes()) break;
            bytes += size;
            batch.add(queue.poll());
        }
        return Decree.batch(batch);
    }

    private void heartbeat(long now) {
        lastHeartbeat = now;
        long round = ++leaseRound;
        int r = (int) (round % LEASE_ROUNDS);
        roundSentAt[r] = now;
        roundGrants[r] = 0;
        if (acceptor.grantLease(ballot, now)) grantFrom(id, round);
        Heartbeat beat = new Heartbeat(ballot, learner.firstUnchosen(), round);
        for (int i = 0; i < configuration.size(); i++) {
            int member = configuration.member(i);
            if (member != id) outbox.send(member, beat);
        }
    }

    /** A follower granted the lease for heartbeat {@code grant.leaseRound()}. */
    public void onLeaseGrant(int from, LeaseGrant grant) {
        if (role == Role.LEADER && grant.ballot() == ballot) grantFrom(from, grant.leaseRound());
    }

    private void grantFrom(int replica, long round) {
        int index = configuration.indexOf(replica);
        if (index < 0 || round <= leaseRound - LEASE_ROUNDS || round > leaseRound) return;
        int i = (int) (round % LEASE_ROUNDS);
        roundGrants[i] |= 1L << index;
        if (isQuorum(roundGrants[i])) {
            lastQuorumAt = Math.max(lastQuorumAt, roundSentAt[i]);
            long lease = mutants.has(Mutant.LEASE_IGNORES_DRIFT) ? options.leaseDuration() : options.leaderLease();
            leaseValidUntil = Math.max(leaseValidUntil, roundSentAt[i] + lease);
        }
    }

    /**
     * True when this leader may answer a read from its own state: a quorum's leases keep every other
     * leader out until {@link #leaseValidUntil}, and every slot adopted from earlier leaders is applied
     * ({@code applied} is the executor's next slot), so the state reflects every acknowledged write.
     */
    // Not in the spec (leases need real time): a local read needs leadership, a quorum's live lease, and
    // the state of every slot known chosen.
    //@ ensures \result ==> role == Role.LEADER;
    //@ ensures \result ==> now < leaseValidUntil;
    //@ ensures \result ==> applied >= learner.firstUnchosen();
    public boolean canServeLeaseRead(long now, long applied) {
        if (hasLed && mutants.has(Mutant.READ_AFTER_LOSING_LEADERSHIP)) return true;
        if (role != Role.LEADER || applied < establishedSlot || applied < learner.firstUnchosen()) return false;
        return now < leaseValidUntil;
    }

    /** True while a quorum's lease grants keep every other leader out, by this replica's clock. */
    public boolean holdsLease(long now) { return role == Role.LEADER && now < leaseValidUntil; }

    /** Returns the queued commands that were never proposed: their clients must be told to go elsewhere. */
    private List<Command> stepDown() {
        List<Command> orphaned = stepDownQuietly();
        electionDeadline = env.now() + electionTimeout();
        return orphaned;
    }

    private List<Command> stepDownQuietly() {
        role = Role.FOLLOWER;
        leaseValidUntil = Long.MIN_VALUE;
        inFlight.clear();
        toRepropose.clear();
        adopted.clear();
        List<Command> orphaned = new ArrayList<>(queue);
        queue.clear();
        return orphaned;
    }

    private void broadcastExcept(long skip, Message message) {
        for (int i = 0; i < configuration.size(); i++) {
            if ((skip & (1L << i)) == 0) outbox.send(configuration.member(i), message);
        }
    }

    //@ ensures \result <==> Long.bitCount(acks) >= quorumSize();
    public /*@ pure helper @*/ boolean isQuorum(long acks) { return Long.bitCount(acks) >= quorumSize(); }

    // IsQuorum(Q, C) == 2 * Cardinality(Q) > Cardinality(C).
    //@ ensures 2 * \result > configuration.size() && \result <= configuration.size();
    public /*@ pure helper @*/ int quorumSize() {
        return mutants.has(Mutant.QUORUM_OF_HALF) ? Math.max(1, configuration.size() / 2) : configuration.quorumSize();
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

    public int queued() { return queue.size(); }

    public int inFlight() { return inFlight.size(); }
}
