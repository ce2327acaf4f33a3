package io.decree.server.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code decree trace-check DIR_OR_FILE...}: merges replicas' NDJSON spec traces (a cluster's {@code trace/}
 * directory after {@code cluster up --trace}) and validates them against the spec
 * ({@code io.decree.sim.trace.TraceCheckMain}, whose arguments and output pass through unchanged).
 */
@Command(name = "trace-check", description = "Merge replicas' spec traces (NDJSON) and validate every step against the spec.")
public final class TraceCheckCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "DIR_OR_FILE", description = "trace files, or directories of them (trace-check --help)")
    List<String> arguments = new ArrayList<>();

    @Override public Integer call() {
        return io.decree.sim.trace.TraceCheckMain.run(arguments.toArray(String[]::new), System.out,
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }
}
