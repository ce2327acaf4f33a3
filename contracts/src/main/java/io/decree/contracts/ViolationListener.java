package io.decree.contracts;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Registered with the JUnit Platform through {@code META-INF/services}, so any test JVM with this jar on
 * its class path reports contract violations without further set-up.
 *
 * <p>At the first test plan of the JVM it writes empty reports, replacing any left by an earlier build (a
 * stale report must neither fail nor pass the gate). After each plan it rewrites the reports with all
 * violations so far and prints a loud summary: the test that swallowed a violation may still have passed,
 * but {@link Gate} will fail the build.
 */
public final class ViolationListener implements TestExecutionListener {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (STARTED.compareAndSet(false, true)) {
            ViolationRecorder.global().writeReports();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        ViolationRecorder recorder = ViolationRecorder.global();
        recorder.writeReports();
        long total = recorder.total();
        if (total > 0 && !Boolean.getBoolean("decree.contracts.quiet")) {
            StringBuilder banner = new StringBuilder()
                    .append("\n*** decree-contracts: ").append(total).append(" JML contract violation(s) in this test JVM ***\n");
            for (ViolationRecorder.Entry entry : recorder.entries()) {
                banner.append("  x").append(entry.count()).append("  ").append(entry.first().getMessage()).append('\n');
            }
            banner.append("  reports: ").append(recorder.reportDir().toAbsolutePath()).append('\n');
            System.err.print(banner);
        }
    }
}
