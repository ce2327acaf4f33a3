package io.decree.engine.message;

/**
 * The leader of {@code ballot} is alive; it knows every slot below {@code firstUnchosen} is chosen, so a
 * follower behind that asks to catch up. Followers answer with a {@link LeaseGrant} for {@code leaseRound}.
 */
public record Heartbeat(long ballot, long firstUnchosen, long leaseRound) implements Message {}
