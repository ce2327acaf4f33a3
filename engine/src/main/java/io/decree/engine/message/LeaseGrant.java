package io.decree.engine.message;

/**
 * An acceptor that heard heartbeat {@code leaseRound} of the leader of {@code ballot} will promise no other
 * leader's ballot for its lease duration: with a quorum of these the leader may serve reads locally. It
 * also reports the replica's first unchosen slot, so a leader adding the replica knows when it caught up.
 */
public record LeaseGrant(long ballot, long leaseRound, long firstUnchosen) implements Message {}
