package io.decree.lin;

import static io.decree.lin.OpResult.ack;
import static io.decree.lin.OpResult.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Hand-written key-value histories: the Porcupine README examples, lost writes, cas anomalies, partitions. */
class KvHistoriesTest {

    private static final KvModel<String, String> MODEL = new KvModel<>();

    private static CheckResult<KvOp<String, String>, OpResult<String>> check(Histories.Kv h) {
        return LinearizabilityChecker.check(h.build(), MODEL);
    }

    private static CheckResult.Violation<?, ?> assertViolation(Histories.Kv h, Object key, Integer... minimalIds) {
        CheckResult<?, ?> result = check(h);
        CheckResult.Violation<?, ?> v = assertInstanceOf(CheckResult.Violation.class, result, result::summary);
        assertEquals(key, v.partitionKey());
        assertTrue(v.oneMinimal(), v::text);
        Set<Integer> ids = v.minimal().operations().stream().map(Operation::id).collect(Collectors.toSet());
        assertEquals(Set.of(minimalIds), ids, v::text);
        return v;
    }

    @Test
    void porcupineReadmeExampleOneIsLinearizable() {
        // put(x, y) spans both gets: the get of "absent" goes before it, the get of y after.
        CheckResult<?, ?> result = check(new Histories.Kv()
                .put(0, "x", "y", ack(), 0, 100)
                .get(1, "x", "y", 25, 75)
                .get(2, "x", null, 30, 60));
        assertTrue(result.isLinearizable(), result::summary);
    }

    @Test
    void porcupineReadmeExampleTwoIsNot() {
        // Once a get returned y (by 75), a get starting at 80 cannot find the key absent, whenever the put happened.
        assertViolation(new Histories.Kv()
                .put(0, "x", "y", ack(), 0, 100)
                .get(1, "x", "y", 25, 75)
                .get(2, "x", null, 80, 90), "x", 1, 2);
    }

    @Test
    void lostWrite() {
        // Both writes acknowledged before the reads; the value then flips back: write b was lost, then reappeared.
        assertViolation(new Histories.Kv()
                .put(1, "k", "a", ack(), 0, 10)
                .put(2, "k", "b", ack(), 5, 15)
                .get(3, "k", "b", 20, 30)
                .get(3, "k", "a", 40, 50), "k", 0, 2, 3);
    }

    @Test
    void putReturningThePreviousValueOrdersWrites() {
        CheckResult<?, ?> ok = check(new Histories.Kv()
                .put(1, "k", "a", value(null), 0, 10)
                .put(2, "k", "b", value("a"), 5, 15)
                .delete(1, "k", value("b"), 20, 30)
                .get(2, "k", null, 40, 50));
        assertTrue(ok.isLinearizable(), ok::summary);
        // Both puts claim to have replaced "absent": one of them must have seen the other.
        assertViolation(new Histories.Kv()
                .put(1, "k", "a", value(null), 0, 10)
                .put(2, "k", "b", value(null), 5, 15), "k", 0, 1);
    }

    @Test
    void casDoubleSuccessAndFalseFailure() {
        assertViolation(new Histories.Kv()
                .put(1, "k", "a", ack(), 0, 10)
                .cas(2, "k", "a", "b", true, 20, 30)
                .cas(3, "k", "a", "c", true, 25, 35), "k", 1, 2); // whenever put(a) happened
        assertViolation(new Histories.Kv()
                .put(1, "k", "a", ack(), 0, 10)
                .cas(2, "k", "a", "b", false, 20, 30), "k", 0, 1);
    }

    @Test
    void unknownPutMustHaveHappenedAndUnknownDeleteMustNot() {
        CheckResult<?, ?> result = check(new Histories.Kv()
                .put(1, "k", "a", ack(), 0, 10)
                .unknown(2, KvOp.put("k", "b"), 12)
                .unknown(3, KvOp.delete("k"), 14)
                .get(1, "k", "b", 20, 30)
                .get(1, "k", "b", 40, 50));
        assertTrue(result.isLinearizable(), result::summary);
    }

    @Test
    void keysAreCheckedIndependentlyAndTheOffendingKeyIsReported() {
        Histories.Kv h = new Histories.Kv();
        for (int i = 0; i < 20; i++) {
            h.put(i % 3, "ok" + (i % 4), "v" + i, ack(), i * 10, i * 10 + 5);
        }
        h.put(5, "bad", "1", ack(), 300, 310).get(6, "bad", null, 320, 330);
        CheckResult<KvOp<String, String>, OpResult<String>> result = check(h);
        CheckResult.Violation<?, ?> v = assertInstanceOf(CheckResult.Violation.class, result, result::summary);
        assertEquals("bad", v.partitionKey());
        assertEquals(2, v.minimal().size());
        assertEquals(2, v.partitionSize());
    }

    @Test
    void unknownOutcomeGetsAreDroppedBeforeSearching() {
        Histories.Kv h = new Histories.Kv().put(1, "k", "a", ack(), 0, 10);
        h.unknown(2, KvOp.get("k"), 5);
        CheckResult<?, ?> result = check(h);
        assertEquals(new CheckResult.Linearizable<>(1, 1, ((CheckResult.Linearizable<?, ?>) result).steps()), result);
    }
}
