package io.decree.engine.trace;

import io.decree.engine.protocol.Decree;

/**
 * Receives the engine's steps named as the actions of {@code specs-tla/MultiPaxos.tla}, so that a run can
 * be replayed through the spec and every step checked to be a legal spec step (trace validation). A
 * replica holds {@code null} when tracing is off, and each call site is one null check: free when off.
 */
public interface SpecTrace {

    /** Phase1a(r, b): replica {@code replica} starts ballot {@code ballot}. */
    void phase1a(int replica, long ballot);

    /** Phase1b(a, m): acceptor {@code acceptor} promises {@code ballot} and reports its votes. */
    void phase1b(int acceptor, long ballot);

    /** Phase2a(r, b, s, v): the leader of {@code ballot} proposes {@code decree} for {@code slot}. */
    void phase2a(int leader, long ballot, long slot, Decree decree);

    /** Phase2b(a, m): acceptor {@code acceptor} votes for {@code decree} in {@code slot} at {@code ballot}. */
    void phase2b(int acceptor, long ballot, long slot, Decree decree);

    /** Learn(r, s, v): replica {@code replica} learns that {@code decree} is chosen in {@code slot}. */
    void learn(int replica, long slot, Decree decree);

    /**
     * InstallSnapshot(r, q, k): replica {@code replica} installs the snapshot {@code source} made of its
     * learned prefix, so it knows every slot below {@code nextSlot} chosen (spec k = nextSlot, as spec slots
     * count from 1).
     */
    void installSnapshot(int replica, int source, long nextSlot);

    /** Crash(r): the replica loses its volatile state. */
    void crash(int replica);

    /** Restart(r): the replica starts again from its durable state. */
    void restart(int replica);

    /**
     * Not a spec step: every step {@code replica} took so far is durable (the acceptor state it changed is
     * synced) and its messages are about to leave; called by {@code Replica.flush()} between the sync and the
     * sends. Steps after the last such mark were seen by no one and kept by no disk, so a process killed
     * there lost them with its memory: trace validation of real runs drops them before a restart
     * (docs/trace-validation.md). Validators that see every step as it happens ignore it.
     */
    default void flushed(int replica) {}
}
