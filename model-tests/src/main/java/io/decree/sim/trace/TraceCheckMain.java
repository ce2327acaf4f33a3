package io.decree.sim.trace;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code decree trace-check DIR_OR_FILES...}: validates the NDJSON spec traces of a real run and prints the
 * events per action and the first illegal step. Exit status 0: every step legal; 1: a step the spec does
 * not allow; 2: usage, unreadable or malformed traces.
 */
public final class TraceCheckMain {
    static final String USAGE = """
            usage: decree trace-check DIR_OR_FILE...
              Merges the per-replica NDJSON spec traces (a directory stands for its *.ndjson files) in Lamport
              order and replays them through the spec mirror. Exit 0: valid; 1: a step is not a legal spec
              step (printed with file, line and clock); 2: bad usage or a malformed trace.
            """;

    private TraceCheckMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<Path> paths = new ArrayList<>();
        for (String a : args) paths.add(Path.of(a));
        TraceCheckResult result;
        try {
            result = TraceCheck.run(paths);
        } catch (TraceFormatException | IllegalArgumentException | UncheckedIOException e) {
            err.println("trace-check: " + e.getMessage());
            return 2;
        }
        out.print(result.report());
        return result.ok() ? 0 : 1;
    }
}
