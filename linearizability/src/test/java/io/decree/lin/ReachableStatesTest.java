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
        // A real execution's 2,000 operations, then a read of a value nobody wrote. With 50 steps the search cannot
        // even linearize the history up to that read: without the reachable states the answer would be "unknown".
        History<RegisterOp<String>, OpResult<String>> real = SyntheticHistories.register(5,
                new SyntheticHistories.Shape(2_000, 1, 8, 0.05, 20));
        History.Builder<RegisterOp<String>, OpResult<String>> b = History.builder();
        long end = 0;
        for (Operation<RegisterOp<String>, OpResult<String>> op : real.operations()) {
            if (op.isUnknown()) {
                b.addUnknown(op.clientId(), op.input(), op.invokeTime());
            } else {
                b.add(op.clientId(), op.input(), op.output(), op.invokeTime(), op.returnTime());
                end = Math.max(end, op.returnTime());
            }
        }
        b.add(1_000, RegisterOp.read(), OpResult.value("nobody wrote this"), end + 1, end + 2);
        LinearizabilityChecker.Options options = LinearizabilityChecker.Options.defaults()
                .withMaxStepsPerPartition(50).withShrink(LinearizabilityChecker.Shrink.OFF);
        CheckResult<?, ?> result = LinearizabilityChecker.check(b.build(), new RegisterModel<String>(), options);
        CheckResult.Violation<?, ?> v = assertInstanceOf(CheckResult.Violation.class, result, result::summary);
        assertEquals(1, v.minimal().operations().size(), v::text);
        assertEquals(OpResult.value("nobody wrote this"), v.minimal().operations().getFirst().output(), v::text);
        assertTrue(LinearizabilityChecker.check(real, new RegisterModel<String>(), options) instanceof CheckResult.Unknown,
                "the search alone cannot decide within 50 steps");
    }
}
