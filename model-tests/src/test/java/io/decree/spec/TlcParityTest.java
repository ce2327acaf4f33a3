package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLC and the mirror on every specs-tla MC config, when {@code TLA2TOOLS_JAR} names a tla2tools.jar: same
 * verdict, and for a finished run the same distinct-state count and depth, for a violation the same property
 * and the same (shortest) trace length. TLC runs with one worker, so its search is breadth-first in one order
 * and its counterexamples are shortest, as the mirror's. Skipped, and reported so, without the variable.
 * Long-tier configs ({@code \* tier: long}), and those only TLC finds too slow for CI ({@code \* tlc: long}),
 * only with {@code -Dtier=long}. Each run prints a {@code PARITY} line with both tools' distinct states per
 * second (specs-tla/README.md, "TLC and the mirror: timings").
 */
class TlcParityTest {
    // TLC's final summary line (no thousands separators), not a "Progress(...)" line, whose counts have commas
    // ("2,114 distinct states found": an unanchored "(\\d+) distinct" would read 114 there).
    private static final Pattern COUNTS = Pattern.compile("(?m)^\\d+ states generated, (\\d+) distinct states found, 0 states left on queue");
    private static final Pattern DEPTH = Pattern.compile("depth of the complete state graph search is (\\d+)");
    private static final Pattern INVARIANT = Pattern.compile("Error: Invariant (\\w+) is violated");
    private static final Pattern FOUND = Pattern.compile("([\\d,]+) distinct states found");
    private static final Pattern PROGRESS = Pattern.compile("(?m)^Progress\\(\\d+\\).*$");
    private static final Pattern STATE = Pattern.compile("(?m)^State (\\d+): ");

    /** Every MC config, or those named in {@code -Dparity.models=A,B} (to re-check a few by hand). */
    static Stream<String> models() {
        String only = System.getProperty("parity.models", "");
        java.util.Set<String> wanted = java.util.Set.of(only.split(","));
        return McConfig.names(McConfig.specsDir()).stream().filter(n -> only.isBlank() || wanted.contains(n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void tlcAndTheMirrorAgree(String name) throws Exception {
        String jar = System.getenv("TLA2TOOLS_JAR");
        if (jar == null || jar.isBlank()) {
            System.out.println("TLC skipped: TLA2TOOLS_JAR not set");
        }
        assumeTrue(jar != null && !jar.isBlank(), "TLC skipped: TLA2TOOLS_JAR not set");
        McConfig mc = McConfig.load(name);
        assumeTrue(!mc.tlcLongTier() || "long".equals(System.getProperty("tier")), name + ": long-tier model for TLC, run with -Dtier=long");

        long t0 = System.nanoTime();
        String out = runTlc(jar, McConfig.specsDir(), name);
        long tlcMillis = (System.nanoTime() - t0) / 1_000_000;
        ModelChecker.Result mirror = mc.check(Long.MAX_VALUE);
        Matcher found = FOUND.matcher(out);
        long tlcDistinct = found.find() ? Long.parseLong(found.group(1).replace(",", "")) : -1;
        while (found.find()) {
            tlcDistinct = Long.parseLong(found.group(1).replace(",", ""));
        }
        System.out.printf("PARITY %s: TLC %d distinct in %d ms (%.0f/s); mirror %d distinct in %d ms (%.0f/s, %d worker(s)); %s%n",
                name, tlcDistinct, tlcMillis, perSecond(tlcDistinct, tlcMillis), mirror.distinctStates(), mirror.millis(),
                perSecond(mirror.distinctStates(), mirror.millis()), ModelChecker.defaultWorkers(), mirror);

        if (mirror.ok()) {
            assertTrue(out.contains("Model checking completed. No error has been found."), name + ":\n" + out);
            Matcher c = COUNTS.matcher(out);
            Matcher d = DEPTH.matcher(out);
            assertTrue(c.find() && d.find(), name + ": no counts in TLC output\n" + out);
            assertEquals(Long.parseLong(c.group(1)), mirror.distinctStates(), name + " distinct states");
            assertEquals(Integer.parseInt(d.group(1)), mirror.depth(), name + " depth");
        } else {
            assertEquals(mirror.violation().property(), tlcProperty(out), name + ": property TLC reports\n" + out);
            assertEquals(mirror.violation().length(), tlcTraceLength(out), name + ": trace length\n" + out);
        }
    }

    private static double perSecond(long states, long millis) {
        return states * 1000.0 / Math.max(1, millis);
    }

    /** The property TLC reports broken: an invariant's name, or "Refinement" for Consensus's action property. */
    static String tlcProperty(String out) {
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
        return "none (" + (out.contains("No error has been found") ? "no error" : "TLC failed") + ")";
    }

    static int tlcTraceLength(String out) {
        Matcher m = STATE.matcher(out);
        int last = 0;
        while (m.find()) {
            last = Math.max(last, Integer.parseInt(m.group(1)));
        }
        return last;
    }

    /** TLC's metadir (its fingerprint files, the output copy): gone once read. */
    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    static String runTlc(String jar, Path specs, String model) throws IOException, InterruptedException {
        Path meta = Files.createTempDirectory("tlc-" + model);
        Path log = meta.resolve("tlc.out");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-XX:+UseParallelGC", "-cp", jar, "tlc2.TLC",
                "-workers", "1", "-noGenerateSpecTE", "-metadir", meta.toString(), "-config", model + ".cfg", model + ".tla")
                .directory(specs.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long minutes = Long.getLong("tlc.minutes", 60);
        boolean done = p.waitFor(minutes, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
            p.waitFor();
        }
        String out = Files.readString(log);
        deleteTree(meta);
        // Not a difference between the tools: there is nothing to compare. Reported as aborted, with how far TLC
        // got, so a long-tier run says which models TLC cannot finish within the cap (-Dtlc.minutes, default 60).
        Matcher last = PROGRESS.matcher(out);
        String progress = "no progress line";
        while (last.find()) {
            progress = last.group();
        }
        assumeTrue(done, model + ": TLC did not finish within " + minutes + " minutes (" + progress + ")");
        return out;
    }
}
