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
    /**
     * The leader counts a phase-2 reply for any of its own ballots, not only the current one: a 2b from an
     * election it lost, delivered after it re-proposed the slot at a new ballot (perhaps with another value
     * adopted from phase 1), counts toward the new proposal (issue #16: stale messages across elections).
     */
    STALE_2B_ACROSS_ELECTIONS,
    /** The candidate counts a phase-1 reply to any of its own earlier ballots as a promise of the current one. */
    STALE_1B_ACROSS_ELECTIONS,
    /**
     * The leader counts phase-2 replies, not acceptors: a duplicated 2b counts twice toward the quorum
     * (harmless with 3 replicas, where the leader's own vote and one other are a quorum; not with 5).
     */
    QUORUM_COUNTS_DUPLICATE_2B,
    /**
     * The session cache answers a retry of any request the session already executed with the session's
     * latest result: an old, superseded retry gets a newer request's result (issue #16: rude clients).
     */
    SESSION_ANSWERS_OLD_RETRY_WITH_NEWER,
    /** A snapshot restores the state machine but not the session table: a retry after a transfer runs twice. */
    SESSIONS_LOST_IN_SNAPSHOT,
    /**
     * The leader's lease is longer than the drift bound allows by a factor (1 + rho): it reckons with a slow
     * leader clock but forgets the fast acceptor clocks (issue #16: drift corners).
     */
    LEASE_TOO_LONG_BY_RHO,
    /** The acceptor grants a read lease to a heartbeat below its promise (a deposed leader keeps its lease). */
    LEASE_GRANTED_BELOW_PROMISE,
    /**
     * A 1b reports the compaction point as one past the acceptor's last vote instead of where it really
     * compacted: the leader skips the votes above the true floor (issue #16: misreported compaction point).
     */
    MISREPORTED_COMPACTION_POINT,
    /** On a Commit the replica learns its own latest vote in the slot, whatever ballot the Commit names. */
    LEARNS_OWN_VOTE_ON_COMMIT,
    /** The acceptor replies to a 2a before its vote is durable (the vote alone does not force a sync). */
    REPLY_BEFORE_PERSISTING_VOTE,
}
