package io.decree.lin.lincheck;

/**
 * Lincheck effort per test tier: the default tier (CI) keeps every suite to seconds; {@code -Dtier=long}
 * runs the heavy settings. Lincheck's own defaults (100 iterations x 10,000+ invocations) take minutes.
 */
final class Tier {
    static final boolean LONG = "long".equals(System.getProperty("tier"));

    private Tier() {}

    static int pick(int defaultTier, int longTier) { return LONG ? longTier : defaultTier; }
}
