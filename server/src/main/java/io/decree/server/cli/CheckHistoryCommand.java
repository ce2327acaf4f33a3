package io.decree.server.cli;

import io.decree.lin.CheckResult;
import io.decree.lin.LinearizabilityChecker;
import io.decree.lin.Operation;
import io.decree.lin.jepsen.HistoryImport;
import io.decree.lin.jepsen.JepsenModel;
import io.decree.lin.jepsen.JepsenModels;
import io.decree.lin.jepsen.JepsenOp;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code decree check-history FILE --model M}: checks a Jepsen/Knossos history (EDN) or the same events as JSON for
 * linearizability ({@link HistoryImport} for the import rules, {@link JepsenModels} for the models). Exit status 0:
 * linearizable; 1: not linearizable; 3: undecided within the budget; 2: the file or arguments are wrong.
 *
 * <p>Several files are checked one after the other in the same JVM (batch mode): the JVM's start and JIT warm-up are
 * paid once, which is what makes checking many small histories cheap. The exit status is then the worst verdict:
 * 1 if any file is not linearizable, else 3 if any is undecided, else 0. Each verdict line gives the import and check's
 * wall time, and in batch mode the process's CPU time over it ({@link ProcessCpuClock}); the report is rendered after
 * that, and only what is printed ({@code --html} for the timeline).
 */
@Command(name = "check-history", mixinStandardHelpOptions = true,
        description = "Check a Jepsen/Knossos history (EDN, or JSON events) for linearizability against a model.")
public final class CheckHistoryCommand implements Callable<Integer> {

