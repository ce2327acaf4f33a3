package io.decree.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One TLC run (tla2tools.jar named by {@code TLA2TOOLS_JAR}) on a specs-tla config, read back: finished or cut at
 * the cap, the distinct states and depth (final, or the last {@code Progress} line's when cut), the property
 * broken and the trace length, TLC's own errors, and the wall-clock and CPU time ({@link ChildJvm}). One worker,
 * so the search is breadth-first in one order and counterexamples are shortest, as the mirror's;
 * {@code -noGenerateSpecTE}, so it writes no trace files next to the specs; its metadir is a temporary directory,
 * deleted afterwards. Used by TlcParityTest, IndInvTlcTest, RingFenceMirrorTest and the TLC trace-validation tests (io.decree.sim).
 *
 * @param model       the config's name
 * @param run         the process: output, wall and CPU time
 * @param distinct    distinct states found (at the cap: as of TLC's last progress report; -1 if none)
 * @param depth       depth of the search (at the cap: the level of TLC's last progress report; -1 if none)
 * @param violated    the broken property ({@link #property(String)}), or null
 * @param traceLength states in the counterexample (0 without one)
 */
public record TlcRun(String model, ChildJvm run, long distinct, int depth, String violated, int traceLength) {
    /** The cap on one TLC run in CPU seconds, {@code -Dparity.tlcCapCpuSeconds} (default an hour of CPU). */
    public static final String CAP_PROPERTY = "parity.tlcCapCpuSeconds";

    /**
     * The CPU cap for configs marked {@code \* tlc: beyond-hour} (TLC does not finish them within an hour of CPU):
     * {@code -Dparity.tlcBeyondHourCpuSeconds}, default 600, enough to compare TLC's rate with the mirror's.
     */
    public static final String BEYOND_HOUR_CAP_PROPERTY = "parity.tlcBeyondHourCpuSeconds";

    // TLC's final summary line (no thousands separators), not a "Progress(...)" line, whose counts have commas
    // ("2,114 distinct states found": an unanchored "(\\d+) distinct" would read 114 there).
    private static final Pattern COUNTS = Pattern.compile("(?m)^\\d+ states generated, (\\d+) distinct states found, \\d+ states left on queue");
    private static final Pattern DEPTH = Pattern.compile("depth of the complete state graph search is (\\d+)");
    private static final Pattern PROGRESS = Pattern.compile("(?m)^Progress\\((\\d+)\\).*? ([\\d,]+) distinct states found");
    private static final Pattern INVARIANT = Pattern.compile("Error: Invariant (\\w+) is violated");
    private static final Pattern STATE = Pattern.compile("(?m)^State (\\d+): ");

    /** The jar, or null when {@code TLA2TOOLS_JAR} is unset (callers skip, and say so). */
    public static String jar() {
        String jar = System.getenv("TLA2TOOLS_JAR");
        if (jar == null || jar.isBlank()) {
            System.out.println("TLC skipped: TLA2TOOLS_JAR not set");
            return null;
        }
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("TLA2TOOLS_JAR names no file: " + jar);
        }
        return jar;
    }

    /** {@code -Dparity.tlcCapCpuSeconds}, default 3600; a bad value is an error naming it. */
    public static long capSeconds() {
        return positiveSeconds(CAP_PROPERTY, "3600");
    }

    /** {@code -Dparity.tlcBeyondHourCpuSeconds}, default 600; a bad value is an error naming it. */
    public static long beyondHourCapSeconds() {
        return positiveSeconds(BEYOND_HOUR_CAP_PROPERTY, "600");
    }

    private static long positiveSeconds(String property, String byDefault) {
        String s = System.getProperty(property, byDefault);
        try {
            long cap = Long.parseLong(s.trim());
            if (cap > 0) {
                return cap;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + property + " must be a positive number of seconds, got '" + s + "'");
    }

    /**
     * TLC on {@code <config>.cfg} of module {@code <config>.tla} in {@code dir}, cut once it has used
     * {@code capSeconds} of CPU (a loaded machine slows it in wall time, not in CPU time), or at the wall safety
     * cap ({@link #wallSafetyCap}).
     */
    public static TlcRun run(String jar, Path dir, String config, long capSeconds) throws IOException, InterruptedException {
        return run(jar, dir, config, config, capSeconds);
    }

    /** TLC on {@code <config>.cfg} of module {@code <module>.tla} in {@code dir}, capped as {@link #run(String, Path, String, long)}. */
    public static TlcRun run(String jar, Path dir, String config, String module, long capSeconds) throws IOException, InterruptedException {
        Path meta = Files.createTempDirectory("tlc-" + config);
        try {
            ChildJvm run = ChildJvm.run(dir, wallSafetyCap(capSeconds), capSeconds, List.of("-cp", jar, "tlc2.TLC", "-workers", "1", "-noGenerateSpecTE",
                    "-metadir", meta.toString(), "-config", config + ".cfg", module + ".tla"));
            return parse(config, run);
        } finally {
            deleteTree(meta);
        }
    }

    /**
     * The wall cap that backs the CPU cap: four times it plus ten minutes, generous enough that a machine shared by
     * four busy processes still cuts TLC by CPU, yet a hung TLC (no CPU used) does not hang the test forever.
     */
    static long wallSafetyCap(long cpuCapSeconds) {
        return cpuCapSeconds * 4 + 600;
    }

    static TlcRun parse(String model, ChildJvm run) {
        String out = run.output();
        long distinct = -1;
        int depth = -1;
        Matcher progress = PROGRESS.matcher(out);
        while (progress.find()) {
            depth = Integer.parseInt(progress.group(1));
            distinct = Long.parseLong(progress.group(2).replace(",", ""));
        }
        Matcher c = COUNTS.matcher(out);
        while (c.find()) {
            distinct = Long.parseLong(c.group(1));
        }
        Matcher d = DEPTH.matcher(out);
        if (d.find()) {
            depth = Integer.parseInt(d.group(1));
        }
        String violated = property(out);
        Matcher st = STATE.matcher(out);
        int last = 0;
        while (st.find()) {
            last = Math.max(last, Integer.parseInt(st.group(1)));
        }
        return new TlcRun(model, run, distinct, depth, violated, violated == null ? 0 : last);
    }

    /** Whether TLC ended by itself within the cap. */
    public boolean finished() {
        return run.finished();
    }

    /** Finished with "No error has been found". */
    public boolean noError() {
        return run.finished() && run.output().contains("Model checking completed. No error has been found.");
    }

    /** Finished, but neither with no error nor with a property broken: TLC itself failed (parse error, etc.). */
    public boolean tlcFailed() {
        return run.finished() && !noError() && violated == null;
    }

    /** The property TLC reports broken: an invariant's name, "Refinement" for Consensus's action property. */
    static String property(String out) {
        Matcher inv = INVARIANT.matcher(out);
        if (inv.find()) {
            return inv.group(1);
        }
        if (out.contains("Error: Action property") && out.contains("of module Consensus is violated")) {
            return "Refinement";
        }
        if (out.contains("Error: Temporal properties were violated")) {
            return "EveryoneLearnsEverything";
        }
        return null;
    }

    /** One line: finished or cut, the counts, the times. */
    @Override
    public String toString() {
        String verdict = !finished() ? "cut at the cap" : noError() ? "no error" : violated != null
                ? "violation of " + violated + " (trace of " + traceLength + " states)" : "TLC failed (exit " + run.exitCode() + ")";
        return model + ": TLC " + verdict + ", " + distinct + " distinct states, depth " + depth + ", " + run.wallMillis()
                + " ms wall, " + run.cpuMillis() + " ms CPU";
    }

    /** Deletes {@code dir} and everything under it (TLC's metadir, a test's scratch copy of the specs). */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
