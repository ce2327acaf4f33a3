package io.decree.perf.load;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The live progress line, once per second. On a terminal it rewrites one line in place (carriage return and
 * erase-to-end); into a file or a pipe it prints plain lines with no escape codes, one per second.
 */
final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private boolean pending;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** True when standard output is an interactive terminal (and NO_COLOR / TERM=dumb do not ask for plain text). */
    static boolean stdoutIsTerminal() {
        var console = System.console();
        return console != null && console.isTerminal() && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    }

    void tick(String target, int second, boolean warmup, long ops, double p50Millis, double p99Millis, long errors) {
        String line = String.format(Locale.ROOT, "[%s %3d s]%s %8d ops/s  p50 %7.2f ms  p99 %7.2f ms  errors %d",
                target, second, warmup ? " warm-up" : "        ", ops, p50Millis, p99Millis, errors);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
            pending = true;
        } else out.println(line);
    }

    /** Ends the rewritten line before other output. */
    void done() {
        if (pending) out.println();
        pending = false;
    }
}
