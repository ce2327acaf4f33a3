package io.decree.engine.message;

import io.decree.engine.protocol.Command;

/** A client asks the replica to execute {@code command}; a retry carries the same client id and sequence. */
public record ClientRequest(Command command) implements Message {}
