package io.decree.faults;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for an observable condition, bounded by a deadline. The fault suite never sleeps for timing: a fault
 * that must last "past the election timeout" lasts until its effect is seen (another replica leads), and every
 * such wait has a deadline whose expiry is a test failure naming what was awaited.
 *
 * <p>Conditions here are external (another process, a socket, a file), so there is nothing to block on; the
 * wait polls every {@link #POLL_MILLIS} ms. The poll interval only bounds how late a met condition is noticed.
 */
public final class Await {
    static final long POLL_MILLIS = 5;

    private Await() {}

    /** Returns once {@code condition} holds; throws {@link TimeoutException} naming {@code what} after {@code limit}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) throws TimeoutException, InterruptedException {
        value(what, limit, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** Returns the first value {@code probe} yields; throws {@link TimeoutException} naming {@code what} after {@code limit}. */
    public static <T> T value(String what, Duration limit, Supplier<Optional<T>> probe) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) return value.get();
            if (System.nanoTime() - deadline >= 0)
                throw new TimeoutException("gave up after " + limit.toMillis() + " ms waiting for: " + what);
            if (Thread.interrupted()) throw new InterruptedException("interrupted waiting for: " + what);
            LockSupport.parkNanos(POLL_MILLIS * 1_000_000L);
        }
    }

    /** Milliseconds left before {@code deadlineNanos} (a {@link System#nanoTime()} value), at least 0. */
    public static long millisLeft(long deadlineNanos) {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    }
}
