package io.decree.engine.message;

import io.decree.engine.protocol.Decree;

/** The leader of {@code ballot} proposes {@code decree} for {@code slot}. */
public record Phase2a(long ballot, long slot, Decree decree) implements Message {}
