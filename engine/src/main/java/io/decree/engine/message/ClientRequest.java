package io.decree.engine.message;

import io.decree.engine.protocol.Command;

/**
 * A client asks the replica to execute {@code command}; a retry carries the same client id and sequence.
 * With {@code read}, the command is a read-only query the leader may answer from its state under a valid
 * lease instead of through the log.
 */
public record ClientRequest(Command command, boolean read) implements Message {
    public ClientRequest(Command command) { this(command, false); }
}
