package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The inductive-invariant check of specs-tla/MultiPaxosIndInv.tla with TLC (IndInvCheck): from every bounded
 * state satisfying IndInv, every step keeps IndInv, and Consistent and Agreement hold; TLC finds as many
 * initial states, and initial states plus successors, as the mirror's IndInvCheck. As a control that the
 * check can fail, the same check with the ACCEPT_BELOW_PROMISE override must find a step that breaks IndInv (a vote below a
 * promise contradicts a 1b already sent: two messages suffice).
 * Needs TLA2TOOLS_JAR (skipped, and reported so, without it) and {@code -Dtier=long} (TLC enumerates every
 * bounded initial state, minutes on 2 cores).
 */
class IndInvTlcTest {
    /** "N distinct state(s) generated" or "M states generated, with N of them distinct". */
    private static final Pattern INIT = Pattern.compile(
            "Finished computing initial states: (?:(\\d+) distinct state|\\d+ states generated, with (\\d+) of them distinct)");

    @Test
    void indInvIsInductiveAndTheCheckCanFail() throws Exception {
        String jar = TlcRun.jar();
        assumeTrue(jar != null, "TLC skipped: TLA2TOOLS_JAR not set");
        assumeTrue("long".equals(System.getProperty("tier")), "IndInvCheck: long tier, run with -Dtier=long");
        Path specs = McConfig.specsDir();

        TlcRun tlc = TlcRun.run(jar, specs, "IndInvCheck", TlcRun.capSeconds());
        String out = finished(tlc);
        System.out.println(out);
        assertTrue(out.contains("Model checking completed. No error has been found."), out);
        Matcher init = INIT.matcher(out);
        assertTrue(init.find(), "no initial-state count in TLC's output:\n" + out);
        long tlcInitial = Long.parseLong(init.group(1) != null ? init.group(1) : init.group(2));
        IndInvCheck.Result mirror = new IndInvCheck(new MultiPaxosSpec(IndInvMirrorTest.MODEL)).run(IndInvMirrorTest.MAX_MSGS);
        assertEquals(mirror.initialStates(), tlcInitial, "IndInit: TLC's initial states vs the mirror's");
        assertTrue(tlcInitial > 1000, "too few initial states to mean anything:\n" + out);
        assertEquals(mirror.distinctStates(), tlc.distinct(), "initial states and their successors");

        Path dir = Files.createTempDirectory("indinv-mutant");
        try {
            for (String module : new String[] {"MultiPaxos", "Consensus", "MultiPaxosIndInv"}) {
                Files.copy(specs.resolve(module + ".tla"), dir.resolve(module + ".tla"));
            }
            Files.writeString(dir.resolve("IndInvCheckMutant.tla"), """
                    ---- MODULE IndInvCheckMutant ----
                    EXTENDS MultiPaxosIndInv
                    MutAccepts2a(a, m) == TRUE
                    ====
                    """);
            Files.writeString(dir.resolve("IndInvCheckMutant.cfg"), Files.readString(specs.resolve("IndInvCheck.cfg"))
                    .replace("CONSTANTS\n", "CONSTANTS\n  Accepts2a <- MutAccepts2a\n"));
            TlcRun broken = TlcRun.run(jar, dir, "IndInvCheckMutant", TlcRun.capSeconds());
            finished(broken);
            assertEquals("IndInv", broken.violated(), broken.run().output());
        } finally {
            TlcRun.deleteTree(dir); // the scratch copy of the specs and TLC's states directory
        }
    }

    /** TLC's output; an abort (not a failure: nothing was checked) if it was cut at {@code -Dparity.tlcCapCpuSeconds}. */
    private static String finished(TlcRun tlc) {
        assumeTrue(tlc.finished(), tlc.model() + ": TLC did not finish within -D" + TlcRun.CAP_PROPERTY + " (" + tlc + ")");
        return tlc.run().output();
    }
}
