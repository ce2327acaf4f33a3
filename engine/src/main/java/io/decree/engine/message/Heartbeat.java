package io.decree.engine.message;

/**
 * The leader of {@code ballot} is alive; it knows every slot below {@code firstUnchosen} is chosen, so a
 * follower behind that asks to catch up.
 */
public record Heartbeat(long ballot, long firstUnchosen) implements Message {}
