package io.decree.sim;

import io.decree.engine.statemachine.KvCommand;

/**
 * One client operation as the client saw it: invoked at {@code invokedAt}, answered at {@code returnedAt}
 * with {@code result}, or never answered ({@code returnedAt} = -1: outcome unknown, it may or may not
 * have taken effect).
 */
public record ClientOp(int client, long sequence, KvCommand command, long invokedAt, long returnedAt, String result) {
    public boolean completed() { return returnedAt >= 0; }
}
