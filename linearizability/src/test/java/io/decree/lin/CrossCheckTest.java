package io.decree.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checker against the definition: on thousands of small random histories (about half of them violations, many
 * with unknown outcomes and equal timestamps) it must agree with {@link BruteForce}. This is what guards the search's
 * pruning (memo, unknown-operation rules) against both false alarms and missed violations; and every violation's
 * shrunk sub-history must itself be a violation, and minimal in the sense of its shrinking mode.
 */
class CrossCheckTest {

    private static final int HISTORIES = Boolean.getBoolean("long") || "long".equals(System.getProperty("tier"))
            ? 200_000 : 6_000;
    private static final RegisterModel<Integer> MODEL = new RegisterModel<>();

    @Test
    void agreesWithBruteForceOnRandomSmallHistories() {
        Random random = new Random(20261125L);
        int violations = 0;
        int withUnknown = 0;
        for (int i = 0; i < HISTORIES; i++) {
            History<RegisterOp<Integer>, OpResult<Integer>> history = BruteForce.randomRegisterHistory(random);
            boolean expected = BruteForce.linearizable(history, MODEL);
            CheckResult<RegisterOp<Integer>, OpResult<Integer>> result = LinearizabilityChecker.check(history, MODEL);
            int index = i;
            assertEquals(expected, result.isLinearizable(), () -> "history #" + index + " " + history + "\n" + result);
            if (result instanceof CheckResult.Violation<RegisterOp<Integer>, OpResult<Integer>> v) {
                violations++;
                assertMinimalExplanation(history, v);
            }
            if (history.operations().stream().anyMatch(Operation::isUnknown)) {
                withUnknown++;
            }
        }
        // The generator must exercise both verdicts and unknown outcomes, or this test proves little.
        assertTrue(violations > HISTORIES / 5 && violations < HISTORIES * 4 / 5, "violations: " + violations);
        assertTrue(withUnknown > HISTORIES / 3, "histories with unknown outcomes: " + withUnknown);
    }

    @Test
    void removeShrinkingIsOneMinimal() {
        Random random = new Random(7L);
        LinearizabilityChecker.Options remove = LinearizabilityChecker.Options.defaults()
                .withShrink(LinearizabilityChecker.Shrink.REMOVE);
        int checked = 0;
        for (int i = 0; i < HISTORIES / 4; i++) {
            History<RegisterOp<Integer>, OpResult<Integer>> history = BruteForce.randomRegisterHistory(random);
            if (LinearizabilityChecker.check(history, MODEL, remove)
                    instanceof CheckResult.Violation<RegisterOp<Integer>, OpResult<Integer>> v) {
                List<Operation<RegisterOp<Integer>, OpResult<Integer>>> minimal = v.minimal().operations();
                assertTrue(v.oneMinimal());
                assertTrue(!BruteForce.linearizable(v.minimal(), MODEL), v::text);
                for (Operation<RegisterOp<Integer>, OpResult<Integer>> dropped : minimal) {
                    List<Operation<RegisterOp<Integer>, OpResult<Integer>>> rest = new ArrayList<>(minimal);
                    rest.remove(dropped);
                    assertTrue(BruteForce.linearizable(History.of(rest), MODEL),
                            () -> "not minimal, #" + dropped.id() + " can go:\n" + v.text());
                }
                checked++;
            }
        }
        assertTrue(checked > 100, "violations checked: " + checked);
    }

    /**
     * EXPLAIN's contract, checked by brute force: the kept operations cannot be linearized even when every other
     * operation may or may not have happened at any time after its invocation, and none of them can be let go so.
     */
    private static void assertMinimalExplanation(History<RegisterOp<Integer>, OpResult<Integer>> history,
            CheckResult.Violation<RegisterOp<Integer>, OpResult<Integer>> v) {
        assertTrue(v.oneMinimal(), v::text);
        Set<Integer> kept = new HashSet<>();
        v.minimal().operations().forEach(op -> kept.add(op.id()));
        assertTrue(!BruteForce.linearizable(v.minimal(), MODEL), v::text);
        assertTrue(!BruteForce.linearizable(weakenAllBut(history, kept), MODEL), () -> v.text() + "\nin " + history);
        for (int id : kept) {
            Set<Integer> fewer = new HashSet<>(kept);
            fewer.remove(id);
            assertTrue(BruteForce.linearizable(weakenAllBut(history, fewer), MODEL),
                    () -> "not minimal, #" + id + " can be let go:\n" + v.text() + "\nin " + history);
        }
    }

    private static History<RegisterOp<Integer>, OpResult<Integer>> weakenAllBut(
            History<RegisterOp<Integer>, OpResult<Integer>> history, Set<Integer> kept) {
        List<Operation<RegisterOp<Integer>, OpResult<Integer>>> ops = new ArrayList<>();
        for (Operation<RegisterOp<Integer>, OpResult<Integer>> op : history.operations()) {
            ops.add(kept.contains(op.id()) ? op
                    : Operation.unknownOutcome(op.id(), op.clientId(), op.input(), op.invokeTime()));
        }
        return History.of(ops);
    }
}
