package io.decree.engine.message;

/** A lagging replica asks for the chosen decrees of slots {@code fromSlot} up to {@code toSlot} (exclusive). */
public record CatchUpRequest(long fromSlot, long toSlot) implements Message {}
