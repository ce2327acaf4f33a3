package io.decree.spec;

/**
 * Where an action reports the enabling condition that was false. The model checker passes {@link #SILENT}
 * (no allocation: a disabled action just yields null); replay passes a {@link Recorder} that keeps the
 * condition, quoted as the TLA+ conjunct, for the failure report.
 */
interface Why {
    Why SILENT = condition -> null;

    /** Records that {@code condition} (TLA+ text) was false; always returns null, the "disabled" result. */
    SpecState fail(String condition);

    final class Recorder implements Why {
        String condition;

        @Override
        public SpecState fail(String c) {
            condition = c;
            return null;
        }
    }
}
