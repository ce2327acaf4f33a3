package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bug zoo as TLC runs it: each MCMutant*.cfg (a definition override on a model with competing ballots) is
 * caught by the mirror (CI) through Refinement, the first property that breaks (a second value is chosen before any
 * learner can see it), with the shortest counterexample of the length TLC reports (specs-tla/README.md). The
 * counterexample is a behaviour of the mutant spec (every step enabled, ending in the state reported) and not of
 * the correct spec (one of its steps is refused there, or the correct spec takes it without breaking Refinement).
 * MutantMatrixTest runs every mutant on every feature model.
 */
class MutantsTest {

    /** Every MCMutant* cfg has a row above: a new mutant model cannot go unchecked. */
    @Test
    void everyMutantModelIsListed() throws Exception {
        String rows = String.join(",", MutantsTest.class.getDeclaredMethod("mutantIsCaught", String.class, String.class,
                int.class).getAnnotation(CsvSource.class).value());
        for (String name : McConfig.names(McConfig.specsDir())) {
            if (name.startsWith("MCMutant")) {
                assertTrue(rows.contains(name + ","), name + " has no row in MutantsTest");
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1} broken, trace of {2} states")
    @CsvSource({
            "MCMutantQuorumHalf,         Refinement, 9",
            "MCMutantNoValueAdoption,    Refinement, 13",
            "MCMutantAcceptBelowPromise, Refinement, 13",
            "MCMutantForgetPromise,      Refinement, 15",
            "MCMutantReconfigNoWindow,   Refinement, 15",
    })
    void mutantIsCaught(String name, String property, int traceLength) {
        McConfig mc = McConfig.load(name);
        ModelChecker.Result r = mc.check(5_000_000);
        System.out.println(r);
        assertFalse(r.ok(), name + " was not caught");
        System.out.println(r.violation());
        assertEquals(property, r.violation().property());
        assertEquals(traceLength, r.violation().length(), "shortest counterexample length");

        List<Step> steps = r.violation().steps();
        MultiPaxosSpec mutant = mc.spec();
        SpecState st = mutant.init();
        SpecState before = st;
        for (Step step : steps) {
            before = st;
            st = mutant.apply(st, step, Why.SILENT);
            assertNotNull(st, "step " + step + " of the counterexample is not enabled in the mutant spec");
        }
        assertTrue(st.sameState(r.violation().states().getLast()));
        assertNotNull(mutant.refinementBrokenAt(before, st), "the last step is not a Consensus step");

        MultiPaxosSpec correct = mc.correctSpec();
        SpecState c = correct.init();
        for (Step step : steps) {
            SpecState next = correct.apply(c, step, Why.SILENT);
            if (next == null) {
                return;     // refused: the bug is in an enabling condition the mutant weakened
            }
            assertEquals(null, correct.refinementBrokenAt(c, next), "the correct spec broke Refinement at " + step);
            c = next;
        }
    }
}
