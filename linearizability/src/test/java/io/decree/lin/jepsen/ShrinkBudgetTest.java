package io.decree.lin.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.lin.CheckResult;
import io.decree.lin.LinearizabilityChecker;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Shrinking a large violation stops within its budgets and says how far it got: a 1,000-operation Jepsen-style
 * history (5 clients, one key) whose last read returns a value nobody wrote, the shape that used to spend its whole
 * shrinking budget (minutes on a loaded machine) and report 727 of 832 operations.
 */
class ShrinkBudgetTest {

    private static final KvRegisterModel KV = new KvRegisterModel();
    private static final Pattern PROGRESS = Pattern.compile("shrunk (\\d+) -> (\\d+) operations in (\\d+) candidates, "
            + "([\\d,]+) steps(; stopped early: (\\w+) budget spent)?");

    private static HistoryImport.Imported violated() {
        return HistoryImport.parse("generated", JepsenHistoryGenerator.json(1, 5, 1, 1000, 0, true),
                HistoryImport.Format.JSON, KV);
    }

    private static CheckResult.Violation<JepsenOp, Object> check(LinearizabilityChecker.Options options) {
        return assertInstanceOf(CheckResult.Violation.class,
                LinearizabilityChecker.check(violated().history(), KV, options.withParallelism(1)));
    }

    @Test
    void aStepBudgetStopsShrinkingThereAndTheReportSaysSo() {
        long budget = 20_000;
        CheckResult.Violation<JepsenOp, Object> v = check(LinearizabilityChecker.Options.defaults()
                .withShrinkBudget(1_000, budget));
        Matcher m = PROGRESS.matcher(v.shrinking());
        assertTrue(m.matches(), v.shrinking());
        assertEquals("steps", m.group(6), v.shrinking());
        // A candidate's search gets at most a fiftieth of the budget, and each check is charged before it runs.
        long steps = Long.parseLong(m.group(4).replace(",", ""));
        assertTrue(steps <= budget, v.shrinking());
        assertTrue(v.text().contains(v.shrinking()), v.text());
        assertStillViolates(v);
    }

    @Test
    void theDefaultBudgetShrinksItToTheCorruptedRead() {
        CheckResult.Violation<JepsenOp, Object> v = check(LinearizabilityChecker.Options.defaults());
        assertTrue(v.oneMinimal(), v::text);
        assertEquals(1, v.minimal().size(), v::text);
        var read = v.minimal().operations().get(0);
        assertEquals("read", read.input().f());
        assertTrue(PROGRESS.matcher(v.shrinking()).matches() && !v.shrinking().contains("stopped early"),
                v.shrinking());
    }

    @Test
    void aTimeLimitStopsShrinkingInBoundedTime() {
        long start = System.nanoTime();
        CheckResult.Violation<JepsenOp, Object> v = check(LinearizabilityChecker.Options.defaults()
                .withShrinkBudget(Integer.MAX_VALUE, Long.MAX_VALUE / 4).withShrinkTimeout(Duration.ofMillis(1)));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        Matcher m = PROGRESS.matcher(v.shrinking());
        assertTrue(m.matches(), v.shrinking());
        assertEquals("time", m.group(6), v.shrinking());
        assertTrue(v.text().contains("shrinking stopped early"), v.text());
        // Generous for a loaded machine; without the limit the shrink spends millions of steps.
        assertTrue(elapsedMs < 60_000, elapsedMs + " ms");
        assertStillViolates(v);
    }

    /** What was reported after stopping early is still a proven violation on its own. */
    private static void assertStillViolates(CheckResult.Violation<JepsenOp, Object> v) {
        assertTrue(v.minimal().size() < v.partitionSize(), v::text);
        assertInstanceOf(CheckResult.Violation.class, LinearizabilityChecker.check(v.minimal(), KV,
                LinearizabilityChecker.Options.defaults().withShrink(LinearizabilityChecker.Shrink.OFF)));
    }
}
