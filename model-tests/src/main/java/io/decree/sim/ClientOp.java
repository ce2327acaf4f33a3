package io.decree.sim;

/**
 * One client operation as the client saw it: invoked at {@code invokedAt}, answered at {@code returnedAt}
 * with {@code result}, or never answered ({@code returnedAt} = -1: outcome unknown, it may or may not
 * have taken effect).
 *
 * @param <C> the workload's command ({@link io.decree.engine.statemachine.KvCommand} by default)
 * @param <R> the workload's result (a String by default)
 */
public record ClientOp<C, R>(int client, long sequence, C command, long invokedAt, long returnedAt, R result) {
    public boolean completed() { return returnedAt >= 0; }
}
