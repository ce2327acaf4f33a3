package io.decree.spec;

/**
 * Deliberate bugs in the spec (the bug zoo). Each replaces one named TLA+ definition, exactly as the
 * corresponding MCMutant*.cfg does with a definition override, and the model checker must catch each one.
 * Switchable only from tests: the constructors that take mutants are package-private.
 */
enum Mutant {
    /** {@code IsQuorum(Q, C) == Cardinality(Q) >= Cardinality(C) \div 2}: "half" quorums, which need not intersect. */
    QUORUM_HALF,
    /** {@code SafeValue(Q1b, s, v) == TRUE}: a new leader ignores the votes reported in phase 1. */
    NO_VALUE_ADOPTION,
    /** {@code Accepts2a(a, m) == TRUE}: an acceptor votes for a 2a below its promise. */
    ACCEPT_BELOW_PROMISE,
    /** {@code RecoveredPromise(r) == Zero}: the promise is kept in memory only and lost on restart. */
    FORGET_PROMISE_ON_RESTART,
    /**
     * Reconfiguration only, {@code InWindow(r, s) == TRUE}: a leader proposes beyond the alpha window, taking
     * the configuration from the log entries it happens to know.
     */
    RECONFIG_WITHOUT_WINDOW
}
