package io.decree.engine.protocol;

import java.util.EnumSet;
import java.util.Set;

/** The set of {@link Mutant}s a replica runs with: empty in production, chosen by tests. */
public final class Mutants {
    /** The system property a test JVM sets to allow mutants; production never does. */
    public static final String ALLOW_PROPERTY = "decree.mutants";
    private static final Mutants NONE = new Mutants(EnumSet.noneOf(Mutant.class));

    private final EnumSet<Mutant> enabled;

    private Mutants(EnumSet<Mutant> enabled) { this.enabled = enabled; }

    public static Mutants none() { return NONE; }

    /** Enables mutants; throws unless this JVM is a test JVM that allowed them. */
    public static Mutants enable(Set<Mutant> mutants) {
        if (mutants.isEmpty()) return NONE;
        if (!"allowed".equals(System.getProperty(ALLOW_PROPERTY)))
            throw new IllegalStateException("protocol mutants are for tests only: run with -D" + ALLOW_PROPERTY + "=allowed");
        return new Mutants(EnumSet.copyOf(mutants));
    }

    public boolean has(Mutant mutant) { return enabled.contains(mutant); }

    public boolean isEmpty() { return enabled.isEmpty(); }

    @Override public String toString() { return enabled.toString(); }
}
