package io.decree.engine.protocol;

import java.util.BitSet;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A leader's read lease, as the leader measures it. Every heartbeat opens a round; each replica that
 * grants the round promises no other replica's ballot for {@code leaseDuration} on its own clock. Once a
 * quorum of every configuration in the leader's window granted a round sent at {@code t}, no other
 * candidate can win a quorum there until {@code t + leaderLease()} on the leader's clock, which allows for
 * clock drift ({@link ReplicaOptions#leaderLease()}). The same grants tell the leader it still reaches a
 * quorum (check-quorum). Allocation-free per grant: rounds are a ring of preallocated bit sets.
 */
final class LeaderLease {
    /** Heartbeat rounds in flight: grants for older rounds are too late to count. */
    private static final int ROUNDS = 16;

    private final ReplicaOptions options;
    private final Mutants mutants;
    private final ToIntFunction<Configuration> quorumSize;
    private long round;
    private final long[] sentAt = new long[ROUNDS];
    private final BitSet[] grants = new BitSet[ROUNDS];
    /** Until when (the leader's clock) no other leader can exist in {@link #configs}. */
    private long validUntil = Long.MIN_VALUE;
    /** The window configurations the lease was granted by: a lease over others does not count. */
    private List<Configuration> configs = List.of();
    /** When (the leader's clock) the latest heartbeat a quorum answered was sent. */
    private long lastQuorumAt;

    LeaderLease(ReplicaOptions options, Mutants mutants, ToIntFunction<Configuration> quorumSize) {
        this.options = options;
        this.mutants = mutants;
        this.quorumSize = quorumSize;
        for (int i = 0; i < ROUNDS; i++) grants[i] = new BitSet();
    }

    /** A new leadership: no lease yet, and a quorum counts as heard from now. */
    void begin(long now) {
        validUntil = Long.MIN_VALUE;
        lastQuorumAt = now;
    }

    /**
     * This leader was stalled for {@code millis} beyond a heartbeat interval: that time does not count toward
     * check-quorum (it could not hear anybody). The lease itself ({@link #validUntil}) is not extended.
     */
    void excuse(long millis) { lastQuorumAt += millis; }

    /** Leadership lost: the lease is worthless. */
    void revoke() { validUntil = Long.MIN_VALUE; }

    /** Opens the round of a heartbeat sent at {@code now}; returns its number. */
    long open(long now) {
        long r = ++round;
        int i = (int) (r % ROUNDS);
        sentAt[i] = now;
        grants[i].clear();
        return r;
    }

    /** {@code replica} granted round {@code r}; {@code window} is the leader's window now. */
    void grant(int replica, long r, List<Configuration> window) {
        if (r <= round - ROUNDS || r > round) return;
        int i = (int) (r % ROUNDS);
        grants[i].set(replica);
        BitSet granted = grants[i];
        for (Configuration c : window) if (c.count(granted::get) < quorumSize.applyAsInt(c)) return;
        lastQuorumAt = Math.max(lastQuorumAt, sentAt[i]);
        long lease = mutants.has(Mutant.LEASE_IGNORES_DRIFT) ? options.leaseDuration()
                : mutants.has(Mutant.LEASE_TOO_LONG_BY_RHO) ? (long) (options.leaderLease() * (1 + options.maxClockDrift()))
                : options.leaderLease();
        if (!window.equals(configs)) {
            configs = window;
            validUntil = Long.MIN_VALUE;
        }
        validUntil = Math.max(validUntil, sentAt[i] + lease);
    }

    /** True while the lease holds at {@code now} over exactly the configurations of {@code window}. */
    boolean covers(long now, List<Configuration> window) { return now < validUntil && window.equals(configs); }

    /** True when no quorum has answered a heartbeat sent in the last {@code timeout}: the leader is cut off. */
    boolean quorumSilentFor(long now, long timeout) { return now - lastQuorumAt > timeout; }

    /** Until when (the leader's clock) the lease holds; {@code Long.MIN_VALUE} when there is none. */
    long validUntil() { return validUntil; }
}
