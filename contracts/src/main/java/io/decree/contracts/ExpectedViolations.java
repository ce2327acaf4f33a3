package io.decree.contracts;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A scope in which contract violations are expected: a mutant test that breaks the engine on purpose and
 * checks that the kit notices. Violations inside the scope are still recorded and reported (under
 * "expected", with the reason) but do not fail the {@link Gate}.
 *
 * <pre>try (var expected = ExpectedViolations.onThisThread("mutant QUORUM_OF_HALF")) { ... }</pre>
 *
 * Use {@link #onAllThreads} for suites whose engine runs on other threads (Lincheck); the scopes nest.
 */
public final class ExpectedViolations implements AutoCloseable {
    private static final ThreadLocal<String> THREAD = new ThreadLocal<>();
    private static final AtomicReference<String> ALL = new AtomicReference<>();

    private final boolean allThreads;
    private final String previous;

    private ExpectedViolations(boolean allThreads, String previous) {
        this.allThreads = allThreads;
        this.previous = previous;
    }

    public static ExpectedViolations onThisThread(String reason) {
        ExpectedViolations scope = new ExpectedViolations(false, THREAD.get());
        THREAD.set(requireReason(reason));
        return scope;
    }

    public static ExpectedViolations onAllThreads(String reason) {
        return new ExpectedViolations(true, ALL.getAndSet(requireReason(reason)));
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("say why violations are expected (e.g. the mutant's name)");
        }
        return reason;
    }

    /** Why a violation raised now on this thread is expected, or null if it is not. */
    static String reason() {
        String reason = THREAD.get();
        return reason != null ? reason : ALL.get();
    }

    @Override
    public void close() {
        if (allThreads) {
            ALL.set(previous);
        } else if (previous == null) {
            THREAD.remove();
        } else {
            THREAD.set(previous);
        }
    }
}
