package io.decree.sim;

import io.decree.engine.message.Phase1b;
import io.decree.engine.protocol.Ballot;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Decree;
import io.decree.engine.protocol.Replica;
import io.decree.engine.trace.SpecTrace;
import java.util.HashMap;
import java.util.Map;

/**
 * The simulator's safety invariants, checked after every step. They are the spec's invariants seen from
 * outside the replicas:
 * <ul>
 *   <li><b>Agreement</b>: no two replicas learn different decrees for one slot.</li>
 *   <li><b>Validity</b>: every learned command was submitted by a client (no-ops aside).</li>
 *   <li><b>PromiseMonotonic</b>: an acceptor's promise never decreases, across crashes too.</li>
 *   <li><b>DurablePromise</b> / <b>DurableVote</b>: after a restart an acceptor still holds every promise and
 *       vote it replied with (the reply could have been counted in a quorum).</li>
 *   <li><b>NoVoteAbovePromise</b>: no acceptor holds a vote at a ballot above its promise.</li>
 *   <li><b>VoteRespectsPromise</b>: an acceptor promises or votes only at a ballot at least its promise
 *       before the step (the spec's enabling conditions of Phase1b and Phase2b, {@code Accepts2a}).</li>
 *   <li><b>StateMachineConsistency</b>: replicas that applied the same number of slots have equal digests.</li>
 *   <li><b>ChosenByQuorum</b>: a replica learns a decree in a slot only if, at some one ballot, a quorum of
 *       acceptors voted for that decree there (the spec's {@code Chosen}): the quorum-counting rule checked on
 *       the votes themselves, not on the leader's count of replies, at the moment of learning. Agreement
 *       only shows a miscount once a second, different value is learned; this catches it when it happens.</li>
 *   <li><b>CompactionFloor</b>: a 1b's compaction floor is one the spec allows: every slot below it is
 *       chosen (the leader ignores the votes reported below the floor and never proposes there, so a floor
 *       above an unchosen slot hides its votes: the leader may stall, or another value get chosen there).
 *       Checked as the 1b leaves, not left to a stall.</li>
 * </ul>
 */
final class SafetyChecker implements SpecTrace {
    private final HashMap<Long, Decree> chosen = new HashMap<>();
    private final HashMap<Long, byte[]> submitted = new HashMap<>();
    private final HashMap<Long, Long> digestAtApplied = new HashMap<>();
    private final long[] lastPromised;
    private final long[] repliedPromise;
    private final HashMap<Integer, HashMap<Long, Long>> repliedVotes = new HashMap<>();
    private final java.util.HashSet<Long> configChangeSlots = new java.util.HashSet<>();
    private long snapshotsInstalled;
    /** Every vote cast in the run, by slot, then ballot: the decree and the acceptors (a bit each). */
    private final HashMap<Long, HashMap<Long, VotesAt>> votesCast = new HashMap<>();
    private final int quorum;
    private long highestVoteThisStep = Ballot.NONE;
    private int voterThisStep;
    /** Off only in tests that show another checker (trace validation) catches a bug on its own. */
    boolean enabled = true;

    /** The acceptors that voted one decree at one ballot in one slot. */
    private static final class VotesAt {
        final Decree decree;
        long voters;

        VotesAt(Decree decree) { this.decree = decree; }
    }

    /** @param quorum the fewest acceptors that make a quorum of any configuration the run can have */
    SafetyChecker(int replicas, int quorum) {
        this.quorum = quorum;
        lastPromised = new long[replicas + 1];
        repliedPromise = new long[replicas + 1];
    }

    long chosenSlots() { return chosen.size(); }

    long configChanges() { return configChangeSlots.size(); }

    long snapshotsInstalled() { return snapshotsInstalled; }

    void submitted(Command command) { submitted.put(key(command.clientId(), command.sequence()), command.payload()); }

    private static long key(long clientId, long sequence) { return clientId * 1_000_003L + sequence; }

    /** A Phase1b or Phase2b left {@code acceptor}: from now on it must never be contradicted. */
    void replied(int acceptor, long ballot, long slot, boolean vote) {
        repliedPromise[acceptor] = Math.max(repliedPromise[acceptor], ballot);
        if (vote) repliedVotes.computeIfAbsent(acceptor, a -> new HashMap<>()).merge(slot, ballot, Math::max);
    }

    @Override public void learn(int replica, long slot, Decree decree) {
        if (!enabled) return;
        if (decree.isReconfiguration()) configChangeSlots.add(slot);
        chosenByQuorum(replica, slot, decree);
        Decree first = chosen.putIfAbsent(slot, decree);
        if (first != null && !first.equals(decree))
            throw new InvariantViolation("Agreement", "slot " + slot + " chosen as " + first + " but replica " + replica + " learned " + decree);
        for (int i = 0; i < decree.size(); i++) {
            Command c = decree.command(i);
            byte[] payload = submitted.get(key(c.clientId(), c.sequence()));
            if (c.clientId() != Command.NO_SESSION && (payload == null || !java.util.Arrays.equals(payload, c.payload())))
                throw new InvariantViolation("Validity", "replica " + replica + " learned " + c + " in slot " + slot + ", which no client submitted");
        }
    }

