package io.decree.engine.metrics;

import java.util.function.LongSupplier;

/**
 * What one replica measures about itself, recorded on its protocol thread without allocating: counters of
 * commands, decrees, flushes, syncs, elections and leader changes; histograms of batch size, pipeline
 * occupancy, sync latency and the per-phase latency of a command at the leader:
 *
 * <pre>
 *   client ──queue──▶ 2a sent ──replication──▶ quorum of 2b (chosen) ──▶ executed ──flush──▶ reply sent
 *          client→2a            2a→quorum                  quorum→execute      execute→reply
 * </pre>
 *
 * The client→2a wait is per command (its arrival to the 2a that carries it); the others are per slot (a
 * decree carries a batch). "Commit" at the leader is the moment the quorum is counted: the slot is chosen
 * there and then, and the Commit notices to followers leave with the next flush, with the replies. The
 * reply leaves at the flush that follows execution: after the batch's sync, as every message.
 *
 * <p>Nothing here feeds back into the protocol: the clock is read for measurement only, so a simulated run
 * stays deterministic whatever it returns. Single writer (the protocol thread); any thread may read.
 */
public final class ReplicaMetrics {
    private final int replica;
    private final LongSupplier nanoTime;
    private final SlotPhases phases = new SlotPhases(4096);
    private final ArrivalQueue arrivals = new ArrivalQueue(1 << 14);

    public final Counter commandsExecuted = new Counter();
    public final Counter decreesChosen = new Counter();
    public final Counter decreesProposed = new Counter();
    public final Counter flushes = new Counter();
    public final Counter syncs = new Counter();
    public final Counter elections = new Counter();
    public final Counter leaderChanges = new Counter();
    public final Counter leaderships = new Counter();
    public final Counter checkpoints = new Counter();

    /** Client commands per proposed batch decree. */
    public final Histogram batchCommands = new Histogram();
    /** Slots in flight (proposed, not yet chosen) at each 2a the leader sends. */
    public final Histogram pipelineOccupancy = new Histogram();
    public final Histogram syncNanos = new Histogram();
    public final Histogram clientTo2aNanos = new Histogram();
    public final Histogram proposeToQuorumNanos = new Histogram();
    public final Histogram quorumToExecuteNanos = new Histogram();
    public final Histogram executeToReplyNanos = new Histogram();
    public final Histogram proposeToReplyNanos = new Histogram();
    /** Protocol-thread time of a checkpoint's capture (what the replica stalls for), nanoseconds. */
    public final Histogram checkpointCaptureNanos = new Histogram();

    // Protocol thread only.
    private long repliedUpTo;
    private long lastBallot;
    private int lastLeader;
    private boolean wasLeader;

    public ReplicaMetrics(int replica, LongSupplier nanoTime) {
        this.replica = replica;
        this.nanoTime = nanoTime;
    }

    public long now() { return nanoTime.getAsLong(); }

    /** A client command entered the leader's proposal queue. */
    public void commandQueued() { arrivals.add(nanoTime.getAsLong()); }

    /** {@code n} queued commands left the queue in one proposed decree. */
    public void commandsProposed(int n) {
        batchCommands.record(n);
        long now = n > 0 ? nanoTime.getAsLong() : 0;
        for (int i = 0; i < n; i++) {
            long at = arrivals.remove();
            if (at >= 0) clientTo2aNanos.record(now - at);
        }
    }

    /** The proposal queue was dropped (step-down): its commands will not be proposed here. */
    public void queueDropped() { arrivals.clear(); }

    /** The 2a for {@code slot} was sent just now; {@code inFlight} slots (this one included) wait for a quorum. */
    public void proposed(long slot, int inFlight) {
        phases.proposed(slot, nanoTime.getAsLong());
        decreesProposed.increment();
        pipelineOccupancy.record(inFlight);
    }

    /** The leader counted a quorum for {@code slot}. */
    public void chosen(long slot) {
        long d = phases.chosen(slot, nanoTime.getAsLong());
        if (d >= 0) proposeToQuorumNanos.record(d);
    }

    /** Slots {@code [from, to)} were applied to the state machine just now. */
    public void executed(long from, long to) {
        if (to <= from) return;
        decreesChosen.add(to - from);
        long now = nanoTime.getAsLong();
        for (long s = from; s < to; s++) {
            long d = phases.executed(s, now);
            if (d >= 0) quorumToExecuteNanos.record(d);
        }
    }

    public void commandExecuted() { commandsExecuted.increment(); }

    /** A sync of {@code nanos} ran in a flush. */
    public void synced(long startNanos) {
        long end = nanoTime.getAsLong();
        syncs.increment();
        syncNanos.record(end - startNanos);
        if (Events.SYNC.isEnabled()) {
            Events.Sync e = new Events.Sync();
            e.replica = replica;
            e.begin();
            e.commit(); // duration is recorded by the metric; the event marks when and where
        }
    }

