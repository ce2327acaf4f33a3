package io.decree.perf.load;

import io.decree.perf.load.target.KvTarget;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code decree load}: starts a target (Decree as replica processes over TCP + TLS, Decree in process, Apache
 * Ratis or Aeron Cluster, each with a durable log and the same key-value state machine), loads it in closed or
 * open loop ({@link Harness}), prints a progress line per second, the summary, and writes the JSON result.
 * With {@code --compare} it runs each of {@code --targets} one after another with the same settings, closed loop
 * then open loop at {@code --rate}, and prints the side-by-side table ({@link CompareTable}). Exits 1 if a check
 * failed (a lost acknowledgement, an unreadable key, a stale read), 2 on bad arguments.
 */
public final class LoadMain {
    private LoadMain() {}

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2);
            return;
        }
        boolean terminal = Progress.stdoutIsTerminal();
        try {
            List<LoadResult> results = options.compare() ? compare(options, System.out, terminal) : List.of(run(options, System.out, terminal));
            System.exit(results.stream().allMatch(LoadResult::passed) ? 0 : 1);
        } catch (Exception | Error e) {
            // A peer's non-daemon threads (gRPC, Aeron agents) would keep the JVM alive after a failed start.
            System.out.flush();
            System.err.println("decree load: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** One target, one mode; writes {@code --out}. */
    public static LoadResult run(LoadOptions o, PrintStream out, boolean terminal) throws Exception {
        LoadResult result = runOne(o.target(), o, out, terminal);
        write(o.out(), result.toJson() + "\n");
        out.println("result written to " + o.out());
        return result;
    }

    /** Each of {@code --targets}: closed loop, then open loop at {@code --rate}; the table, and all results in {@code --out}. */
    public static List<LoadResult> compare(LoadOptions o, PrintStream out, boolean terminal) throws Exception {
        List<LoadResult> results = new ArrayList<>();
        java.util.Map<String, String> failures = new java.util.LinkedHashMap<>();
        for (String target : o.compareTargets())
            for (LoadOptions.Mode mode : LoadOptions.Mode.values()) {
                Path clusterDir = Files.createTempDirectory("decree-load-");
                try {
                    results.add(runOne(target, o.with("mode", mode.name()).with("dir", clusterDir.resolve("cluster").toString()), out, terminal));
                    io.decree.perf.load.target.TempDirs.deleteTree(clusterDir);
                } catch (Exception e) {
                    // One target that cannot start (a starved machine) must not cost the others' figures: the table says why.
                    out.println(target + " (" + mode.name().toLowerCase(java.util.Locale.ROOT) + "): FAILED: " + e + "; its files stay in " + clusterDir);
                    failures.put(target + " " + mode.name().toLowerCase(java.util.Locale.ROOT), String.valueOf(e).lines().findFirst().orElse(""));
                }
            }
        String table = CompareTable.render(o, results, failures);
        out.println();
        out.println(table);
        StringBuilder json = new StringBuilder("{\n\"table\": \"").append(LoadResult.escape(table)).append("\",\n\"runs\": [\n");
        for (int i = 0; i < results.size(); i++) json.append(results.get(i).toJson()).append(i + 1 < results.size() ? ",\n" : "\n");
        write(o.out(), json.append("]}\n").toString());
        out.println("results written to " + o.out());
        if (!failures.isEmpty()) throw new IllegalStateException(failures.size() + " of the compared runs failed: " + failures.keySet());
        return results;
    }

    private static LoadResult runOne(String name, LoadOptions o, PrintStream out, boolean terminal) throws Exception {
        LoadResult result;
        try (KvTarget target = Targets.create(name, o)) {
            out.println(name + ": starting");
            target.start();
            out.println(name + ": " + target.describe());
            result = Harness.run(target, o, out, terminal);
        }
        out.println(result.summary());
        if (!result.passed()) {
            out.println(name + ": CHECK FAILED");
            result.lostAcks().stream().limit(10).forEach(line -> out.println("  lost: " + line));
            result.unreadableKeys().stream().limit(10).forEach(line -> out.println("  unreadable: " + line));
        }
        return result;
    }

    private static void write(Path file, String text) throws java.io.IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
