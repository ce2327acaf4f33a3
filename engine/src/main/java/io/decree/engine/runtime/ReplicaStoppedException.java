package io.decree.engine.runtime;

/**
 * The replica was stopped before the submission had an outcome. If it had been proposed, it may still be
 * chosen by the others: a client retries it elsewhere with the same session and sequence (exactly once).
 */
public final class ReplicaStoppedException extends RuntimeException {
    public ReplicaStoppedException(int replica) {
        super("replica " + replica + " is stopped; the command may or may not have been executed");
    }
}
