package io.decree.engine.message;

/** A candidate asks for a promise not to vote below {@code ballot}, for every slot from {@code fromSlot} on. */
public record Phase1a(long ballot, long fromSlot) implements Message {}
