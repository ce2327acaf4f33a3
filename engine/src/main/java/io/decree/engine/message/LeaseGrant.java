package io.decree.engine.message;

/**
 * An acceptor that heard heartbeat {@code leaseRound} of the leader of {@code ballot} will promise no other
 * leader's ballot for its lease duration: with a quorum of these the leader may serve reads locally.
 */
public record LeaseGrant(long ballot, long leaseRound) implements Message {}
