package io.decree.sim;

import io.decree.engine.message.Commit;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase2b;
import io.decree.engine.protocol.Ballot;
import io.decree.engine.protocol.Replica;

/**
 * What one delivered message may teach a replica about a slot, checked around the step that handles it:
 * <ul>
 *   <li><b>QuorumOfOneBallot</b>: a 2b completes a quorum only for the ballot it carries, so a leader
 *       learns a slot on a 2b only if the 2b is of the ballot it leads with now. A 2b of an earlier ballot
 *       of its own (delayed or replayed across an election) counts for nothing: the spec's Learn needs a
 *       quorum of 2b with one ballot. Agreement and ChosenByQuorum miss a miscount whenever the stale vote
 *       happened to be for the same value; this catches the miscount itself.</li>
 *   <li><b>LearnFromCommit</b>: a Commit for ballot b teaches the value voted at b, so a replica learns a
 *       slot on a Commit only if its own vote there is at b: a vote at another ballot may be for another
 *       value, even when this time it is not.</li>
 * </ul>
 */
final class Learning {
    private final Message message;
    private final long slot;
    private final boolean chosenBefore;
    private final long ballotBefore;
    private final long voteBallotBefore;

    private Learning(Message message, long slot, Replica r) {
        this.message = message;
        this.slot = slot;
        this.chosenBefore = r.chosen(slot) != null;
        this.ballotBefore = r.ballot();
        this.voteBallotBefore = r.voteBallot(slot);
    }

    /** The state before {@code r} handles {@code message}, or null for a message these checks ignore. */
    static Learning before(Replica r, Message message) {
        return switch (message) {
            case Phase2b m -> new Learning(message, m.slot(), r);
            case Commit m -> new Learning(message, m.slot(), r);
            default -> null;
        };
    }

    /** After the step: a slot newly learned must have been learnable from this message. */
    void check(Replica r, int from, long now) {
        if (chosenBefore || r.chosen(slot) == null) return;
        if (message instanceof Phase2b m && m.ballot() != ballotBefore)
            throw new InvariantViolation("QuorumOfOneBallot", "replica " + r.id() + ", leading with " + Ballot.toString(ballotBefore)
                    + ", learned slot " + slot + " on a 2b for " + Ballot.toString(m.ballot()) + " from replica " + from + " at t=" + now);
        if (message instanceof Commit m && voteBallotBefore != m.ballot())
            throw new InvariantViolation("LearnFromCommit", "replica " + r.id() + " learned slot " + slot + " on a Commit for " + Ballot.toString(m.ballot())
                    + " from replica " + from + ", but its vote there was at " + Ballot.toString(voteBallotBefore) + " at t=" + now);
    }
}
