package io.decree.server.verify;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line of a stage: one when it starts, one every few seconds while it runs (so a long stage
 * is visibly alive in a CI log), one when it ends. Plain lines, no escape codes: logs stay readable.
 */
final class Progress {
    private static final long EVERY_NANOS = 10_000_000_000L;
    private final PrintStream out;
    private final String stage;
    private final long start = System.nanoTime();
    private long last = start;

    Progress(PrintStream out, int index, int total, String stage, String what) {
        this.out = out;
        this.stage = "verify [" + index + "/" + total + "] " + stage;
        out.println(this.stage + ": " + what);
        out.flush();
    }

    /** Prints {@code status} if the last line is a few seconds old. */
    void tick(String status) {
        long now = System.nanoTime();
        if (now - last < EVERY_NANOS) return;
        last = now;
        out.printf(Locale.ROOT, "%s: %s (%.0f s)%n", stage, status, (now - start) / 1e9);
        out.flush();
    }

    long done(VerifyReport.Status status, String summary) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.printf(Locale.ROOT, "%s: %s, %s (%.1f s)%n", stage, status, summary, millis / 1000.0);
        out.flush();
        return millis;
    }
}
