package io.decree.engine.protocol;

import io.decree.engine.message.SnapshotChunk;
import io.decree.engine.message.SnapshotRequest;
import io.decree.engine.metrics.ReplicaMetrics;
import io.decree.engine.storage.AcceptorStorage;
import java.util.Arrays;

/**
 * One replica's snapshots: it takes a checkpoint every {@code snapshotInterval} executed slots (a durable
 * snapshot, then the log truncated below the previous one, so peers just behind can still catch up by
 * log), serves the latest one to peers that lag behind what the log still holds, and receives and installs
 * theirs. Single-threaded, like the replica it belongs to.
 *
 * <p>State transfer is pulled one chunk at a time ({@link SnapshotRequest} / {@link SnapshotChunk}), so a lost
 * chunk costs one retransmission and the sender keeps nothing per receiver. A chunk that does not continue
 * the transfer, or a whole snapshot that does not verify, is counted and recorded
 * ({@link #lastTransferError()}) and changes nothing. An install is verified whole (checksum, and the state
 * machine accepting the state) before anything changes, and made durable before the rest of the replica
 * moves to it: a crash before that leaves the old state, after it the new one.
 *
 * <p>A checkpoint has two halves. The protocol thread captures ({@link Executor#capture}: the session table
 * copied, the state machine's state frozen, in time independent of the state's size); the {@code writer}
 * serializes, encodes, checksums and stores it ({@link AcceptorStorage#saveSnapshot}, an fsync). Only when the
 * write is done does the protocol thread, at its next event, compact and truncate below it ({@link #keep}):
 * until then nothing depends on the snapshot, so a crash meanwhile leaves the previous one and the full log.
 * The writer is {@code Runnable::run} by default (the simulator's: the whole checkpoint happens inside the
 * event, in the same order as ever, so seeds replay) and a background thread in the runtime. One checkpoint
 * at a time; an install waits for the one in flight, so two snapshot writes never race.
 */
final class SnapshotKeeper {
    private final ReplicaOptions options;
    private final Environment env;
    private final AcceptorStorage storage;
    private final Executor executor;
    private final ConfigHistory configs;
    private final Learner learner;
    private final Acceptor acceptor;
    private final Proposer.Outbox outbox;
    private final java.util.concurrent.Executor writer;
    private final ReplicaMetrics metrics;
    /** The checkpoint being written (its future completes on the writer), or null. */
    private java.util.concurrent.CompletableFuture<Written> writing;

    /** A checkpoint the writer made durable (encoded), or why it could not. */
    private record Written(long nextSlot, byte[] encoded, long captureNanos, RuntimeException failure) {}

    /** The latest durable snapshot (encoded) and the slot below which it covers; the one before, for truncation. */
    private byte[] bytes;
    private long slot;
    private long previousSlot;
    private final SnapshotAssembler assembler = new SnapshotAssembler();
    private long requestedAt = Environment.NEVER;
    private long installed;
    private long transferErrors;
    private String lastTransferError;

    /** @param recovered the snapshot the replica recovered from storage and already restored, or null */
    SnapshotKeeper(ReplicaOptions options, Environment env, AcceptorStorage storage, Executor executor, ConfigHistory configs,
                   Learner learner, Acceptor acceptor, Proposer.Outbox outbox, byte[] recovered, long recoveredSlot,
                   java.util.concurrent.Executor writer, ReplicaMetrics metrics) {
        this.writer = writer;
        this.metrics = metrics;
        this.options = options;
        this.env = env;
        this.storage = storage;
        this.executor = executor;
        this.configs = configs;
        this.learner = learner;
        this.acceptor = acceptor;
        this.outbox = outbox;
        this.bytes = recovered;
        this.slot = this.previousSlot = recoveredSlot;
    }

    /** Every {@code snapshotInterval} executed slots: a durable snapshot, then truncation below the previous one. */
    void checkpointIfDue() {
        collect();
        if (writing != null || options.snapshotInterval() == 0 || executor.nextToApply() - slot < options.snapshotInterval()) return;
        long start = metrics.now();
        Executor.Checkpoint checkpoint = executor.capture(configs.changes());
        if (checkpoint == null) return; // the state machine is not ready for another capture: at a later event
        long captureNanos = metrics.now() - start;
        metrics.checkpointCaptured(captureNanos);
        java.util.concurrent.CompletableFuture<Written> done = new java.util.concurrent.CompletableFuture<>();
        writing = done;
        writer.execute(() -> {
            try {
                done.complete(write(checkpoint, captureNanos));
            } catch (Throwable t) { // an Error: the replica stops at its next event (collect), naming it
                done.completeExceptionally(t);
            }
        });
        collect(); // an inline writer has finished already
    }

