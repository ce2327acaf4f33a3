package io.decree.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The search's view of the model: equal states get one number, a step's answer is the model's, and the model is
 * asked once per (operation, state).
 */
class TransitionCacheTest {

    /** A state that is a new object every step: numbers must come from equals, not identity. */
    private record Counter(int value) {
    }

    /** A counter modulo 7 with operations "add k" (legal unless the counter is 6) and "expect v" (a read). */
    private static final Model<Counter, int[], Integer> MODEL = new Model<>() {
        @Override
        public Counter init() {
            return new Counter(0);
        }

        @Override
        public Optional<Counter> step(Counter state, int[] input, Integer output) {
            if (input[0] == 0) {
                return state.value() == 6 ? Optional.empty() : Optional.of(new Counter((state.value() + input[1]) % 7));
            }
            return state.value() == input[1] ? Optional.of(new Counter(state.value())) : Optional.empty();
        }

        @Override
        public Optional<Counter> stepUnknown(Counter state, int[] input) {
            return step(state, input, null);
        }
    };

    @Test
    void answersAsTheModelDoesAndAsksItOncePerOperationAndState() {
        SplittableRandom random = new SplittableRandom(3);
        int ops = 40;
        int[][] inputs = new int[ops][];
        for (int op = 0; op < ops; op++) {
            inputs[op] = new int[] {random.nextInt(2), random.nextInt(7)};
        }
        AtomicInteger calls = new AtomicInteger();
        TransitionCache<Counter> cache = new TransitionCache<>(MODEL, (state, op) -> {
            calls.incrementAndGet();
            return MODEL.step(state, inputs[op], null).orElse(null);
        });
        int state = cache.init();
        int steps = 0;
        for (int i = 0; i < 20_000; i++) {
            int op = random.nextInt(ops);
            Optional<Counter> expected = MODEL.step(cache.state(state), inputs[op], null);
            int next = cache.next(state, op);
            if (expected.isEmpty()) {
                assertEquals(TransitionCache.REJECTED, next, "op " + op + " in state " + cache.state(state));
                state = cache.init();
            } else {
                assertEquals(expected.get(), cache.state(next));
                state = next;
                steps++;
            }
        }
        assertEquals(new Counter(0), cache.state(cache.init()));
        assertEquals(cache.init(), cache.init(), "the initial state keeps its number");
        assertNotEquals(0, steps);
        // 7 states x 40 operations: every step after the first of its kind came from the table.
        assertTrue(calls.get() <= 7 * ops, calls.get() + " model calls");
    }
}
