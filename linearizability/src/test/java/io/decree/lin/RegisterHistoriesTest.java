package io.decree.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Hand-written register histories, including the classic shapes from the Knossos and Porcupine examples. */
class RegisterHistoriesTest {

    private static final RegisterModel<Integer> MODEL = new RegisterModel<>();

    private static CheckResult<RegisterOp<Integer>, OpResult<Integer>> check(Histories.Reg h) {
        return LinearizabilityChecker.check(h.build(), MODEL);
    }

    private static void assertLinearizable(Histories.Reg h) {
        CheckResult<?, ?> result = check(h);
        assertTrue(result.isLinearizable(), () -> "expected linearizable, got:\n" + result);
    }

    /** Asserts a violation whose minimal sub-history is exactly the operations with these ids. */
    private static void assertViolation(Histories.Reg h, Integer... minimalIds) {
        CheckResult<?, ?> result = check(h);
        CheckResult.Violation<?, ?> v = assertInstanceOf(CheckResult.Violation.class, result, () -> result.summary());
        assertTrue(v.oneMinimal(), v::text);
        Set<Integer> ids = v.minimal().operations().stream().map(Operation::id).collect(Collectors.toSet());
        assertEquals(Set.of(minimalIds), ids, v::text);
    }

    @Test
    void emptyHistoryIsLinearizable() {
        assertLinearizable(new Histories.Reg());
    }

    @Test
    void concurrentReadMaySeeOldOrNewValue() {
        // write(1) then, overlapping write(2), reads of 1 and 2 and 2 again: fine.
        assertLinearizable(new Histories.Reg()
                .write(1, 1, 0, 10)
                .write(2, 2, 20, 60)
                .read(3, 1, 25, 30)
                .read(4, 2, 40, 50)
                .read(3, 2, 70, 80));
    }

    @Test
    void staleReadAfterNewerWriteCompleted() {
        assertViolation(new Histories.Reg()
                .write(1, 1, 0, 10)
                .write(1, 2, 20, 30)
                .read(2, 1, 40, 50), 0, 1, 2);
    }

    @Test
    void newOldInversionBetweenTwoReaders() {
        // Knossos' classic: once a read returned the new value, a later read may not return the old one. The
        // explanation does not need write(2) itself: whenever it happened, 1 cannot come back after it was read.
        assertViolation(new Histories.Reg()
                .write(1, 1, 0, 10)
                .write(2, 2, 20, 100)
                .read(3, 2, 30, 40)
                .read(4, 1, 50, 60), 0, 2, 3);
    }

    @Test
    void readOfNeverWrittenValue() {
        assertViolation(new Histories.Reg().write(1, 1, 0, 10).read(2, 7, 0, 20), 1);
    }

    @Test
    void readAbsentAfterCompletedWrite() {
        assertViolation(new Histories.Reg().write(1, 1, 0, 10).read(2, null, 20, 30), 0, 1);
    }

    @Test
    void casSucceedsOnlyOnce() {
        // Two overlapping cas(absent -> x) cannot both succeed.
        assertViolation(new Histories.Reg()
                .cas(1, null, 1, true, 0, 10)
                .cas(2, null, 2, true, 5, 15), 0, 1);
    }

    @Test
    void casFailureWhenTheValueWasCertainlyExpected() {
        assertViolation(new Histories.Reg()
                .write(1, 1, 0, 10)
                .cas(2, 1, 2, false, 20, 30), 0, 1);
    }

    @Test
    void casChainIsLinearizableInTheOnlyPossibleOrder() {
        assertLinearizable(new Histories.Reg()
                .cas(2, 1, 2, true, 0, 50)       // must come after cas(absent->1)
                .cas(1, null, 1, true, 10, 20)
                .cas(3, 1, 3, false, 30, 60)     // fails: sees 2 (or absent, before cas 1)
                .read(1, 2, 70, 80));
    }

    @Test
    void unknownWriteMustHaveHappenedToExplainARead() {
        assertLinearizable(new Histories.Reg()
                .writeUnknown(1, 1, 0)
                .read(2, 1, 10, 20));
    }

    @Test
    void unknownWriteMayTakeEffectAfterItsClientMovedOn() {
        // Client 1 gave up on write(1), then wrote 3; the stale request still landed later.
        assertLinearizable(new Histories.Reg()
                .writeUnknown(1, 1, 0)
                .write(1, 3, 10, 20)
                .read(2, 3, 25, 28)
                .read(2, 1, 30, 40));
    }

    @Test
    void unknownWriteMustBeAssumedNeverToHaveHappened() {
        assertLinearizable(new Histories.Reg()
                .write(1, 2, 0, 10)
                .writeUnknown(2, 1, 5)
                .read(3, 2, 20, 30)
                .read(3, 2, 40, 50));
    }

    @Test
    void unknownWriteCannotExplainAReadThatFinishedBeforeItWasInvoked() {
        assertViolation(new Histories.Reg()
                .read(2, 1, 10, 20)
                .writeUnknown(1, 1, 50), 0);
    }

    @Test
    void unknownWriteOnceObservedCannotBeUndone() {
        // The read of 1 proves write(1) happened before 20; a later read of "absent" is then impossible. The two
        // reads are the whole explanation (the write's outcome was unknown anyway).
        assertViolation(new Histories.Reg()
                .writeUnknown(1, 1, 0)
                .read(2, 1, 10, 20)
                .read(3, null, 30, 40), 1, 2);
    }

    @Test
    void unknownCasMayHaveFailed() {
        assertLinearizable(new Histories.Reg()
                .casUnknown(1, null, 1, 0)
                .cas(2, null, 2, true, 10, 20)
                .read(3, 2, 30, 40));
    }

    @Test
    void equalTimesOverlap() {
        // A return and an invocation at the same tick are concurrent, so the read may precede the write.
        assertLinearizable(new Histories.Reg().write(1, 1, 0, 10).read(2, null, 10, 12));
        assertViolation(new Histories.Reg().write(1, 1, 0, 10).read(2, null, 11, 12), 0, 1);
    }
}
