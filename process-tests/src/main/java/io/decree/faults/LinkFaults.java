package io.decree.faults;

/**
 * The network faults the {@link Nemesis} injects between replicas, whatever carries their traffic: over TCP the
 * {@link FaultProxy} (every peer link through a proxy that drops or delays), over the shared-memory rings the
 * {@link ShmLinkFaults} (every receiver revokes or holds a writer at the memory level). Either way a cut link
 * loses what is sent over it, as a partition does, and a heal lets traffic flow again.
 */
public interface LinkFaults {
    /** Cuts every link the partition cuts, in both directions, and passes every other one (lifting any delay). */
    void apply(Partition partition);

    /** Delays every link by {@code millis}. */
    void delayAll(long millis);

    /** Every link passes again. */
    void heal();
}
