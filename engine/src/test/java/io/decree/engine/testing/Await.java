package io.decree.engine.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on a condition that other threads make true, polling every millisecond up to an upper bound. */
public final class Await {
    private Await() {}

    /**
     * Returns once {@code condition} holds; fails naming {@code what} and {@code state} if it still does not
     * after {@code bound} (an upper bound for a hung run, not a timing check).
     */
    public static void until(String what, Duration bound, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what + ": " + state.get());
            LockSupport.parkNanos(1_000_000L);
        }
    }
}
