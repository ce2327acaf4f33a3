package io.decree.engine.protocol;

import io.decree.engine.statemachine.StateMachine;
import java.util.HashMap;

/**
 * Applies chosen decrees to the state machine in slot order, exactly once per client request: a retry of
 * a request already executed (same client id and sequence) is not applied again, and its first result is
 * returned instead. The session table is replicated state, since every replica executes the same prefix.
 */
public final class Executor {

    /** Told of every command executed, so the replica can answer the client that is waiting for it. */
    public interface Listener {
        void executed(long slot, Command command, byte[] result, boolean duplicate);
    }

    private final StateMachine stateMachine;
    private final Mutants mutants;
    private final HashMap<Long, Session> sessions = new HashMap<>();
    /** Next slot to apply: every slot below has been applied (TLA+ has no counterpart: it is below Learn). */
    private /*@ spec_public @*/ long nextToApply;
    /** Chains the digest of every applied decree, so replicas that applied the same prefix agree on it. */
    private long appliedDigest = 17;

    //@ public invariant nextToApply >= 0;

    /** A client's latest executed request and its result. */
    private record Session(long sequence, byte[] result) {}

    public Executor(StateMachine stateMachine, Mutants mutants) {
        this.stateMachine = stateMachine;
        this.mutants = mutants;
    }

    /** Applies every chosen slot from {@link #nextToApply()} up to the learner's first unchosen slot. */
    //@ requires learner != null;
    //@ ensures nextToApply == learner.firstUnchosen() || nextToApply == \old(nextToApply);
    //@ ensures nextToApply >= \old(nextToApply);
    public int applyChosen(Learner learner, Listener listener) {
        int applied = 0;
        while (nextToApply < learner.firstUnchosen()) {
            Decree decree = learner.chosen(nextToApply);
            for (int i = 0; i < decree.size(); i++) apply(nextToApply, decree.command(i), listener);
            appliedDigest = appliedDigest * 1_000_003 + decree.fingerprint();
            nextToApply++;
            applied++;
        }
        return applied;
    }

    private void apply(long slot, Command command, Listener listener) {
        if (command.clientId() == Command.NO_SESSION) {
            listener.executed(slot, command, stateMachine.apply(command.payload()), false);
            return;
        }
        Session session = sessions.get(command.clientId());
        if (session != null && command.sequence() <= session.sequence() && !mutants.has(Mutant.NO_SESSION_DEDUPLICATION)) {
            // A retry: executed already. Only the latest request's result is kept; clients issue one at a time.
            if (command.sequence() == session.sequence()) listener.executed(slot, command, session.result(), true);
            return;
        }
        byte[] result = stateMachine.apply(command.payload());
        sessions.put(command.clientId(), new Session(command.sequence(), result));
        listener.executed(slot, command, result, false);
    }

    /**
     * A snapshot of everything applied so far: slots below {@link #nextToApply()}, with the session table
     * (so retries stay exactly-once after a restore) and the applied-prefix digest.
     */
    public Snapshot snapshot() { return snapshot(java.util.Map.of()); }

    /** A snapshot as {@link #snapshot()}, carrying the configuration changes chosen below {@link #nextToApply()}. */
    public Snapshot snapshot(java.util.Map<Long, Configuration> configurationChanges) {
        long[] changeSlots = configurationChanges.keySet().stream().filter(s -> s < nextToApply).mapToLong(Long::longValue).sorted().toArray();
        Configuration[] changes = new Configuration[changeSlots.length];
        for (int i = 0; i < changeSlots.length; i++) changes[i] = configurationChanges.get(changeSlots[i]);
        long[] ids = sessions.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        long[] seqs = new long[ids.length];
        byte[][] results = new byte[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            Session s = sessions.get(ids[i]);
            seqs[i] = s.sequence();
            results[i] = s.result();
        }
        return new Snapshot(nextToApply, appliedDigest, ids, seqs, results, stateMachine.snapshot(), changeSlots, changes);
    }

    /**
     * Installs a snapshot: afterwards this executor behaves as one that applied every slot below
     * {@code snapshot.nextSlot()}. Atomic: a snapshot the state machine refuses leaves everything unchanged.
     */
    //@ ensures nextToApply == snapshot.nextSlot();
    public void restore(Snapshot snapshot) {
        try {
            stateMachine.restore(snapshot.state()); // atomic by contract; validates before changing anything
        } catch (io.decree.engine.statemachine.MalformedCommandException e) {
            throw new Snapshot.CorruptSnapshotException("snapshot state refused by the state machine: " + e.getMessage(), e);
        }
        sessions.clear();
        if (!mutants.has(Mutant.SESSIONS_LOST_IN_SNAPSHOT)) for (int i = 0; i < snapshot.clientIds().length; i++)
            sessions.put(snapshot.clientIds()[i], new Session(snapshot.sequences()[i], snapshot.results()[i]));
        nextToApply = snapshot.nextSlot();
        appliedDigest = snapshot.appliedDigest();
    }

    /** The cached result if this request was the client's latest executed one, else null. */
    public byte[] cachedResult(long clientId, long sequence) {
        Session s = sessions.get(clientId);
        boolean cached = s != null && (s.sequence() == sequence || (sequence < s.sequence() && mutants.has(Mutant.SESSION_ANSWERS_OLD_RETRY_WITH_NEWER)));
        return cached ? s.result() : null;
    }

    /** True if the client's request {@code sequence} was already executed (or superseded). */
    public boolean alreadyExecuted(long clientId, long sequence) {
        Session s = sessions.get(clientId);
        return clientId != Command.NO_SESSION && s != null && sequence <= s.sequence();
    }

    /** Where, for contract-violation reports (the contracts module calls it by name). */
    /*@ pure helper @*/ String contractContext() { return "executor, next slot to apply " + nextToApply + ", " + sessions.size() + " sessions"; }

    public /*@ pure helper @*/ long nextToApply() { return nextToApply; }

    /** Digest of the applied prefix: equal on replicas that applied the same decrees. */
    public long appliedDigest() { return appliedDigest; }

    public StateMachine stateMachine() { return stateMachine; }
}
