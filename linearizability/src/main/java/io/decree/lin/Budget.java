package io.decree.lin;

/**
 * Bounds one search: a number of steps (deterministic: the same history and model always stop at the same point)
 * and, optionally, a wall-clock deadline (not deterministic, so off by default) and a cancellation signal (another
 * partition's search already decided the answer).
 */
final class Budget {

    private static final int CLOCK_CHECK_INTERVAL = 4096;

    private final long maxSteps;
    private final long deadlineNanos;
    private final java.util.function.BooleanSupplier cancelled;
    private long steps;

    /** @param deadlineNanos a {@link System#nanoTime()} instant, or {@link Long#MAX_VALUE} for none */
    Budget(long maxSteps, long deadlineNanos) {
        this(maxSteps, deadlineNanos, null);
    }

    /** @param cancelled polled every few thousand steps; null for none */
    Budget(long maxSteps, long deadlineNanos, java.util.function.BooleanSupplier cancelled) {
        this.maxSteps = maxSteps;
        this.deadlineNanos = deadlineNanos;
        this.cancelled = cancelled;
    }

    /** Spends one step; false once the budget is exhausted. */
    boolean tick() {
        steps++;
        if (steps > maxSteps) {
            return false;
        }
        if ((steps % CLOCK_CHECK_INTERVAL) != 0) {
            return true;
        }
        return (deadlineNanos == Long.MAX_VALUE || System.nanoTime() - deadlineNanos < 0)
                && (cancelled == null || !cancelled.getAsBoolean());
    }

    /** True when the search stopped for the deadline or a cancellation, not for its step count. */
    boolean stopped() {
        return steps <= maxSteps && (timedOut() || (cancelled != null && cancelled.getAsBoolean()));
    }

    boolean timedOut() {
        return deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0;
    }

    long steps() {
        return Math.min(steps, maxSteps);
    }
}
