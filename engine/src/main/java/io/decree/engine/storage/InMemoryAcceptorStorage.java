package io.decree.engine.storage;

/**
 * Storage that keeps records in memory: what was synced survives {@link #crash()}, what was recorded
 * after the last sync is lost, as it would be on a real disk. A snapshot is durable as soon as
 * {@link #saveSnapshot} returns (as the file storages' forced write and rename make it), and
 * {@link #truncateBelow} syncs before it truncates (as theirs do). Used by tests and the simulator; a run
 * is deterministic. Synchronized: a runtime replica writes its snapshots from a background thread while its
 * protocol thread records and syncs (the file storages write the snapshot to its own file).
 */
public final class InMemoryAcceptorStorage implements AcceptorStorage {
    private final RecoveredState.Builder durable = new RecoveredState.Builder();
    private final java.util.ArrayList<Runnable> pending = new java.util.ArrayList<>();
    private long syncs;

    @Override public synchronized void recordPromise(long ballot) { pending.add(() -> durable.promise(ballot)); }

    @Override public synchronized void recordVote(long slot, long ballot, byte[] decree) {
        byte[] copy = decree.clone();
        pending.add(() -> durable.vote(slot, ballot, copy));
    }

    @Override public synchronized void recordChosen(long slot, byte[] decree) {
        byte[] copy = decree.clone();
        pending.add(() -> durable.chosen(slot, copy));
    }

    @Override public synchronized void sync() {
        for (Runnable record : pending) record.run();
        pending.clear();
        syncs++;
    }

    @Override public synchronized RecoveredState recover() { return durable.build(); }

    @Override public synchronized void saveSnapshot(long nextSlot, byte[] snapshot) {
        LogAcceptorStorage.checkForward(nextSlot, durable.snapshotSlot());
        durable.snapshot(nextSlot, snapshot.clone());
    }

    @Override public synchronized void truncateBelow(long slot) {
        LogAcceptorStorage.checkCoveredBySnapshot(slot, durable.snapshotSlot());
        sync();
        durable.truncateBelow(slot);
    }

    /** Loses every record not yet synced, as a power failure would. */
    public synchronized void crash() { pending.clear(); }

    /** Number of records waiting for a sync. */
    public synchronized int unsynced() { return pending.size(); }

    public synchronized long syncs() { return syncs; }

    @Override public void close() {}
}
