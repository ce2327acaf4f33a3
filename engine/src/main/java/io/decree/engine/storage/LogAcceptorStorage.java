package io.decree.engine.storage;

import io.decree.engine.storage.log.RecordLog;
import io.decree.engine.storage.log.RecoveryReport;

import java.util.function.Function;

/**
 * An {@link AcceptorStorage} over a {@link RecordLog}: each record call appends one record, {@link #sync()}
 * is the log's group commit, and recovery replays the log (opened, hence recovered, in the constructor).
 *
 * <p>Truncation: the promise must outlive every segment dropped, so {@link #truncateBelow} first re-records
 * the highest ballot this acceptor has promised or voted in, and a truncation mark; the log syncs them
 * before it deletes anything.
 */
public abstract class LogAcceptorStorage implements AcceptorStorage {
    private final RecordLog log;
    private final RecoveredState recovered;
    private long promised;

    /** Opens the log through {@code opener}, which receives the visitor to replay it into. */
    protected LogAcceptorStorage(Function<io.decree.engine.storage.log.RecordVisitor, RecordLog> opener) {
        RecoveredState.Builder state = new RecoveredState.Builder();
        this.log = opener.apply(AcceptorLogCodec.replayInto(state));
        this.recovered = state.build();
        this.promised = recovered.promised();
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

    @Override public void truncateBelow(long slot) {
        AcceptorLogCodec.appendPromise(log, promised);
        AcceptorLogCodec.appendTruncate(log, slot);
        log.truncateBelow(slot);
    }

    /** What the log's recovery found (torn tail cut off, records read). */
    public RecoveryReport recoveryReport() { return log.recovery(); }

    /** The underlying log, for tests and benchmarks. */
    public RecordLog log() { return log; }

    @Override public void close() { log.close(); }
}
