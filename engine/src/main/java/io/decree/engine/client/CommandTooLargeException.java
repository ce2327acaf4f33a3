package io.decree.engine.client;

/** A command larger than the cluster accepts ({@code ReplicaOptions.maxCommandBytes}). */
public final class CommandTooLargeException extends RuntimeException {
    public CommandTooLargeException(int size, int limit) {
        super("command of " + size + " bytes exceeds the limit of " + limit + " bytes");
    }

    public CommandTooLargeException(String message) { super(message); }
}
