package io.decree.engine.message;

/**
 * The decree voted in {@code slot} at {@code ballot} is chosen. Carries no decree: an acceptor that voted
 * at that ballot already holds it, and one that did not catches up instead.
 */
public record Commit(long ballot, long slot) implements Message {}