    /** The writer's half: serialize, encode, store durably. Runs on the writer; touches only storage. */
    private Written write(Executor.Checkpoint checkpoint, long captureNanos) {
        try {
            Snapshot snapshot = checkpoint.snapshot();
            byte[] encoded = snapshot.encode();
            storage.saveSnapshot(snapshot.nextSlot(), encoded); // durable and atomic before anything is dropped
            metrics.checkpointWritten(snapshot.nextSlot(), encoded.length, captureNanos);
            return new Written(snapshot.nextSlot(), encoded, captureNanos, null);
        } catch (RuntimeException e) {
            return new Written(checkpoint.nextSlot(), null, captureNanos, e);
        }
    }

    /** If the checkpoint in flight is durable, compacts and truncates below it (protocol thread). */
    private void collect() {
        if (writing == null || !writing.isDone()) return;
        Written w = writing.join();
        writing = null;
        if (w.failure() != null) throw w.failure(); // as when the write ran inline: the replica stops, naming why
        if (w.nextSlot() > slot) keep(w.nextSlot(), w.encoded());
    }

    /** Waits for the checkpoint in flight, if any, and takes it in: before anything else writes a snapshot. */
    private void awaitCheckpoint() {
        if (writing == null) return;
        writing.join();
        collect();
    }

    /**
     * The snapshot below {@code nextSlot} is durable: votes below it go (every 1b says they are compacted),
     * and the log below the previous snapshot.
     */
    private void keep(long nextSlot, byte[] encoded) {
        previousSlot = slot;
        slot = nextSlot;
        bytes = encoded;
        acceptor.compactBelow(nextSlot);
        long keepFrom = Math.max(previousSlot, Math.min(nextSlot, learner.retainedFrom()));
        learner.forgetBelow(keepFrom);
        storage.truncateBelow(keepFrom);
    }

    /** Sends {@code to} the chunk at {@code offset} of the snapshot below {@code nextSlot}, or the start of the latest one. */
    void serve(int to, long nextSlot, int offset) {
        if (bytes == null) return;
        if (nextSlot != slot || offset < 0 || offset >= bytes.length) offset = 0; // that one is gone: start this one
        int length = Math.min(options.snapshotChunkBytes(), bytes.length - offset);
        outbox.send(to, new SnapshotChunk(slot, offset, bytes.length, Arrays.copyOfRange(bytes, offset, offset + length)));
    }

    /** Timers: asks again for a chunk that did not come. */
    void onTick(long now) {
        if (assembler.inProgress() && now - requestedAt >= options.retransmitInterval()) request(assembler.source(), assembler.nextSlot(), assembler.received());
    }

    private void request(int from, long nextSlot, int offset) {
        requestedAt = env.now();
        outbox.send(from, new SnapshotRequest(nextSlot, offset));
    }

    /** A piece of a peer's snapshot; returns true if it completed one and it was installed. */
    boolean onChunk(int from, SnapshotChunk chunk) {
        if (chunk.nextSlot() <= learner.firstUnchosen()) {
            if (assembler.nextSlot() == chunk.nextSlot()) assembler.reset(); // installed or caught up meanwhile
            return false;
        }
        byte[] whole;
        try {
            whole = assembler.accept(from, chunk);
        } catch (SnapshotAssembler.IllegalChunkException e) {
            transferFailed(e.getMessage());
            if (assembler.inProgress()) request(assembler.source(), assembler.nextSlot(), assembler.received());
            return false;
        }
        if (whole == null) {
            request(from, chunk.nextSlot(), assembler.received());
            return false;
        }
        try {
            return install(from, whole);
        } catch (Snapshot.CorruptSnapshotException e) {
            transferFailed("snapshot from replica " + from + " refused: " + e.getMessage());
            return false;
        }
    }

    /**
     * Installs a peer's snapshot: checksum verified and state accepted by the state machine before anything
     * changes; made durable (atomically); only then does the rest of the replica move to it.
     */
    private boolean install(int source, byte[] encoded) {
        Snapshot snapshot = Snapshot.decode(encoded);
        if (snapshot.nextSlot() <= learner.firstUnchosen()) return false;
        awaitCheckpoint(); // rare (a lagging replica that was also checkpointing): one snapshot write at a time
        Snapshot previous = executor.snapshot(configs.changes());
        executor.restore(snapshot); // refuses a state the state machine cannot take, before anything changed
        try {
            storage.saveSnapshot(snapshot.nextSlot(), encoded);
        } catch (RuntimeException e) {
            executor.restore(previous); // not durable: the replica stays where it was, and says why
            throw e;
        }
        configs.restore(snapshot.changeMap());
        learner.installPrefix(source, snapshot.nextSlot());
        keep(snapshot.nextSlot(), encoded);
        installed++;
        return true;
    }

    private void transferFailed(String reason) {
        transferErrors++;
        lastTransferError = reason;
    }

    /** True while a peer's snapshot is on its way here. */
    boolean receiving() { return assembler.inProgress(); }

    /** Slot below which the latest durable snapshot covers the log (0: none). */
    long slot() { return slot; }

    long installed() { return installed; }

    long transferErrors() { return transferErrors; }

    String lastTransferError() { return lastTransferError; }
}
