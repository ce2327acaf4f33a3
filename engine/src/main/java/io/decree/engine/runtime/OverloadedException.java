package io.decree.engine.runtime;

/**
 * The replica's inbound queue is full: the submission was not taken (so certainly not executed). Retry
 * later; this is back-pressure, not a failure of the cluster.
 */
public final class OverloadedException extends RuntimeException {
    public OverloadedException(int replica, int capacity) {
        super("replica " + replica + ": inbound queue full (" + capacity + " events); the command was not taken, retry later");
    }
}
