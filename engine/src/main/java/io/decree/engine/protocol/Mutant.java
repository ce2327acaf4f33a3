package io.decree.engine.protocol;

/**
 * Deliberate protocol bugs that the verification kit must catch. A suite that catches none of them proves
 * nothing. They are off in production: {@link Mutants#enable} refuses unless the JVM runs with
 * {@code -Ddecree.mutants=allowed}, which only the test configuration sets.
 */
public enum Mutant {
    /** The leader proposes its own value instead of adopting the highest-ballot vote reported in phase 1b. */
    NO_VALUE_ADOPTION,
    /** The acceptor votes for a 2a whose ballot is below its promise. */
    VOTE_BELOW_PROMISE,
    /** A quorum is n/2 replicas instead of a strict majority. */
    QUORUM_OF_HALF,
    /** The acceptor replies to a 1a before its promise is durable (the promise alone does not force a sync). */
    REPLY_BEFORE_PERSISTING_PROMISE,
    /** The executor applies a client's retried request again instead of returning the cached result. */
    NO_SESSION_DEDUPLICATION,
    /** The leader's read lease lasts the acceptors' full lease duration, ignoring the clock-drift bound. */
    LEASE_IGNORES_DRIFT,
    /** A follower answers read-only queries from its own, possibly stale, state. */
    STALE_FOLLOWER_READ,
    /** A replica that has led answers reads from its own state without a lease, even after it lost leadership. */
    READ_AFTER_LOSING_LEADERSHIP,
    /**
     * The leader ignores the window alpha (TLA+ InWindow): it proposes in slots whose configuration it cannot
     * know yet, counting quorums in the configuration its known prefix gives (MCMutantReconfigNoWindow).
     */
    RECONFIG_WITHOUT_WINDOW,
    /**
     * A leader's lease reads count only the promises of the configuration that elected it: a configuration
     * that enters its window later needs lease grants but not promises, and votes its late promises report
     * do not hold reads back (the stale read first seen at seed 652 of reconfiguration with lease reads).
     */
    LEASE_IGNORES_NEW_CONFIGURATIONS,
}
