package io.decree.engine.wire;

import io.decree.engine.protocol.Mutants;

import java.util.Set;

/**
 * Deliberate codec bugs that the wire tests (the property test and the fuzz target) must catch, as the
 * protocol's {@link io.decree.engine.protocol.Mutant}s are for the simulator. Kept apart from those because
 * the simulator, which passes objects, cannot catch a codec bug. Allowed only in a JVM run with
 * {@code -Ddecree.mutants=allowed}, which only the test configuration sets.
 */
public enum WireMutant {
    /** The decoder accepts a frame whose CRC32C does not match its bytes. */
    SKIPS_CRC;

    static void checkAllowed(Set<WireMutant> mutants) {
        if (!mutants.isEmpty() && !"allowed".equals(System.getProperty(Mutants.ALLOW_PROPERTY)))
            throw new IllegalStateException("wire mutants are for tests only: run with -D" + Mutants.ALLOW_PROPERTY + "=allowed");
    }
}
