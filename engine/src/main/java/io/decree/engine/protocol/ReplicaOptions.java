package io.decree.engine.protocol;

/**
 * Tuning of one replica. Times are in milliseconds of the replica's clock ({@link Environment#now()}).
 *
 * @param window               slots that may be proposed beyond the first unchosen one (pipelining depth)
 * @param maxBatchCommands     client commands per decree at most
 * @param maxBatchBytes        encoded bytes of commands per decree at most
 * @param maxCommandBytes      payload bytes of one command at most; larger ones are refused
 * @param heartbeatInterval    how often a leader says it is alive (and renews its read lease)
 * @param electionTimeoutMin   silence from the leader after which a follower stands for election...
 * @param electionTimeoutRange ...plus a random part up to this, so that candidates rarely collide
 * @param retransmitInterval   how long a leader waits for votes before resending a 1a or 2a
 * @param requestTimeout       how long a local submission waits before failing with a time-out
 * @param maxCatchUpSlots      chosen decrees per catch-up reply at most
 * @param leaseDuration        how long an acceptor, on its own clock, refuses to promise another leader's
 *                             ballot after hearing from the current leader (the read lease it grants)
 * @param maxClockDrift        the stated bound ρ on clock rates: every replica's clock runs at a rate within
 *                             [1-ρ, 1+ρ] of real time. Lease reads are safe only under this assumption
 * @param snapshotInterval     executed slots between checkpoints (snapshot, then log truncation); 0: never
 * @param snapshotChunkBytes   bytes of snapshot per state-transfer message at most
 */
public record ReplicaOptions(int window, int maxBatchCommands, int maxBatchBytes, int maxCommandBytes,
                             long heartbeatInterval, long electionTimeoutMin, long electionTimeoutRange,
                             long retransmitInterval, long requestTimeout, int maxCatchUpSlots,
                             long leaseDuration, double maxClockDrift, long snapshotInterval, int snapshotChunkBytes) {

    public ReplicaOptions {
        positive("window", window);
        positive("maxBatchCommands", maxBatchCommands);
        positive("maxBatchBytes", maxBatchBytes);
        positive("maxCommandBytes", maxCommandBytes);
        positive("heartbeatInterval", heartbeatInterval);
        positive("electionTimeoutMin", electionTimeoutMin);
        positive("electionTimeoutRange", electionTimeoutRange);
        positive("retransmitInterval", retransmitInterval);
        positive("requestTimeout", requestTimeout);
        positive("maxCatchUpSlots", maxCatchUpSlots);
        positive("leaseDuration", leaseDuration);
        positive("snapshotChunkBytes", snapshotChunkBytes);
        if (snapshotInterval < 0) throw new IllegalArgumentException("snapshotInterval must be >= 0 (0: no checkpoints), got " + snapshotInterval);
        if (!(maxClockDrift >= 0 && maxClockDrift < 1))
            throw new IllegalArgumentException("maxClockDrift must be in [0, 1), got " + maxClockDrift);
        if (maxCommandBytes > maxBatchBytes)
            throw new IllegalArgumentException("maxCommandBytes (" + maxCommandBytes + ") exceeds maxBatchBytes (" + maxBatchBytes + "): such a command could never be proposed");
        if (heartbeatInterval >= electionTimeoutMin)
            throw new IllegalArgumentException("heartbeatInterval (" + heartbeatInterval + ") must be below electionTimeoutMin (" + electionTimeoutMin + ") or followers time out on a live leader");
        if (leaseDuration > electionTimeoutMin)
            throw new IllegalArgumentException("leaseDuration (" + leaseDuration + ") must not exceed electionTimeoutMin (" + electionTimeoutMin + ") or candidates are refused by acceptors still holding the lease");
    }

    private static void positive(String name, long value) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be positive, got " + value);
    }

    public static ReplicaOptions defaults() {
        return new ReplicaOptions(32, 256, 1 << 20, 64 << 10, 20, 150, 150, 40, 2_000, 64, 150, 0.05, 0, 64 << 10);
    }

    /**
     * How long, on the leader's clock, a quorum's lease grants keep other leaders out, counted from when the
     * leader sent the heartbeat they answered: an acceptor's lease lasts {@code leaseDuration} on its clock,
     * at least {@code leaseDuration / (1+ρ)} of real time, and the leader's measure of
     * {@code leaseDuration (1-ρ)/(1+ρ)} lasts at most that much real time.
     */
    public long leaderLease() { return (long) Math.floor(leaseDuration * (1 - maxClockDrift) / (1 + maxClockDrift)); }

    public ReplicaOptions withWindow(int w) {
        return new ReplicaOptions(w, maxBatchCommands, maxBatchBytes, maxCommandBytes, heartbeatInterval, electionTimeoutMin, electionTimeoutRange, retransmitInterval, requestTimeout, maxCatchUpSlots, leaseDuration, maxClockDrift, snapshotInterval, snapshotChunkBytes);
    }

    public ReplicaOptions withMaxBatchCommands(int n) {
        return new ReplicaOptions(window, n, maxBatchBytes, maxCommandBytes, heartbeatInterval, electionTimeoutMin, electionTimeoutRange, retransmitInterval, requestTimeout, maxCatchUpSlots, leaseDuration, maxClockDrift, snapshotInterval, snapshotChunkBytes);
    }

    public ReplicaOptions withRequestTimeout(long t) {
        return new ReplicaOptions(window, maxBatchCommands, maxBatchBytes, maxCommandBytes, heartbeatInterval, electionTimeoutMin, electionTimeoutRange, retransmitInterval, t, maxCatchUpSlots, leaseDuration, maxClockDrift, snapshotInterval, snapshotChunkBytes);
    }

    public ReplicaOptions withMaxClockDrift(double rho) {
        return new ReplicaOptions(window, maxBatchCommands, maxBatchBytes, maxCommandBytes, heartbeatInterval, electionTimeoutMin, electionTimeoutRange, retransmitInterval, requestTimeout, maxCatchUpSlots, leaseDuration, rho, snapshotInterval, snapshotChunkBytes);
    }

    /** Checkpoints every {@code slots} executed slots (0: never), transferring snapshots in {@code chunkBytes} pieces. */
    public ReplicaOptions withSnapshots(long slots, int chunkBytes) {
        return new ReplicaOptions(window, maxBatchCommands, maxBatchBytes, maxCommandBytes, heartbeatInterval, electionTimeoutMin, electionTimeoutRange, retransmitInterval, requestTimeout, maxCatchUpSlots, leaseDuration, maxClockDrift, slots, chunkBytes);
    }
}
