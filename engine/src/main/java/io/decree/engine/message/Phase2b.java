package io.decree.engine.message;

/** An acceptor voted in {@code slot} at {@code ballot} for the decree of that ballot's 2a. */
public record Phase2b(long ballot, long slot) implements Message {}
