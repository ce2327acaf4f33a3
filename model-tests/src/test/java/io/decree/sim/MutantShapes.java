package io.decree.sim;

import io.decree.engine.protocol.Mutant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The shape of run each protocol mutant is hunted in, shared by the suites that hunt them: read-path mutants
 * with lease reads on (a wide drift bound, so a lease that ignores it shows), the window and the
 * lease-over-configurations mutants with membership changes (where they matter), the rest in the default
 * shape. Schedules follow from the shape: {@link FaultSchedule#random(long, SimConfig)}.
 */
final class MutantShapes {
    static final double LEASE_DRIFT = 0.3;
    private static final Set<Mutant> READS = EnumSet.of(Mutant.LEASE_IGNORES_DRIFT, Mutant.STALE_FOLLOWER_READ,
            Mutant.READ_AFTER_LOSING_LEADERSHIP, Mutant.LEASE_IGNORES_NEW_CONFIGURATIONS);
    private static final Set<Mutant> MEMBERSHIP = EnumSet.of(Mutant.RECONFIG_WITHOUT_WINDOW, Mutant.LEASE_IGNORES_NEW_CONFIGURATIONS);

    private MutantShapes() {}

    static boolean readsLocally(Mutant mutant) { return READS.contains(mutant); }

    /** The run's shape, with {@code mutant} on. */
    static SimConfig config(Mutant mutant) {
        SimConfig shape = MEMBERSHIP.contains(mutant) ? ReconfigurationSeedsTest.CONFIG : SimConfig.defaults();
        return (READS.contains(mutant) ? shape.withLeaseReads(LEASE_DRIFT) : shape).withMutants(Set.of(mutant));
    }
}
