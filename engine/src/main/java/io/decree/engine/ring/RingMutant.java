package io.decree.engine.ring;

import io.decree.engine.protocol.Mutants;

import java.util.EnumSet;
import java.util.Set;

/**
 * Deliberate ring bugs that the ring's checkers must catch (the unit tests, the simulator's fabric model, the
 * Lincheck suite, the TLA+ mirror). Allowed only in a JVM run with {@code -Ddecree.mutants=allowed}, which only
 * the test configuration sets.
 */
public enum RingMutant {
    /** The sender publishes the tail before it writes the frame's bytes. */
    PUBLISH_BEFORE_PAYLOAD,
    /** The fabric lets a revoked writer publish (a plain store of the tail instead of a permission check). */
    IGNORES_REVOCATION;

    /** Checks that mutants may be enabled in this JVM and returns an immutable copy. */
    public static Set<RingMutant> enable(Set<RingMutant> mutants) {
        if (mutants.isEmpty()) return Set.of();
        if (!"allowed".equals(System.getProperty(Mutants.ALLOW_PROPERTY)))
            throw new IllegalStateException("ring mutants are for tests only: run with -D" + Mutants.ALLOW_PROPERTY + "=allowed");
        return Set.copyOf(EnumSet.copyOf(mutants));
    }
}
