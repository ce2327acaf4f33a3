package io.decree.engine.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A monotonic count with one writer (the protocol thread) and any number of readers (an exporter). The
 * writer adds with an opaque store, no lock and no fence on x86: a reader sees a recent value, never a torn
 * one, and a counter costs one load and one store per increment.
 */
public final class Counter {
    private final AtomicLong value = new AtomicLong();

    /** Adds one. Only the owning thread may call it. */
    public void increment() { value.setOpaque(value.getPlain() + 1); }

    /** Adds {@code n >= 0}. Only the owning thread may call it. */
    public void add(long n) {
        assert n >= 0 : "a counter only grows, got " + n;
        value.setOpaque(value.getPlain() + n);
    }

    /** The count as of a recent write (any thread). */
    public long get() { return value.getOpaque(); }
}
