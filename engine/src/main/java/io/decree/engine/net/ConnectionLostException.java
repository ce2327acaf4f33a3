package io.decree.engine.net;

import java.io.IOException;

/**
 * A client request has no reply and never will on this connection: it closed, or could not take the
 * request. The request may or may not have been executed; retry it with the same client id and sequence
 * (the replicas' session tables execute it at most once).
 */
public final class ConnectionLostException extends IOException {
    public ConnectionLostException(String message) { super(message); }
}
