package io.decree.engine.ring.verbs;

/**
 * A verb failed on a device that is there (registration refused, a queue pair that would not change state, a
 * completion with an error status). The message names the verb and the errno or work-completion status.
 * Distinct from {@link RdmaUnavailableException}, which means the device or library is not there at all.
 */
public final class VerbsException extends RuntimeException {
    public VerbsException(String message) {
        super(message);
    }
}
