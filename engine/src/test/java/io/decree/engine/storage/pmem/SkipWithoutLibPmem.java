package io.decree.engine.storage.pmem;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a test that failed only because libpmem is not installed into a skipped test, and says so on the
 * console once per run: a fresh machine without the Debian package libpmem1 runs every other test (the
 * file log needs no native library) instead of failing with dozens of errors. Registered for every engine
 * test through {@code META-INF/services} and {@code junit-platform.properties}; any other failure passes
 * through unchanged, so a broken pmem log on a machine that has libpmem still fails.
 */
public final class SkipWithoutLibPmem implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final AtomicBoolean SAID = new AtomicBoolean();

    @Override public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw skipIfPmemMissing(context, thrown);
    }

    @Override public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw skipIfPmemMissing(context, thrown);
    }

    @Override public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw skipIfPmemMissing(context, thrown);
    }

    private static Throwable skipIfPmemMissing(ExtensionContext context, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof PmemUnavailableException missing) {
                String reason = "skipped: libpmem is not installed: " + missing.getMessage();
                if (SAID.compareAndSet(false, true))
                    System.out.println("[decree] " + reason + " (every test of the persistent-memory log is skipped; the file log is tested)");
                return new TestAbortedException(context.getDisplayName() + " " + reason, missing);
            }
        }
        return thrown;
    }
}
