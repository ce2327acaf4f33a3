package io.decree.engine.net;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, polling every millisecond; never a fixed sleep standing in for "long enough". */
final class Await {
    private Await() {}

    static void until(String what, BooleanSupplier condition) { until(what, 10_000, condition, () -> ""); }

    static void until(String what, long millis, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + millis + " ms waiting for " + what + " " + state.get());
            LockSupport.parkNanos(1_000_000L);
        }
    }
}
