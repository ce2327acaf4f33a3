package io.decree.engine.protocol;

import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1b;
import io.decree.engine.message.Phase2b;
import io.decree.engine.message.Preempted;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import io.decree.engine.trace.SpecTrace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The acceptor role: the replica's memory of its promise and votes. Its two rules are all of Paxos'
 * safety on the acceptor side: never vote below a promise, and never forget a promise or vote once
 * replied with. The second is why every change is recorded in storage and why the replica syncs storage
 * before any reply leaves ({@link #needsSync()}).
 */
public final class Acceptor {
    private final int id;
    private final AcceptorStorage storage;
    private final Mutants mutants;
    private final SpecTrace trace;

    /** Highest ballot promised: the acceptor votes at no lower ballot (TLA+: promised[a]). */
    private /*@ spec_public @*/ long promised;
    /** Latest vote per slot (TLA+: votes[a]): mutable entries, reused once compaction drops them. */
    private /*@ spec_public @*/ final SlotMap<VoteEntry> votes = new SlotMap<>();
    /**
     * Entries of compacted slots, for the next slots voted in: a vote then allocates nothing once the first
     * snapshot interval has passed (a {@code Phase1b.Vote} per vote was an object per command on every replica).
     */
    private final ArrayDeque<VoteEntry> spareEntries = new ArrayDeque<>();
    private final java.util.function.Consumer<VoteEntry> recycle = spareEntries::add;
    /** Highest ballot among all votes, kept so "no vote above the promise" is checkable in O(1). */
    private /*@ spec_public @*/ long highestVoteBallot;
    /** Votes below this slot were dropped: the slots are chosen and covered by this replica's snapshot. */
    private /*@ spec_public @*/ long compactedBelow;
    private boolean dirty;
    /** The ballot this acceptor granted a read lease to, and until when (its own clock): it promises no other replica's ballot before then. */
    private long leaseBallot = Ballot.NONE;
    private long leaseUntil;
    private final long leaseDuration;

    // VoteBelowPromise (TLA+): no vote above the promise, so a promise really fences off lower ballots.
    //@ public invariant highestVoteBallot <= promised;
    // TypeOK: promised[a] \in BallotOrZero, votes[a] is indexed by slots (engine slots start at 0).
    //@ public invariant promised >= 0;
    //@ public invariant votes.isEmpty() || votes.firstKey() >= 0;
    //@ public invariant compactedBelow >= 0;

    /**
     * @param now           this replica's clock at start: leases granted before a crash are forgotten, so a
     *                      restarted acceptor grants none to anybody for a lease duration, to outlast them
     */
    public Acceptor(int id, AcceptorStorage storage, Mutants mutants, SpecTrace trace, RecoveredState recovered,
                    long leaseDuration, long now) {
        this.id = id;
        this.leaseDuration = leaseDuration;
        this.leaseUntil = now + leaseDuration;
        this.storage = storage;
        this.mutants = mutants;
        this.trace = trace;
        this.promised = recovered.promised();
        this.compactedBelow = recovered.snapshotSlot();
        for (Map.Entry<Long, RecoveredState.Vote> e : recovered.votes().entrySet()) {
            if (e.getKey() < compactedBelow) continue;
            RecoveredState.Vote v = e.getValue();
            votes.put(e.getKey(), new VoteEntry(v.ballot(), DecreeCodec.decode(v.decree())));
            highestVoteBallot = Math.max(highestVoteBallot, v.ballot());
        }
        promised = Math.max(promised, highestVoteBallot);
    }

    /**
     * Phase1b: promise {@code ballot} if it is not below the current promise (equal answers a duplicate
     * 1a again, harmlessly) and report every vote from {@code fromSlot} on; refuse a lower ballot. While a
     * lease granted to another replica's ballot runs, stay silent (null): answering is never required for
     * safety, and that silence is what lets the lease holder serve reads locally.
     */
    // Phase1b(a, m): enabled by LessEq(promised[a], m.bal); promised' = m.bal; the 1b carries m.bal.
    //@ requires ballot > 0 && fromSlot >= 0;
    //@ ensures (\result instanceof Phase1b) ==> ballot >= \old(promised) && promised == ballot;
    //@ ensures (\result instanceof Phase1b) ==> ((Phase1b) \result).ballot() == ballot;
    //@ ensures (\result instanceof Preempted) ==> ballot < \old(promised) && promised == \old(promised);
    //@ ensures \result == null ==> promised == \old(promised);
    public Message onPhase1a(long ballot, long fromSlot, long now) {
        if (ballot < promised) return new Preempted(ballot, promised);
        if (now < leaseUntil && Ballot.replica(ballot) != Ballot.replica(leaseBallot)) return null;
        if (ballot > promised) {
            promised = ballot;
            storage.recordPromise(ballot);
            if (!mutants.has(Mutant.REPLY_BEFORE_PERSISTING_PROMISE)) dirty = true;
        }
        if (trace != null) trace.phase1b(id, ballot);
        long floor = mutants.has(Mutant.MISREPORTED_COMPACTION_POINT) && !votes.isEmpty() ? Math.max(compactedBelow, votes.lastKey() + 1) : compactedBelow;
        return new Phase1b(ballot, fromSlot, floor, votesFrom(fromSlot));
    }

    /** Phase2b: vote for {@code decree} in {@code slot} at {@code ballot} unless that is below the promise. */
    // Phase2b(a, m): enabled by Accepts2a(a, m) == LessEq(promised[a], m.bal); then promised' =
    // Max(promised[a], m.bal) = m.bal and votes'[a][s] = [bal |-> m.bal, val |-> m.val] (the voted value is
    // the 2a's: Validity on the acceptor's side). A refused 2a changes no vote.
    public Message onPhase2a(long ballot, long slot, Decree decree) {
        return vote(ballot, slot, decree) ? new Phase2b(ballot, slot) : new Preempted(ballot, promised);
    }

    /**
     * {@link #onPhase2a} without building the answer: true if this acceptor voted (answer a Phase2b for
     * {@code ballot} and {@code slot}), false if the ballot is below its promise (answer Preempted with
     * {@link #promised()}). The wire path sends the answer's fields without a record.
     */
    //@ requires ballot > 0 && slot >= 0 && decree != null;
    //@ ensures \result ==> ballot >= \old(promised);
    //@ ensures !\result ==> ballot < \old(promised);
    //@ ensures \result ==> voteBallot(slot) == ballot && promised == ballot;
    //@ ensures \result ==> votedAt(slot, ballot) == decree;
    //@ ensures !\result ==> voteBallot(slot) == \old(voteBallot(slot));
    //@ ensures promised >= \old(promised);
    public boolean vote(long ballot, long slot, Decree decree) {
        if (ballot < promised && !mutants.has(Mutant.VOTE_BELOW_PROMISE)) return false;
        if (ballot > promised) {
            promised = ballot;
            storage.recordPromise(ballot);
        }
        VoteEntry entry = votes.get(slot);
        if (entry == null) {
            entry = spareEntries.isEmpty() ? new VoteEntry(ballot, decree) : spareEntries.poll().set(ballot, decree);
            votes.put(slot, entry);
        } else entry.set(ballot, decree);
        highestVoteBallot = Math.max(highestVoteBallot, ballot);
        storage.recordVote(slot, ballot, decree.encoded());
        if (!mutants.has(Mutant.REPLY_BEFORE_PERSISTING_VOTE)) dirty = true;
        if (trace != null) trace.phase2b(id, ballot, slot, decree);
        return true;
    }

    /**
     * The leader of {@code ballot} was heard at {@code now}: grant it the lease (promise no other replica's
     * ballot for {@link ReplicaOptions#leaseDuration()}) if it is the ballot this acceptor serves, and no
     * lease granted to another replica still runs. A grant never moves to another replica before it runs
     * out: the holder counts this acceptor's silence towards every replica but itself until then. (A
     * deposed leader's heartbeat at a ballot still at or above the promise once took over a running grant;
     * the simulator's LeaseBackedByGrants found it, swarm seed 8 with lease reads.)
     */
    //@ ensures \result ==> ballot >= promised;
    public boolean grantLease(long ballot, long now) {
        if (ballot < promised && !mutants.has(Mutant.LEASE_GRANTED_BELOW_PROMISE)) return false;
        if (now < leaseUntil && leaseBallot != Ballot.NONE && Ballot.replica(ballot) != Ballot.replica(leaseBallot)) return false;
        leaseBallot = ballot;
        leaseUntil = Math.max(leaseUntil, now + leaseDuration);
        return true;
    }

    // Observers are pure helpers (no invariant re-check per call): see Learner.
    /** Who and where, for contract-violation reports (the contracts module calls it by name). */
    /*@ pure helper @*/ String contractContext() { return "acceptor of replica " + id + ", promised " + Ballot.toString(promised) + ", " + votes.size() + " votes"; }

    public /*@ pure helper @*/ long promised() { return promised; }

    /** The ballot of this acceptor's vote in {@code slot}, or {@link Ballot#NONE}. */
    public /*@ pure helper @*/ long voteBallot(long slot) {
        VoteEntry v = votes.get(slot);
        return v == null ? Ballot.NONE : v.ballot;
    }

    /** The decree voted in {@code slot} at exactly {@code ballot}, or null. */
    public /*@ pure helper @*/ Decree votedAt(long slot, long ballot) {
        VoteEntry v = votes.get(slot);
        return v != null && v.ballot == ballot ? v.decree : null;
    }

    /** Votes in slot order, for invariant checks. */
    public List<Phase1b.Vote> votes() { return votesFrom(0); }

    /** The votes in slots from {@code fromSlot} on, in slot order, as a 1b reports them (a copy). */
    private List<Phase1b.Vote> votesFrom(long fromSlot) {
        List<Phase1b.Vote> list = new ArrayList<>();
        votes.forEachInOrder((slot, v) -> { if (slot >= fromSlot) list.add(new Phase1b.Vote(slot, v.ballot, v.decree)); });
        return list;
    }

    /** A slot's latest vote; updated in place when the slot is voted in again at a higher ballot. */
    private static final class VoteEntry {
        long ballot;
        Decree decree;

        VoteEntry(long ballot, Decree decree) { set(ballot, decree); }

        VoteEntry set(long ballot, Decree decree) {
            this.ballot = ballot;
            this.decree = decree;
            return this;
        }
    }

    /**
     * Drops votes below {@code slot}: those slots are chosen and covered by a durable snapshot of this
     * replica, and every 1b from now on says so, so no leader adopts (or misses) a value there.
     */
    //@ requires slot >= 0;
    //@ ensures compactedBelow >= \old(compactedBelow) && promised == \old(promised);
    public void compactBelow(long slot) {
        if (slot <= compactedBelow) return;
        votes.removeBelow(slot, recycle);
        compactedBelow = slot;
    }

    public /*@ pure helper @*/ long compactedBelow() { return compactedBelow; }

    /** The ballot whose replica this acceptor granted a read lease to ({@link Ballot#NONE} after a restart: nobody). */
    public /*@ pure helper @*/ long leaseBallot() { return leaseBallot; }

    /** Until when (this replica's clock) it promises no ballot of another replica than {@link #leaseBallot()}'s. */
    public /*@ pure helper @*/ long leaseUntil() { return leaseUntil; }

    /** True when a reply depends on a record not yet synced. */
    public boolean needsSync() { return dirty; }

    public void synced() { dirty = false; }
}
