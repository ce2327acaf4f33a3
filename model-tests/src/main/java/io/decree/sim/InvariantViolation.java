package io.decree.sim;

/** A safety or liveness invariant failed; {@link #invariant()} names it as the spec does. */
public final class InvariantViolation extends RuntimeException {
    private final String invariant;

    public InvariantViolation(String invariant, String detail) {
        super(invariant + ": " + detail);
        this.invariant = invariant;
    }

    public String invariant() { return invariant; }
}
