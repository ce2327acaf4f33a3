package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** What a completed future says, for tests that expect a refusal. */
final class Outcomes {
    private Outcomes() {}

    /** The exception {@code f} failed with; an assertion error if it has not failed. */
    static Throwable failure(CompletableFuture<?> f) {
        assertTrue(f.isCompletedExceptionally(), "expected a failure");
        try {
            f.get();
            throw new AssertionError("unreachable");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
