package io.decree.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The refutation by reachable states: whatever it calls impossible really is (checked against the definition,
 * {@link BruteForce}, on random histories, and the operation it names is a violation on its own); it names a read of
 * a value nobody wrote and stays silent on a stale read; and it decides, through the checker, a violated history the
 * search alone cannot refute in its budget.
 */
class ReachableStatesTest {

    private static final RegisterModel<Integer> MODEL = new RegisterModel<>();

    @Test
    void whatItRefutesIsNotLinearizableAndItsOperationAloneIsAViolation() {
        Random random = new Random(11);
        int refuted = 0;
        for (int i = 0; i < 3_000; i++) {
            History<RegisterOp<Integer>, OpResult<Integer>> history = BruteForce.randomRegisterHistory(random);
            ReachableStates.Refutation<RegisterOp<Integer>, OpResult<Integer>> r =
                    ReachableStates.refute(MODEL, history.operations(), 1_000_000);
            if (r.impossible() != null) {
                refuted++;
                assertFalse(BruteForce.linearizable(history, MODEL), history::toString);
                assertFalse(BruteForce.linearizable(History.of(List.of(r.impossible())), MODEL), history::toString);
                assertFalse(r.impossible().isUnknown());
            }
        }
        assertTrue(refuted > 100, refuted + " refuted: the random histories include impossible reads");
    }

    @Test
    void namesAReadOfAValueNobodyWroteButNotAStaleRead() {
        var stale = new Histories.Reg().write(0, 1, 0, 10).write(1, 2, 20, 30).read(0, 1, 40, 50).build();
        assertNull(ReachableStates.refute(MODEL, stale.operations(), 1_000).impossible(),
                "a stale read: 1 is reachable, only the order rules it out");
        var phantom = new Histories.Reg().write(0, 1, 0, 10).write(1, 2, 20, 30).read(0, 7, 40, 50).build();
        assertEquals(2, ReachableStates.refute(MODEL, phantom.operations(), 1_000).impossible().id());
        assertNull(ReachableStates.refute(MODEL, phantom.operations(), 3).impossible(),
                "past its work limit it gives up rather than guess");
    }

    @Test
    void decidesAViolationTheSearchCannotReachInItsBudget() {
        // 2,000 operations of a real (sequential) execution over three values, then a read of a value nobody wrote.
        // With 50 steps the search cannot even linearize the history up to that read: without the reachable states
        // the answer would be "unknown".
        Histories.Reg real = new Histories.Reg();
        Histories.Reg phantom = new Histories.Reg();
        for (int i = 0; i < 1_000; i++) {
            for (Histories.Reg h : List.of(real, phantom)) {
                h.write(i % 4, i % 3, 10L * i, 10L * i + 4).read((i + 1) % 4, i % 3, 10L * i + 5, 10L * i + 9);
            }
        }
        phantom.read(0, 7, 10_000, 10_001);
        LinearizabilityChecker.Options options = LinearizabilityChecker.Options.defaults()
                .withMaxStepsPerPartition(50).withShrink(LinearizabilityChecker.Shrink.OFF);
        CheckResult<?, ?> result = LinearizabilityChecker.check(phantom.build(), MODEL, options);
        CheckResult.Violation<?, ?> v = assertInstanceOf(CheckResult.Violation.class, result, result::summary);
        assertEquals(1, v.minimal().operations().size(), v::text);
        assertEquals(OpResult.value(7), v.minimal().operations().getFirst().output(), v::text);
        assertInstanceOf(CheckResult.Unknown.class, LinearizabilityChecker.check(real.build(), MODEL, options),
                "the search alone cannot decide within 50 steps");
    }
}