    static final int NOT_LINEARIZABLE = 1;
    static final int UNDECIDED = 3;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "the history: EDN (Jepsen's history.edn) or JSON; several files are checked in turn")
    List<Path> files;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "register, cas-register, kv, append-kv, set, queue, mutex or multi-register")
    String model;

    @Option(names = "--format", paramLabel = "edn|json", description = "default: by the file name (.json, .jsonl: JSON)")
    String format;

    @Option(names = "--linearization", description = "print a linearization (or, for a violation, the longest partial one)")
    boolean showLinearization;

    @Option(names = "--html", paramLabel = "FILE", description = "write the violation's timeline as an HTML page")
    Path html;

    // Defaults are the fields' initial values (picocli shows them as ${DEFAULT-VALUE}), so that PlainArguments,
    // which sets these fields without picocli, starts from the same ones.
    @Option(names = "--max-steps", paramLabel = "N",
            description = "search steps per key before the answer is 'unknown' (default ${DEFAULT-VALUE})")
    long maxSteps = 20_000_000;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "wall-clock limit for the whole check")
    Double timeoutSeconds;

    @Option(names = "--threads", paramLabel = "N", description = "keys searched at once (default: the processors)")
    Integer threads;

    @Option(names = "--shrink", paramLabel = "explain|remove|off",
            description = "how to shrink a violation (default ${DEFAULT-VALUE})")
    String shrink = "explain";

    @Option(names = "--shrink-timeout", paramLabel = "SECONDS",
            description = "wall-clock limit for shrinking a violation; then it is reported as shrunk so far "
                    + "(default ${DEFAULT-VALUE})")
    double shrinkTimeoutSeconds = 30;

    /** Where verdicts go when the command runs without picocli ({@link PlainArguments}); else picocli's out. */
    PrintWriter plainOut;

    @Override
    public Integer call() {
        JepsenModel<?> m = JepsenModels.byName(model);
        LinearizabilityChecker.Options options = options();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new Main.UserError("no history file " + file);
            }
        }
        if (html != null && files.size() > 1) {
            throw new Main.UserError("--html takes one history file, " + files.size() + " were given");
        }
        int worst = 0;
        for (Path file : files) {
            int status = checkOne(file, m, options);
            worst = status == NOT_LINEARIZABLE || worst == NOT_LINEARIZABLE ? NOT_LINEARIZABLE : Math.max(worst, status);
        }
        return worst;
    }

    private int checkOne(Path file, JepsenModel<?> m, LinearizabilityChecker.Options options) {
        PrintWriter out = plainOut != null ? plainOut : spec.commandLine().getOut();
        HistoryImport.Format fmt = format == null ? HistoryImport.Format.of(file) : switch (format.toLowerCase(Locale.ROOT)) {
            case "edn" -> HistoryImport.Format.EDN;
            case "json" -> HistoryImport.Format.JSON;
            default -> throw new Main.UserError("--format must be edn or json, was '" + format + "'");
        };
        long start = System.nanoTime();
        // The CPU figure in batch mode only: the clock's first reading links an FFM downcall, about 0.1 s of CPU,
        // as much as the rest of a small file's process; one file's process CPU is what time(1) shows.
        boolean batch = files.size() > 1;
        long cpuStart = batch ? ProcessCpuClock.nanos() : -1;
        HistoryImport.Imported imported;
        try {
            imported = HistoryImport.read(file, fmt, m);
        } catch (UncheckedIOException e) {
            throw new Main.UserError(e.getMessage(), e);
        }
        out.println(file + ": " + imported.summary());
        CheckResult<JepsenOp, Object> result = check(imported, m, options);
        long cpuEnd = batch ? ProcessCpuClock.nanos() : -1;
        // Import and check, not the report: it is rendered below, only as far as it is printed.
        String ms = (System.nanoTime() - start) / 1_000_000 + " ms"
                + (cpuStart < 0 || cpuEnd < 0 ? "" : String.format(Locale.ROOT, " (CPU %.1f ms)", (cpuEnd - cpuStart) / 1e6));
        return switch (result) {
            case CheckResult.Linearizable<JepsenOp, Object> ok -> {
                out.println("model " + m.name() + ": " + ok.summary() + " in " + ms);
                if (showLinearization) {
                    for (Map.Entry<Object, List<Operation<JepsenOp, Object>>> e : ok.linearization().entrySet()) {
                        printOrder(out, e.getKey() == null ? "linearization" : "linearization of key " + e.getKey(),
                                e.getValue());
                    }
                }
                yield 0;
            }
            case CheckResult.Violation<JepsenOp, Object> v -> {
                out.println("model " + m.name() + ": " + v.summary() + " in " + ms);
                out.print(v.text()); // includes how far shrinking got
                if (showLinearization) {
                    printOrder(out, "longest partial linearization (" + v.longestPartial().size() + " of "
                            + v.partitionSize() + " operations; none of the rest can come next)", v.longestPartial());
                }
                if (html != null) {
                    out.println("timeline: " + v.writeHtml(html));
                }
                yield NOT_LINEARIZABLE;
            }
            case CheckResult.Unknown<JepsenOp, Object> u -> {
                out.println("model " + m.name() + ": " + u.summary() + " after " + ms
                        + " (raise --max-steps or --timeout)");
                yield UNDECIDED;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <S> CheckResult<JepsenOp, Object> check(HistoryImport.Imported imported, JepsenModel<S> model,
            LinearizabilityChecker.Options options) {
        return LinearizabilityChecker.check(imported.history(), model, options);
    }

    private LinearizabilityChecker.Options options() {
        LinearizabilityChecker.Shrink mode = switch (shrink.toLowerCase(Locale.ROOT)) {
            case "explain" -> LinearizabilityChecker.Shrink.EXPLAIN;
            case "remove" -> LinearizabilityChecker.Shrink.REMOVE;
            case "off" -> LinearizabilityChecker.Shrink.OFF;
            default -> throw new Main.UserError("--shrink must be explain, remove or off, was '" + shrink + "'");
        };
        if (maxSteps < 1) {
            throw new Main.UserError("--max-steps must be positive, was " + maxSteps);
        }
        LinearizabilityChecker.Options o = LinearizabilityChecker.Options.defaults().withShrink(mode)
                .withMaxStepsPerPartition(maxSteps);
        if (!(shrinkTimeoutSeconds > 0)) {
            throw new Main.UserError("--shrink-timeout must be positive, was " + shrinkTimeoutSeconds);
        }
        o = o.withShrinkTimeout(Duration.ofNanos((long) (shrinkTimeoutSeconds * 1e9)));
        if (timeoutSeconds != null) {
            if (!(timeoutSeconds > 0)) {
                throw new Main.UserError("--timeout must be positive, was " + timeoutSeconds);
            }
            o = o.withTimeout(Duration.ofNanos((long) (timeoutSeconds * 1e9)));
        }
        if (threads != null) {
            if (threads < 1) {
                throw new Main.UserError("--threads must be >= 1, was " + threads);
            }
            o = o.withParallelism(threads);
        }
        return o;
    }

    private static void printOrder(PrintWriter out, String title, List<Operation<JepsenOp, Object>> order) {
        out.println(title + ":");
        for (Operation<JepsenOp, Object> op : order) {
            out.println("  #" + op.id() + " client " + op.clientId() + "  " + op.input()
                    + (op.isUnknown() ? "  (outcome unknown: took effect)" : " -> " + show(op.output())));
        }
    }

    private static String show(Object value) {
        return io.decree.lin.jepsen.Values.show(value);
    }

}
