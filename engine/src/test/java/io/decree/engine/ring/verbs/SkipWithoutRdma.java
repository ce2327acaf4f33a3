package io.decree.engine.ring.verbs;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a test that failed only because RDMA is not available (no libibverbs, no device, no active port:
 * {@link RdmaUnavailableException}) into a skipped test, printing the reason once per run on the console and
 * in each skipped test's report. Registered for every engine test through {@code META-INF/services} and
 * {@code junit-platform.properties}, like {@code SkipWithoutLibPmem}. Any other failure passes through, so a
 * broken verbs fabric on a machine that has a device still fails.
 */
public final class SkipWithoutRdma implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final AtomicBoolean SAID = new AtomicBoolean();

    @Override public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw skipIfRdmaMissing(context, thrown);
    }

    @Override public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw skipIfRdmaMissing(context, thrown);
    }

    @Override public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw skipIfRdmaMissing(context, thrown);
    }

    static Throwable skipIfRdmaMissing(ExtensionContext context, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof RdmaUnavailableException missing) {
                String reason = "skipped: " + missing.getMessage();
                if (SAID.compareAndSet(false, true))
                    System.out.println("[decree] " + reason + " (every test that needs an RDMA device is skipped)");
                return new TestAbortedException(context.getDisplayName() + " " + reason, missing);
            }
        }
        return thrown;
    }
}
