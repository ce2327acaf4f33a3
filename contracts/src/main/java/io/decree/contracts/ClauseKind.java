package io.decree.contracts;

/**
 * The JML clause a violation broke. The {@link #id()} is the JML keyword; it is also the SARIF rule id,
 * so a report reader sees the same word the specification author wrote.
 */
public enum ClauseKind {
    REQUIRES("requires", "A precondition did not hold when the method was called (the caller's fault)."),
    ENSURES("ensures", "A postcondition did not hold when the method returned normally."),
    SIGNALS("signals", "An exceptional postcondition did not hold when the method threw."),
    SIGNALS_ONLY("signals_only", "The method threw an exception type its signals_only clause does not allow."),
    INVARIANT("invariant", "A class invariant did not hold on entry to or exit from a public method, or at the end of a constructor."),
    NON_NULL("non_null", "A parameter or result declared non_null was null.");

    private final String id;
    private final String description;

    ClauseKind(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The JML keyword, used as the SARIF ruleId. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }
}
