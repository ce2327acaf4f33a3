package io.decree.engine.message;

import io.decree.engine.protocol.Decree;
import java.util.List;

/** Chosen decrees for consecutive slots starting at {@code fromSlot}. */
public record CatchUpReply(long fromSlot, List<Decree> decrees) implements Message {}