    /**
     * A flush sent everything said so far: replies for the slots applied below {@code applied} are out.
     * Also where leadership transitions are noticed, once per batch.
     */
    public void flushed(long applied, boolean standing, boolean leader, long ballot, int leaderHint) {
        flushes.increment();
        if (applied > repliedUpTo) {
            long now = nanoTime.getAsLong();
            // A jump of more than the ring (a snapshot installed) is not measured slot by slot.
            for (long s = Math.max(repliedUpTo, applied - 4096); s < applied; s++) {
                long d = phases.replied(s, now);
                if (d < 0) continue;
                executeToReplyNanos.record(d);
                long total = phases.endToEnd(s, now);
                if (total >= 0) proposeToReplyNanos.record(total);
            }
            repliedUpTo = applied;
        }
        leadership(standing, leader, ballot, leaderHint);
    }

    /**
     * {@code standing}: candidate or leader, so {@code ballot} is this replica's own; a new one means it stood
     * for election since the last flush (two elections between flushes count once).
     */
    private void leadership(boolean standing, boolean leader, long ballot, int leaderHint) {
        if (standing && ballot != lastBallot) electionStarted(ballot);
        if (leader && !wasLeader) leaderships.increment();
        wasLeader = leader;
        if (leaderHint != lastLeader) {
            if (leaderHint != 0) {
                leaderChanges.increment();
                Events.LeaderChange e = new Events.LeaderChange();
                if (e.isEnabled()) {
                    e.replica = replica;
                    e.previous = lastLeader;
                    e.leader = leaderHint;
                    e.ballot = ballot;
                    e.commit();
                }
            }
            lastLeader = leaderHint;
        }
        lastBallot = ballot;
    }

    private void electionStarted(long ballot) {
        elections.increment();
        Events.Election e = new Events.Election();
        if (e.isEnabled()) {
            e.replica = replica;
            e.ballot = ballot;
            e.commit();
        }
    }

    /** A checkpoint was captured in {@code captureNanos} of protocol-thread time. */
    public void checkpointCaptured(long captureNanos) {
        checkpoints.increment();
        checkpointCaptureNanos.record(captureNanos);
    }

    /** A checkpoint below {@code nextSlot} of {@code bytes} bytes became durable. */
    public void checkpointWritten(long nextSlot, long bytes, long captureNanos) {
        Events.Checkpoint e = new Events.Checkpoint();
        if (e.isEnabled()) {
            e.replica = replica;
            e.nextSlot = nextSlot;
            e.bytes = bytes;
            e.captureNanos = captureNanos;
            e.commit();
        }
    }

    public int replica() { return replica; }

    /** Registers every series with {@code labels} (for example {@code replica="1"}). */
    public void register(MetricsRegistry registry, String labels) {
        registry.counter("decree_commands_executed", "Client commands applied to the state machine", labels, commandsExecuted)
                .counter("decree_decrees_chosen", "Slots applied (decrees known chosen and executed)", labels, decreesChosen)
                .counter("decree_decrees_proposed", "Slots this replica proposed as leader (2a rounds)", labels, decreesProposed)
                .counter("decree_flushes", "Flushes: one per protocol-loop batch (group commit)", labels, flushes)
                .counter("decree_syncs", "Storage syncs (flushes that had records to make durable)", labels, syncs)
                .counter("decree_elections", "Elections this replica started", labels, elections)
                .counter("decree_leader_changes", "Changes of the leader this replica believes in", labels, leaderChanges)
                .counter("decree_leaderships", "Times this replica became leader", labels, leaderships)
                .counter("decree_checkpoints", "Checkpoints captured", labels, checkpoints)
                .histogram("decree_batch_commands", "Client commands per proposed batch decree", labels, batchCommands, 1)
                .histogram("decree_pipeline_occupancy", "Slots in flight (proposed, not chosen) at each 2a the leader sends", labels, pipelineOccupancy, 1)
                .histogram("decree_sync_seconds", "Latency of a storage sync", labels, syncNanos, 1e-9)
                .histogram("decree_phase_client_to_2a_seconds", "Leader: a command's wait from arrival to the 2a carrying it", labels, clientTo2aNanos, 1e-9)
                .histogram("decree_phase_2a_to_quorum_seconds", "Leader: from a slot's 2a to a quorum of 2b (chosen)", labels, proposeToQuorumNanos, 1e-9)
                .histogram("decree_phase_quorum_to_execute_seconds", "Leader: from a slot chosen to it applied", labels, quorumToExecuteNanos, 1e-9)
                .histogram("decree_phase_execute_to_reply_seconds", "Leader: from a slot applied to the flush that sends its replies", labels, executeToReplyNanos, 1e-9)
                .histogram("decree_phase_2a_to_reply_seconds", "Leader: from a slot's 2a to the flush that sends its replies", labels, proposeToReplyNanos, 1e-9)
                .histogram("decree_checkpoint_capture_seconds", "Protocol-thread time of a checkpoint capture", labels, checkpointCaptureNanos, 1e-9);
    }
}
