package io.decree.sim;

/** Test tiers: the default one is what CI runs; {@code -Dtier=long} runs the soaks; {@code -Dseeds=N} overrides. */
final class Tier {
    private Tier() {}

    static boolean isLong() { return "long".equals(System.getProperty("tier")); }

    /** Seeds to run: {@code -Dseeds=N} if given, else the tier's figure. */
    static int seeds(int defaultTier, int longTier) {
        String explicit = System.getProperty("seeds");
        if (explicit != null && !explicit.isBlank()) return Integer.parseInt(explicit.trim());
        return isLong() ? longTier : defaultTier;
    }
}
