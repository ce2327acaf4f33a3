package io.decree.engine.message;

/**
 * A refusal: the acceptor has promised {@code promised}, above the {@code rejected} ballot it was asked
 * to serve. Tells a stale leader or candidate to step down and how high to go next time.
 */
public record Preempted(long rejected, long promised) implements Message {}
