package io.decree.perf.load;

import io.decree.perf.load.target.KvTarget;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.BiFunction;

/**
 * {@code decree load}: starts a target (Decree as replica processes over TCP + TLS, Decree in process, Apache
 * Ratis or Aeron Cluster, each with a durable log and the same key-value state machine), loads it in closed or
 * open loop ({@link Harness}), prints a progress line per second, the summary, and writes the JSON result.
 *
 * <p>With {@code --compare} it runs each of {@code --targets} one after another with the same settings: the
 * closed loop at each {@code --sweep} connection count (a target's saturation is its best point), then the open
 * loop at each {@code --rates} rate (ops/s, or a percentage of the slowest target's saturation), printing a row
 * per point and then the side-by-side table with the ratios ({@link CompareTable}); every result goes to the
 * JSON file. A point that fails (a start that fails, connections that time out, nothing answered) skips its
 * target's remaining points.
 *
 * <p>Exit status: 2 on bad arguments. A single run exits 1 if its check failed (a lost acknowledgement, an
 * unreadable key, a stale read). A compare exits 1 if a Decree target failed a point or a check, or if any
 * target lost an acknowledged write; a peer's failed or skipped points are reported on a line and in the
 * table, not in the exit status ({@link SweepPlan#exitStatus}).
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
            int status = options.compare() ? SweepPlan.exitStatus(compare(options, System.out, terminal))
                    : run(options, System.out, terminal).passed() ? 0 : 1;
            System.exit(status);
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
     * Each of {@code --targets}: first its closed loop at every {@code --sweep} point (one start per target, the
     * points in a row), then, once every target's saturation is known and a percentage rate can be resolved
     * against the slowest, its open loop at every {@code --rates} point (one start, restarted before a point when
     * the last one fell behind, {@link SweepPlan#restartAfter}). Targets run one after another, never at once,
     * so that none takes cores from another. A point that throws or answers nothing marks its target broken and
     * its remaining points are skipped; the table and the JSON say so, and {@link SweepPlan#exitStatus} decides
     * whether that fails the compare.
     */
    public static Comparison compare(LoadOptions o, PrintStream out, boolean terminal) throws Exception {
        return compare(o, out, terminal, Targets::create);
    }

    /** {@link #compare(LoadOptions, PrintStream, boolean)} with the targets made by {@code targets} (tests pass fakes). */
    static Comparison compare(LoadOptions o, PrintStream out, boolean terminal, BiFunction<String, LoadOptions, KvTarget> targets) throws Exception {
        Comparison c = new Comparison();
        for (String name : o.compareTargets()) {
            List<Comparison.Point> points = new ArrayList<>();
            List<LoadOptions> settings = new ArrayList<>();
            for (int connections : o.sweep()) {
                points.add(Comparison.Point.closed(name, connections));
                settings.add(o.with("mode", "closed").with("concurrency", Integer.toString(connections)));
            }
            runPoints(name, points, settings, false, targets, c, out, terminal);
        }
        OptionalDouble slowest = c.slowestSaturation(o.compareTargets());
        for (SweepPlan.Rate rate : o.rates()) c.resolved(rate, rate.resolve(slowest));
        if (o.rates().stream().anyMatch(SweepPlan.Rate::percent))
            out.println("open-loop rates: " + String.join(", ", o.rates().stream().map(r -> Comparison.rateLabel(r, c.resolvedRates().get(r))).toList())
                    + (slowest.isPresent() ? String.format(Locale.ROOT, " (slowest saturation %.0f ops/s)", slowest.getAsDouble()) : ""));
        for (String name : o.compareTargets()) {
            List<Comparison.Point> points = new ArrayList<>();
            List<LoadOptions> settings = new ArrayList<>();
            for (SweepPlan.Rate rate : o.rates()) {
                OptionalDouble opsPerSecond = c.resolvedRates().get(rate);
                if (opsPerSecond.isEmpty()) {
                    Comparison.Point p = Comparison.Point.open(name, rate.toString());
                    c.skip(p, "no target has a saturation to take " + rate + " of");
                    out.println(p + ": SKIPPED: no target has a saturation to take " + rate + " of");
                    continue;
                }
                int r = (int) opsPerSecond.getAsDouble();
                points.add(Comparison.Point.open(name, Integer.toString(r)));
                settings.add(o.openLoopAt(r));
            }
            runPoints(name, points, settings, true, targets, c, out, terminal);
        }
        String table = CompareTable.render(o, c);
        out.println();
        out.println(table);
        write(o.out(), CompareTable.json(table, c));
        out.println("results written to " + o.out());
        for (Comparison.Point p : c.failed().keySet()) out.println("FAILED: " + p + ": " + c.failed().get(p));
        for (Comparison.Point p : c.skipped().keySet()) out.println("SKIPPED: " + p + ": " + c.skipped().get(p));
        return c;
    }

    /**
     * One target's points in order on one started target. {@code restartWhenBehind}: restart it before a point
     * if the last one fell behind. A broken target's remaining points are skipped at once (Aeron at 256 sessions
     * timed out connecting; waiting out each remaining point would only repeat that).
     */
    private static void runPoints(String name, List<Comparison.Point> points, List<LoadOptions> settings, boolean restartWhenBehind,
                                  BiFunction<String, LoadOptions, KvTarget> targets,
                                  Comparison c, PrintStream out, boolean terminal) throws Exception {
        if (points.isEmpty()) return;
        Path clusterDir = Files.createTempDirectory("decree-load-");
        KvTarget target = null;
        LoadResult last = null;
        int starts = 0;
        boolean keepFiles = false;
        try {
            for (int i = 0; i < points.size(); i++) {
                Comparison.Point p = points.get(i);
                if (c.broken(name)) {
                    c.skip(p, "an earlier point of " + name + " failed");
                    out.println(p + ": SKIPPED: an earlier point of " + name + " failed");
                    continue;
                }
                try {
                    if (target != null && restartWhenBehind && SweepPlan.restartAfter(last)) {
                        out.println(name + ": restarting before " + p + ": the last point fell behind or had errors");
                        KvTarget old = target;
                        target = null;
                        old.close();
                    }
                    LoadOptions o = settings.get(i).with("dir", clusterDir.resolve("cluster-" + ++starts).toString());
                    if (target == null) target = start(targets.apply(name, o), out);
                    LoadResult r = measure(target, o, out, terminal);
                    c.add(r);
                    last = r;
                    keepFiles |= !r.passed();
                    out.println("point: " + CompareTable.pointRow(r));
                    if (r.ops() == 0) {
                        c.fail(p, "no command answered in the measured interval (" + r.errors() + " errors)");
                        out.println(p + ": FAILED: no command answered in the measured interval; its files stay in " + clusterDir);
                    }
                } catch (Exception e) {
                    // One point that cannot run (a starved machine, sessions timing out) must not cost the others' figures.
                    out.println(p + ": FAILED: " + e + "; its files stay in " + clusterDir);
                    c.fail(p, String.valueOf(e).lines().findFirst().orElse(""));
                }
            }
        } finally {
            if (target != null) {
                try {
                    target.close();
                } catch (Exception e) {
                    out.println(name + ": closing failed: " + e);
                }
            }
        }
        if (!keepFiles && !c.broken(name) || isEmpty(clusterDir)) io.decree.perf.load.target.TempDirs.deleteTree(clusterDir);
    }

    /** True if {@code dir} holds nothing (a target that failed before writing): no files to keep for a post-mortem. */
    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static LoadResult runOne(String name, LoadOptions o, PrintStream out, boolean terminal) throws Exception {
        try (KvTarget target = start(Targets.create(name, o), out)) {
            return measure(target, o, out, terminal);
        }
    }

    /** Creates and starts the target; closes it again if the start fails. */
    private static KvTarget start(KvTarget target, PrintStream out) throws Exception {
        String name = target.name();
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
