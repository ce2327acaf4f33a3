package io.decree.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The linearizations the checker shows are real: the model accepts them in order, and they respect real time. */
class LinearizationTest {

    private static final KvModel<String, String> KV = new KvModel<>();

    /** Replays {@code order} through the model; fails if a step is rejected or real time is broken. */
    private static <S, I, O> void assertValid(Model<S, I, O> model, List<Operation<I, O>> order) {
        S state = model.init();
        for (int i = 0; i < order.size(); i++) {
            Operation<I, O> op = order.get(i);
            Optional<S> next = op.isUnknown() ? model.stepUnknown(state, op.input())
                    : model.step(state, op.input(), op.output());
            assertTrue(next.isPresent(), "the model rejects " + op + " after " + order.subList(0, i));
            state = next.get();
            for (int j = 0; j < i; j++) {
                assertFalse(op.precedes(order.get(j)), op + " returned before " + order.get(j) + " was invoked");
            }
        }
    }

    @Test
    void passingHistoriesComeWithALinearizationOfEveryKey() {
        for (long seed = 1; seed <= 30; seed++) {
            History<KvOp<String, String>, OpResult<String>> history = SyntheticHistories.keyValue(seed,
                    new SyntheticHistories.Shape(300, 4, 6, 0.1, 20));
            CheckResult.Linearizable<KvOp<String, String>, OpResult<String>> ok = assertInstanceOf(
                    CheckResult.Linearizable.class, LinearizabilityChecker.check(history, KV), "seed " + seed);
            assertEquals(ok.partitions(), ok.linearization().size());
            Set<Integer> linearized = new HashSet<>();
            for (Map.Entry<Object, List<Operation<KvOp<String, String>, OpResult<String>>>> e
                    : ok.linearization().entrySet()) {
                assertValid(KV, e.getValue());
                e.getValue().forEach(op -> assertEquals(e.getKey(), op.input().key()));
                e.getValue().forEach(op -> linearized.add(op.id()));
            }
            for (Operation<KvOp<String, String>, OpResult<String>> op : history.operations()) {
                if (!op.isUnknown()) {
                    assertTrue(linearized.contains(op.id()), "seed " + seed + ": " + op + " missing");
                }
            }
        }
    }

    @Test
    void violationsComeWithTheLongestPartialLinearization() {
        RegisterModel<Integer> register = new RegisterModel<>();
        History<RegisterOp<Integer>, OpResult<Integer>> history = History.<RegisterOp<Integer>, OpResult<Integer>>builder()
                .add(0, RegisterOp.write(1), OpResult.ack(), 0, 10)
                .add(1, RegisterOp.write(2), OpResult.ack(), 11, 20)
                .add(0, RegisterOp.read(), OpResult.value(2), 21, 30)
                .add(1, RegisterOp.read(), OpResult.value(1), 31, 40) // stale
                .build();
        CheckResult.Violation<RegisterOp<Integer>, OpResult<Integer>> v = assertInstanceOf(
                CheckResult.Violation.class, LinearizabilityChecker.check(history, register));
        assertEquals(history.operations().subList(0, 3), v.longestPartial());
        assertValid(register, v.longestPartial());
    }
}
