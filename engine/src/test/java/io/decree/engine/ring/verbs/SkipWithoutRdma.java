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
        throw announced(skipIfRdmaMissing(context, thrown));
    }

    @Override public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw announced(skipIfRdmaMissing(context, thrown));
    }

    @Override public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw announced(skipIfRdmaMissing(context, thrown));
    }

    /** The first skip of the run is said on the console too, so a CI log shows why the RDMA tests did not run. */
    private static Throwable announced(Throwable result) {
        if (result instanceof TestAbortedException skip && skip.getCause() instanceof RdmaUnavailableException missing
                && SAID.compareAndSet(false, true))
            System.out.println("[decree] skipped: " + missing.getMessage() + " (every test that needs an RDMA device is skipped)");
        return result;
    }

    /** A skip naming what was missing if {@code thrown} has an {@link RdmaUnavailableException} among its causes; else {@code thrown}. */
    static Throwable skipIfRdmaMissing(ExtensionContext context, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof RdmaUnavailableException missing)
                return new TestAbortedException(context.getDisplayName() + " skipped: " + missing.getMessage(), missing);
        }
        return thrown;
    }
}
