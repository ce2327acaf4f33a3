package io.decree.lin;

/**
 * Bounds one search: a number of steps (deterministic: the same history and model always stop at the same point)
 * and, optionally, a wall-clock deadline (not deterministic, so off by default).
 */
final class Budget {

    private static final int CLOCK_CHECK_INTERVAL = 4096;

    private final long maxSteps;
    private final long deadlineNanos;
    private long steps;

    /** @param deadlineNanos a {@link System#nanoTime()} instant, or {@link Long#MAX_VALUE} for none */
    Budget(long maxSteps, long deadlineNanos) {
        this.maxSteps = maxSteps;
        this.deadlineNanos = deadlineNanos;
    }

    /** Spends one step; false once the budget is exhausted. */
    boolean tick() {
        steps++;
        if (steps > maxSteps) {
            return false;
        }
        return deadlineNanos == Long.MAX_VALUE
                || (steps % CLOCK_CHECK_INTERVAL) != 0
                || System.nanoTime() - deadlineNanos < 0;
    }

    boolean timedOut() {
        return deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0;
    }

    long steps() {
        return Math.min(steps, maxSteps);
    }
}
