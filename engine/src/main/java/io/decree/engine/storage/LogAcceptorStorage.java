package io.decree.engine.storage;

import io.decree.engine.storage.log.RecordLog;
import io.decree.engine.storage.log.RecordVisitor;
import io.decree.engine.storage.log.RecoveryReport;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * An {@link AcceptorStorage} over a {@link RecordLog}: each record call appends one record, {@link #sync()}
 * is the log's group commit, and recovery replays the log (opened, hence recovered, in the constructor)
 * and reads the snapshot ({@link SnapshotFile}, a regular file beside the segments in the same directory).
 *
 * <p>Truncation: the promise must outlive every segment dropped, so {@link #truncateBelow} first re-records
 * the highest ballot this acceptor has promised or voted in, and a truncation mark; the log syncs them
 * before it deletes anything. It only truncates below the durable snapshot's nextSlot, so recovery can
 * check that the log's highest truncation mark is covered by the snapshot it finds: if it is not, slots
 * are missing from both (say, the snapshot file was deleted) and recovery refuses to start.
 */
public abstract class LogAcceptorStorage implements AcceptorStorage {
    private final Path dir;
    private final RecordLog log;
    private final RecoveredState recovered;
    private long promised;
    private volatile long snapshotSlot;   // nextSlot of the durable snapshot, 0 if none (written by the checkpoint writer)

    /** Opens the log in {@code dir} through {@code opener}, which receives the visitor to replay it into. */
    protected LogAcceptorStorage(Path dir, Function<RecordVisitor, RecordLog> opener) {
        this.dir = dir;
        RecoveredState.Builder state = new RecoveredState.Builder();
        this.log = opener.apply(AcceptorLogCodec.replayInto(state));
        try {
            SnapshotFile.Stored snapshot = SnapshotFile.read(dir);   // under the log's directory lock
            if (snapshot != null) state.snapshot(snapshot.nextSlot(), snapshot.bytes());
            if (state.truncatedBelow() > state.snapshotSlot()) {
                Path file = dir.resolve(SnapshotFile.NAME);
                throw new StorageCorruptionException(file, 0, "the log was truncated below slot " + state.truncatedBelow()
                        + " but " + (snapshot == null ? "there is no snapshot file" : "the snapshot covers only slots below "
                        + snapshot.nextSlot()) + ": slots in between are in neither");
            }
        } catch (RuntimeException | Error e) {
            log.close();
            throw e;
        }
        this.recovered = state.build();
        this.promised = recovered.promised();
        this.snapshotSlot = recovered.snapshotSlot();
    }

    @Override public void recordPromise(long ballot) {
        AcceptorLogCodec.appendPromise(log, ballot);
        promised = Math.max(promised, ballot);
    }

    @Override public void recordVote(long slot, long ballot, byte[] decree) {
        if (slot < 0) throw new IllegalArgumentException("slot must be >= 0: " + slot);
        AcceptorLogCodec.appendVote(log, slot, ballot, decree);
        promised = Math.max(promised, ballot);
    }

    @Override public void recordChosen(long slot, byte[] decree) {
        if (slot < 0) throw new IllegalArgumentException("slot must be >= 0: " + slot);
        AcceptorLogCodec.appendChosen(log, slot, decree);
    }

    @Override public void sync() { log.sync(); }

    /** The state that was durable when the storage was opened (the log is replayed once, at open). */
    @Override public RecoveredState recover() { return recovered; }

    @Override public void saveSnapshot(long nextSlot, byte[] snapshot) {
        checkForward(nextSlot, snapshotSlot);
        SnapshotFile.write(dir, nextSlot, snapshot);
        snapshotSlot = nextSlot;
    }

    @Override public void truncateBelow(long slot) {
        checkCoveredBySnapshot(slot, snapshotSlot);
        AcceptorLogCodec.appendPromise(log, promised);
        AcceptorLogCodec.appendTruncate(log, slot);
        log.truncateBelow(slot);
    }

    /** The nextSlot of the durable snapshot (0 if none). */
    public long snapshotSlot() { return snapshotSlot; }

    /** The storage directory (segments and snapshot). */
    public Path directory() { return dir; }

    /** What the log's recovery found (torn tail cut off, records read). */
    public RecoveryReport recoveryReport() { return log.recovery(); }

    /** The underlying log, for tests and benchmarks. */
    public RecordLog log() { return log; }

    @Override public void close() { log.close(); }

    static void checkForward(long nextSlot, long stored) {
        if (nextSlot <= stored || nextSlot < 1) {
            throw new IllegalArgumentException("snapshot for slots below " + nextSlot + " refused: the stored snapshot "
                    + (stored == 0 ? "is none, and a snapshot must cover at least slot 0 (nextSlot >= 1)"
                    : "already covers slots below " + stored + " and a snapshot never goes backwards"));
        }
    }

    static void checkCoveredBySnapshot(long slot, long snapshotSlot) {
        if (slot > snapshotSlot) {
            throw new IllegalStateException("cannot truncate below slot " + slot + ": the durable snapshot covers only slots below "
                    + snapshotSlot + " (save a snapshot covering them first)");
        }
    }
}
