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
 * then open loop at {@code --rate} on the same started target, and prints the side-by-side table ({@link CompareTable}). Exits 1 if a check
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

    /**
     * Each of {@code --targets}, started once: closed loop, then open loop at {@code --rate} on the same started
     * target (each run with keys of its own); the table, and all results in {@code --out}.
     */
    public static List<LoadResult> compare(LoadOptions o, PrintStream out, boolean terminal) throws Exception {
        List<LoadResult> results = new ArrayList<>();
        java.util.Map<String, String> failures = new java.util.LinkedHashMap<>();
        for (String name : o.compareTargets()) {
            Path clusterDir = Files.createTempDirectory("decree-load-");
            int failed = failures.size();
            LoadOptions forTarget = o.with("dir", clusterDir.resolve("cluster").toString());
            try (KvTarget target = start(name, forTarget, out)) {
                for (LoadOptions.Mode mode : LoadOptions.Mode.values()) {
                    String run = name + " " + mode.name().toLowerCase(java.util.Locale.ROOT);
                    try {
                        results.add(measure(target, forTarget.with("mode", mode.name()), out, terminal));
                    } catch (Exception e) {
                        out.println(run + ": FAILED: " + e + "; its files stay in " + clusterDir);
                        failures.put(run, String.valueOf(e).lines().findFirst().orElse(""));
                    }
                }
            } catch (Exception e) {
                // One target that cannot start (a starved machine) must not cost the others' figures: the table says why.
                out.println(name + ": FAILED: " + e + "; its files stay in " + clusterDir);
                for (LoadOptions.Mode mode : LoadOptions.Mode.values())
                    failures.putIfAbsent(name + " " + mode.name().toLowerCase(java.util.Locale.ROOT), String.valueOf(e).lines().findFirst().orElse(""));
            }
            if (failures.size() == failed) io.decree.perf.load.target.TempDirs.deleteTree(clusterDir);
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
        try (KvTarget target = start(name, o, out)) {
            return measure(target, o, out, terminal);
        }
    }

    /** Creates and starts the target; closes it again if the start fails. */
    private static KvTarget start(String name, LoadOptions o, PrintStream out) throws Exception {
        KvTarget target = Targets.create(name, o);
        try {
            out.println(name + ": starting");
            target.start();
            out.println(name + ": " + target.describe());
            return target;
        } catch (Exception | Error e) {
            try {
                target.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static LoadResult measure(KvTarget target, LoadOptions o, PrintStream out, boolean terminal) throws Exception {
        LoadResult result = Harness.run(target, o, out, terminal);
        out.println(result.summary());
        if (!result.passed()) {
            out.println(target.name() + ": CHECK FAILED");
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
