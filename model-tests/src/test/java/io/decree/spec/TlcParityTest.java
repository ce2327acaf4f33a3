package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLC and the mirror on every specs-tla MC config, when {@code TLA2TOOLS_JAR} names a tla2tools.jar: same
 * verdict, and for a finished run the same distinct-state count and depth, for a violation the same property
 * and the same (shortest) trace length. Skipped, and reported so, without the variable. Long-tier configs
 * ({@code \* tier: long}), and those only TLC finds too slow for CI ({@code \* tlc: long}), only with
 * {@code -Dtier=long}.
 *
 * <p>TLC runs under a CPU cap, {@code -Dparity.tlcCapCpuSeconds} (default 3600; a wall safety cap backs it,
 * TlcRun). Every config must finish within it and match exactly: a cut run fails the test. The exceptions are
 * the configs marked {@code \* tlc: beyond-hour}, which TLC does not finish within an hour of CPU
 * (specs-tla/README.md, "TLC parity"): TLC runs on them under {@code -Dparity.tlcBeyondHourCpuSeconds} (default
 * 600) and, with nothing final to compare, its last reported distinct states and depth must not exceed the
 * mirror's (the mirror must have found at least what TLC found so far); the PARITY line gives both rates.
 *
 * <p>Each model prints a {@code PARITY} line: both tools' verdict, distinct states and depth, wall-clock and CPU
 * seconds, distinct states per wall second and per CPU second, and the mirror/TLC ratios. Both tools run the
 * same way for it, each in a fresh JVM with one worker (TlcRun, MirrorRun): JVM start-up, parsing the model and
 * JIT warm-up are inside both times (specs-tla/README.md, "TLC and the mirror: timings").
 */
class TlcParityTest {

    /** Every MC config, or those named in {@code -Dparity.models=A,B} (to re-check a few by hand). */
    static Stream<String> models() {
        String only = System.getProperty("parity.models", "");
        Set<String> wanted = Set.of(only.split(","));
        Set<String> all = Set.copyOf(McConfig.names(McConfig.specsDir()));
        for (String w : wanted) {
            if (!only.isBlank() && !all.contains(w)) {
                throw new IllegalArgumentException("-Dparity.models names no MC config: '" + w + "' (configs: " + all + ")");
            }
        }
        return McConfig.names(McConfig.specsDir()).stream().filter(n -> only.isBlank() || wanted.contains(n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void tlcAndTheMirrorAgree(String name) throws Exception {
        String jar = TlcRun.jar();
        assumeTrue(jar != null, "TLC skipped: TLA2TOOLS_JAR not set");
        McConfig mc = McConfig.load(name);
        assumeTrue(!mc.tlcLongTier() || "long".equals(System.getProperty("tier")), name + ": long-tier model for TLC, run with -Dtier=long");
        Path specs = McConfig.specsDir();
        long cap = mc.tlcBeyondHour() ? TlcRun.beyondHourCapSeconds() : TlcRun.capSeconds();

        TlcRun tlc = TlcRun.run(jar, specs, name, cap);
        assertFalse(tlc.tlcFailed(), name + ": TLC failed\n" + tlc.run().output());
        MirrorRun mirror = MirrorRun.run(specs, name, Math.max(TlcRun.wallSafetyCap(cap), 3600));
        System.out.println(parityLine(tlc, mirror));

        if (!tlc.finished()) {
            // Only a beyond-hour config may be cut: any other must finish and match exactly.
            assertTrue(mc.tlcBeyondHour(), name + ": TLC did not finish within " + cap + " CPU-s; mark the config"
                    + " \\* tlc: beyond-hour (with the evidence in specs-tla/README.md) or raise -D" + TlcRun.CAP_PROPERTY + ": " + tlc);
            // Cut at the cap: the mirror must have got at least as far as TLC had.
            assertTrue(tlc.distinct() > 0, name + ": TLC reported no progress before the cap:\n" + tlc.run().output());
            if (mirror.violated() == null) {
                assertTrue(mirror.distinct() >= tlc.distinct() && mirror.depth() >= tlc.depth(),
                        name + ": TLC (cut) got further than the mirror: " + tlc + " vs " + mirror);
            } else {
                assertTrue(tlc.depth() <= mirror.traceLength(), name + ": TLC passed the depth of the mirror's violation without finding it: " + tlc);
            }
        } else if (mirror.violated() == null) {
            assertTrue(tlc.noError(), name + ": the mirror finds no error, TLC does:\n" + tlc.run().output());
            assertEquals(tlc.distinct(), mirror.distinct(), name + " distinct states");
            assertEquals(tlc.depth(), mirror.depth(), name + " depth");
        } else {
            assertEquals(mirror.violated(), tlc.violated(), name + ": property TLC reports\n" + tlc.run().output());
            assertEquals(mirror.traceLength(), tlc.traceLength(), name + ": trace length\n" + tlc.run().output());
        }
    }

    /** model; per tool verdict, distinct / depth, wall s, CPU s, distinct per wall s and per CPU s; the ratios. */
    static String parityLine(TlcRun tlc, MirrorRun mirror) {
        String tlcVerdict = !tlc.finished() ? "cut at cap" : tlc.violated() == null ? "no error" : tlc.violated() + "@" + tlc.traceLength();
        String mirrorVerdict = mirror.violated() == null ? "no error" : mirror.violated() + "@" + mirror.traceLength();
        double tw = tlc.run().wallMillis() / 1000.0;
        double tc = tlc.run().cpuMillis() / 1000.0;
        double mw = mirror.run().wallMillis() / 1000.0;
        double mc = mirror.run().cpuMillis() / 1000.0;
        double tlcWallRate = tlc.distinct() / tw;
        double tlcCpuRate = tlc.distinct() / Math.max(0.01, tc);
        double mirrorWallRate = mirror.distinct() / mw;
        double mirrorCpuRate = mirror.distinct() / Math.max(0.01, mc);
        return String.format("PARITY %s | TLC %s, %d distinct, depth %d, %.1f s wall, %.1f s CPU, %.0f/s wall, %.0f/CPU-s"
                        + " | mirror %s, %d distinct, depth %d, %.1f s wall, %.1f s CPU, %.0f/s wall, %.0f/CPU-s"
                        + " | mirror/TLC %.1fx wall, %.1fx CPU (each in its own JVM, 1 worker, start-up included)",
                tlc.model(), tlcVerdict, tlc.distinct(), tlc.depth(), tw, tc, tlcWallRate, tlcCpuRate,
                mirrorVerdict, mirror.distinct(), mirror.depth(), mw, mc, mirrorWallRate, mirrorCpuRate,
                mirrorWallRate / tlcWallRate, mirrorCpuRate / tlcCpuRate);
    }
}
