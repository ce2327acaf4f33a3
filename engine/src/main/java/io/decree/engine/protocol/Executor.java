package io.decree.engine.protocol;

import io.decree.engine.statemachine.StateMachine;
import org.agrona.collections.Long2ObjectHashMap;

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
    /** Client id to its latest executed request: primitive keys (no boxed Long per lookup), entries updated in place. */
    private final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>();
    /** Next slot to apply: every slot below has been applied (TLA+ has no counterpart: it is below Learn). */
    private /*@ spec_public @*/ long nextToApply;
    /** Chains the digest of every applied decree, so replicas that applied the same prefix agree on it. */
    private long appliedDigest = 17;

    //@ public invariant nextToApply >= 0;

    /** A client's latest executed request and its result; updated in place by the next request. */
    private static final class Session {
        long sequence;
        byte[] result;

        Session(long sequence, byte[] result) {
            this.sequence = sequence;
            this.result = result;
        }

        long sequence() { return sequence; }

        byte[] result() { return result; }
    }

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
        if (session == null) sessions.put(command.clientId(), new Session(command.sequence(), result));
        else {
            session.sequence = command.sequence();
            session.result = result;
        }
        listener.executed(slot, command, result, false);
    }

    /**
     * A snapshot of everything applied so far: slots below {@link #nextToApply()}, with the session table
     * (so retries stay exactly-once after a restore) and the applied-prefix digest.
     */
    public Snapshot snapshot() { return snapshot(java.util.Map.of()); }

    /** A snapshot as {@link #snapshot()}, carrying the configuration changes chosen below {@link #nextToApply()}. */
    public Snapshot snapshot(java.util.Map<Long, Configuration> configurationChanges) {
        byte[] state = stateMachine.snapshot();
        long[] changeSlots = configurationChanges.keySet().stream().filter(s -> s < nextToApply).mapToLong(Long::longValue).sorted().toArray();
        Configuration[] changes = new Configuration[changeSlots.length];
        for (int i = 0; i < changeSlots.length; i++) changes[i] = configurationChanges.get(changeSlots[i]);
        long[] ids = new long[sessions.size()];
        int n = 0;
        for (Long2ObjectHashMap<Session>.KeyIterator it = sessions.keySet().iterator(); it.hasNext(); ) ids[n++] = it.nextLong();
        java.util.Arrays.sort(ids);
        long[] seqs = new long[ids.length];
        byte[][] results = new byte[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            Session s = sessions.get(ids[i]);
            seqs[i] = s.sequence();
            results[i] = s.result();
        }
        return new Snapshot(nextToApply, appliedDigest, ids, seqs, results, state, changeSlots, changes);
    }

    /**
     * What a checkpoint needs, captured on the protocol thread in time independent of the state's size: the
     * session table copied as it is (one pass, unsorted), the configuration changes, and the state machine's
     * state frozen ({@link StateMachine#capture()}). {@link #snapshot()} does the rest (sorting, the state's
     * bytes) on any thread, once.
     */
    public static final class Checkpoint {
        private final long nextSlot, appliedDigest;
        private final long[] clientIds, sequences;
        private final byte[][] results;
        private final StateMachine.StateCapture state;
        private final java.util.Map<Long, Configuration> changes;

        private Checkpoint(long nextSlot, long appliedDigest, long[] clientIds, long[] sequences, byte[][] results,
                           StateMachine.StateCapture state, java.util.Map<Long, Configuration> changes) {
            this.nextSlot = nextSlot;
            this.appliedDigest = appliedDigest;
            this.clientIds = clientIds;
            this.sequences = sequences;
            this.results = results;
            this.state = state;
            this.changes = changes;
        }

        public long nextSlot() { return nextSlot; }

        /** The snapshot: sessions in client-id order, the state serialized. Call once, from any thread. */
        public Snapshot snapshot() {
            Integer[] order = new Integer[clientIds.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            java.util.Arrays.sort(order, (x, y) -> Long.compare(clientIds[x], clientIds[y]));
            long[] ids = new long[order.length], seqs = new long[order.length];
            byte[][] res = new byte[order.length][];
            for (int i = 0; i < order.length; i++) {
                ids[i] = clientIds[order[i]];
                seqs[i] = sequences[order[i]];
                res[i] = results[order[i]];
            }
            long[] changeSlots = changes.keySet().stream().filter(s -> s < nextSlot).mapToLong(Long::longValue).sorted().toArray();
            Configuration[] configurations = new Configuration[changeSlots.length];
            for (int i = 0; i < changeSlots.length; i++) configurations[i] = changes.get(changeSlots[i]);
            return new Snapshot(nextSlot, appliedDigest, ids, seqs, res, state.serialize(), changeSlots, configurations);
        }
    }

    /**
     * Captures a checkpoint of everything applied so far (the snapshot {@link #snapshot(java.util.Map)} would
     * give now), or null if the state machine cannot be captured right now (try again later).
     * {@code configurationChanges} must not change afterwards (pass a copy).
     */
    public Checkpoint capture(java.util.Map<Long, Configuration> configurationChanges) {
        StateMachine.StateCapture state = stateMachine.capture();
        if (state == null) return null;
        long[] ids = new long[sessions.size()], seqs = new long[ids.length];
        byte[][] results = new byte[ids.length][];
        int i = 0;
        for (Long2ObjectHashMap<Session>.KeyIterator it = sessions.keySet().iterator(); it.hasNext(); i++) {
            ids[i] = it.nextLong();
            Session s = sessions.get(ids[i]);
            seqs[i] = s.sequence;
            results[i] = s.result;
        }
        return new Checkpoint(nextToApply, appliedDigest, ids, seqs, results, state, configurationChanges);
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