    private void chosenByQuorum(int replica, long slot, Decree decree) {
        HashMap<Long, VotesAt> byBallot = votesCast.get(slot);
        if (byBallot != null) for (VotesAt v : byBallot.values()) if (Long.bitCount(v.voters) >= quorum && v.decree.equals(decree)) return;
        StringBuilder cast = new StringBuilder();
        if (byBallot != null) byBallot.forEach((b, v) -> cast.append(' ').append(Ballot.toString(b)).append(": ").append(Long.bitCount(v.voters))
                .append(v.decree.equals(decree) ? " for it" : " for " + v.decree));
        throw new InvariantViolation("ChosenByQuorum", "replica " + replica + " learned " + decree + " in slot " + slot
                + ", but no ballot has " + quorum + " votes for it; votes cast there by ballot:" + (cast.isEmpty() ? " none" : cast));
    }

    /**
     * A 1b left {@code acceptor}: its compaction floor must be one the spec allows (CompactionFloor above).
     * Votes an acceptor still holds below its floor do not matter (a late 2a can add one to a compacted
     * slot): those slots are chosen, and the leader learns them by catch-up or snapshot, never by phase 1.
     */
    void phase1bSent(int acceptor, Phase1b m) {
        if (!enabled) return;
        for (long s = 0; s < m.compactedBelow(); s++)
            if (!chosen.containsKey(s))
                throw new InvariantViolation("CompactionFloor", "replica " + acceptor + " reported every slot below " + m.compactedBelow()
                        + " compacted (chosen, in its snapshot) in its 1b for " + Ballot.toString(m.ballot()) + ", but slot " + s + " is not chosen");
    }

    @Override public void phase2b(int acceptor, long ballot, long slot, Decree decree) {
        votesCast.computeIfAbsent(slot, s -> new HashMap<>(4)).computeIfAbsent(ballot, b -> new VotesAt(decree)).voters |= 1L << acceptor;
        if (enabled) respectsPromise(acceptor, ballot, "voted in slot " + slot);
        if (ballot > highestVoteThisStep) {
            highestVoteThisStep = ballot;
            voterThisStep = acceptor;
        }
    }

    /** Checks the replica that just took a step. */
    void afterStep(Replica r) {
        if (!enabled) return;
        int id = r.id();
        long promised = r.promised();
        if (promised < lastPromised[id])
            throw new InvariantViolation("PromiseMonotonic", "replica " + id + " promise fell from " + Ballot.toString(lastPromised[id]) + " to " + Ballot.toString(promised));
        lastPromised[id] = promised;
        if (promised < repliedPromise[id])
            throw new InvariantViolation("DurablePromise", "replica " + id + " replied with a promise of " + Ballot.toString(repliedPromise[id]) + " but now holds " + Ballot.toString(promised));
        if (voterThisStep == id && highestVoteThisStep > promised)
            throw new InvariantViolation("NoVoteAbovePromise", "replica " + id + " voted at " + Ballot.toString(highestVoteThisStep) + " above its promise " + Ballot.toString(promised));
        highestVoteThisStep = Ballot.NONE;
        voterThisStep = 0;
        Long digest = digestAtApplied.putIfAbsent(r.applied(), r.appliedDigest());
        if (digest != null && digest != r.appliedDigest())
            throw new InvariantViolation("StateMachineConsistency", "replica " + id + " applied " + r.applied() + " slots with a digest that differs from another replica's");
    }

    /** After a restart, every vote the replica replied with must still be there. */
    void afterRestart(Replica r) {
        if (!enabled) return;
        for (Map.Entry<Long, Long> e : repliedVotes.getOrDefault(r.id(), new HashMap<>()).entrySet()) {
            // Below the replica's durable snapshot, votes are compacted: those slots are chosen and covered.
            if (e.getKey() >= r.snapshotSlot() && r.voteBallot(e.getKey()) < e.getValue() && r.chosen(e.getKey()) == null)
                throw new InvariantViolation("DurableVote", "replica " + r.id() + " replied with a vote at " + Ballot.toString(e.getValue())
                        + " in slot " + e.getKey() + " but recovered " + Ballot.toString(r.voteBallot(e.getKey())));
        }
        long highest = Ballot.NONE;
        for (Phase1b.Vote v : r.votes()) highest = Math.max(highest, v.ballot());
        if (highest > r.promised())
            throw new InvariantViolation("NoVoteAbovePromise", "replica " + r.id() + " recovered a vote at " + Ballot.toString(highest) + " above its promise " + Ballot.toString(r.promised()));
        afterStep(r);
    }

    @Override public void phase1a(int replica, long ballot) {}

    @Override public void phase1b(int acceptor, long ballot) {
        if (enabled) respectsPromise(acceptor, ballot, "promised");
    }

    /** The promise an acceptor held when its step began is the one it held after its previous step. */
    private void respectsPromise(int acceptor, long ballot, String what) {
        if (ballot < lastPromised[acceptor])
            throw new InvariantViolation("VoteRespectsPromise", "replica " + acceptor + " " + what + " at " + Ballot.toString(ballot)
                    + " below its promise " + Ballot.toString(lastPromised[acceptor]));
    }

    @Override public void phase2a(int leader, long ballot, long slot, Decree decree) {}

    /** The installed prefix's state is checked by StateMachineConsistency at the end of the step. */
    @Override public void installSnapshot(int replica, int source, long nextSlot) { snapshotsInstalled++; }

    @Override public void crash(int replica) {}

    @Override public void restart(int replica) {}
}
