package io.decree.server.verify;

/**
 * How hard {@code verify} tries. Seeds are per sweep; the mutant budget is the most seeds a built-in mutant
 * may need before it counts as surviving (a blinded kit); {@code maxSpecStates} bounds each spec model the
 * mirror explores (a larger model is reported as left to a deeper run, never truncated silently), and
 * long-tier models run only at {@code deep}.
 *
 * <p>--quick is sized to finish in under 5 minutes on 2 idle cores (docs/verify.md has the measurement).
 */
public enum Depth {
    QUICK(40, 20, 20, 10, 1500, 120_000, false),
    STANDARD(400, 200, 200, 100, 3000, 2_000_000, false),
    DEEP(5000, 2000, 2000, 1000, 6000, Long.MAX_VALUE, true);

    final int defaultSeeds, leaseSeeds, reconfigSeeds, storageSeeds, mutantBudget;
    final long maxSpecStates;
    final boolean longTierModels;

    Depth(int defaultSeeds, int leaseSeeds, int reconfigSeeds, int storageSeeds, int mutantBudget, long maxSpecStates, boolean longTierModels) {
        this.defaultSeeds = defaultSeeds;
        this.leaseSeeds = leaseSeeds;
        this.reconfigSeeds = reconfigSeeds;
        this.storageSeeds = storageSeeds;
        this.mutantBudget = mutantBudget;
        this.maxSpecStates = maxSpecStates;
        this.longTierModels = longTierModels;
    }

    /** Seeds of a user's state machine ({@code --state-machine}): the default sweep's. */
    public int userSeeds() { return defaultSeeds; }

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
