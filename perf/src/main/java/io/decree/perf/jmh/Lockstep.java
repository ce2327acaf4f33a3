package io.decree.perf.jmh;

import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Replica;

/**
 * Three replicas on one thread whose allocation is counted per replica, around each replica's own work: what
 * {@link AllocationPerCommand} drives ({@link LockstepReplicas}). {@link LockstepCluster} hands messages over as objects,
 * {@link WireLockstepCluster} as frames.
 */
interface Lockstep {
    int REPLICAS = 3;

    /** Bytes allocated so far while each replica (indexed by id) handled its events and flushed. */
    long[] allocated();

    int leader();

    Replica replica(int id);

    /** A client's request arrives at the leader (handled at the next {@link #settle()}). */
    void request(Command command);

    /** Every replica handles what it has, then flushes, round after round, until no message is left. */
    void settle();
}
