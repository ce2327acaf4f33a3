package io.decree.engine.ring;

/**
 * A fabric could not set up a region: what was missing (a region not exposed yet, a file, a device, a port)
 * is in the message. Checked, because a transport must decide what to do (retry later, fail to start).
 */
public class FabricException extends Exception {
    public FabricException(String message) { super(message); }

    public FabricException(String message, Throwable cause) { super(message, cause); }
}
