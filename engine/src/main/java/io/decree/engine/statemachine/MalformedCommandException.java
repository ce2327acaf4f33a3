package io.decree.engine.statemachine;

/** A command the state machine cannot interpret; the message says what is wrong with it. */
public final class MalformedCommandException extends RuntimeException {
    public MalformedCommandException(String message) { super(message); }
}
