package io.decree.engine.protocol;

import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.trace.SpecTrace;
import java.util.Map;

/**
 * The learner role: which decree is chosen in which slot, as far as this replica knows. It learns from
 * the leader's quorum of 2b votes, from Commit notices matched against its own votes, and from catch-up
 * replies. {@link #firstUnchosen()} is the end of the contiguous known-chosen prefix, which is what
 * execution, pipelining and catch-up are measured against.
 */
public final class Learner {
    private final int id;
    private final AcceptorStorage storage;
    private final SpecTrace trace;
    private final ConfigHistory configs;
    /** Decrees known chosen, by slot (TLA+: learned[r]); primitive keys, no entry per slot (see SlotMap). */
    private /*@ spec_public @*/ final SlotMap<Decree> chosen = new SlotMap<>();
    /** Slots below this are no longer held here (a snapshot covers them): catch-up below it needs the snapshot. */
    private /*@ spec_public @*/ long retainedFrom;
    /** Lowest slot not known chosen; every slot below is (TLA+: the learned prefix of r). */
    private /*@ spec_public @*/ long firstUnchosen;

    // TypeOK: learned[r] is indexed by slots; firstUnchosen is FirstUnknown(r) (every slot below is known).
    //@ public invariant firstUnchosen >= 0;
    //@ public invariant !chosen.containsKey(firstUnchosen);
    //@ public invariant chosen.isEmpty() || chosen.firstKey() >= retainedFrom;
    //@ public invariant retainedFrom >= 0 && retainedFrom <= firstUnchosen;

    /**
     * @param snapshotSlot every slot below it is covered by the snapshot the replica recovered (0: none)
     * @param recovered    decrees recovered as chosen; those below {@code snapshotSlot} are dropped
     */
    public Learner(int id, AcceptorStorage storage, SpecTrace trace, ConfigHistory configs, long snapshotSlot, Map<Long, Decree> recovered) {
        this.id = id;
        this.storage = storage;
        this.trace = trace;
        this.configs = configs;
        this.retainedFrom = snapshotSlot;
        this.firstUnchosen = snapshotSlot;
        for (Map.Entry<Long, Decree> e : recovered.entrySet()) {
            if (e.getKey() < snapshotSlot) continue;
            chosen.put(e.getKey(), e.getValue());
            if (e.getValue().isReconfiguration()) configs.record(e.getKey(), e.getValue().configuration());
        }
        advance();
    }

    /**
     * Learn that {@code decree} is chosen in {@code slot}. Learning the same decree again is a no-op;
     * learning a different one means agreement is broken, which no correct run can do.
     */
    // Learn(r, s, v): enabled by learned[r][s] \in {None, v}: the local form of Agreement, a learner never
    // learns two values for a slot. Once learned, a slot's value never changes; a new one is exactly v.
    //@ requires slot >= 0 && decree != null;
    //@ requires !isChosen(slot) || chosen(slot).equals(decree);
    //@ ensures isChosen(slot) || slot < retainedFrom;
    //@ ensures \old(chosen(slot)) != null ==> chosen(slot) == \old(chosen(slot));
    //@ ensures \result ==> chosen(slot) == decree;
    //@ ensures firstUnchosen >= \old(firstUnchosen);
    //@ signals_only AgreementViolation;
    public boolean learn(long slot, Decree decree) {
        Decree previous = chosen.get(slot);
        if (previous != null) {
            if (!previous.equals(decree))
                throw new AgreementViolation("replica " + id + " learned slot " + slot + " twice: " + previous + " then " + decree);
            return false;
        }
        if (slot < firstUnchosen) return false; // forgotten below a truncation point, already applied
        chosen.put(slot, decree);
        if (decree.isReconfiguration()) configs.record(slot, decree.configuration());
        storage.recordChosen(slot, decree.encoded());
        if (trace != null) trace.learn(id, slot, decree);
        advance();
        return true;
    }

    private void advance() {
        while (chosen.containsKey(firstUnchosen)) firstUnchosen++;
    }

    // Observers are pure helpers: they change nothing, so the invariants checked on exit from the last
    // change hold around them, and the hot paths (execution, proposing) do not re-check them per call.
    /** Who and where, for contract-violation reports (the contracts module calls it by name). */
    /*@ pure helper @*/ String contractContext() { return "learner of replica " + id + ", first unchosen slot " + firstUnchosen; }

    public /*@ pure helper @*/ boolean isChosen(long slot) { return chosen.containsKey(slot); }

    public /*@ pure helper @*/ Decree chosen(long slot) { return chosen.get(slot); }

    public /*@ pure helper @*/ long firstUnchosen() { return firstUnchosen; }

    /** Lowest slot whose decree this learner still holds (below it, only a snapshot can tell). */
    public /*@ pure helper @*/ long retainedFrom() { return retainedFrom; }

    /** Highest slot known chosen, or -1. */
    public long highestChosen() { return chosen.isEmpty() ? -1 : chosen.lastKey(); }

    /** Forgets chosen decrees below {@code slot} (they are executed and covered by a snapshot). */
    //@ ensures retainedFrom >= \old(retainedFrom) && firstUnchosen == \old(firstUnchosen);
    public void forgetBelow(long slot) {
        long to = Math.min(slot, firstUnchosen);
        if (to <= retainedFrom) return;
        chosen.removeBelow(to, null);
        retainedFrom = to;
    }

    /**
     * InstallSnapshot(r, q, k): every slot below {@code nextSlot} is known chosen at once, from the snapshot
     * replica {@code source} made of its learned prefix; the decrees themselves are not kept (the snapshot's
     * state stands for them). Slots this learner knew below it are forgotten.
     */
    // InstallSnapshot(r, q, k) of MultiPaxos.tla: learned'[r][i] = learned[q][i] for i <= k (spec slots
    // count from 1, so engine slots < nextSlot). Enabled only when it extends the known prefix.
    //@ requires nextSlot > firstUnchosen;
    //@ ensures firstUnchosen >= nextSlot && retainedFrom == nextSlot;
    public void installPrefix(int source, long nextSlot) {
        if (trace != null) trace.installSnapshot(id, source, nextSlot);
        chosen.removeBelow(nextSlot, null);
        retainedFrom = nextSlot;
        firstUnchosen = nextSlot;
        advance();
    }

    /** Thrown when one slot is learned with two different decrees: Paxos' agreement is broken. */
    public static final class AgreementViolation extends IllegalStateException {
        public AgreementViolation(String message) { super(message); }
    }
}
