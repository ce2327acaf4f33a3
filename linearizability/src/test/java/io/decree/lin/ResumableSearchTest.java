package io.decree.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A search stopped by its step budget and run again resumes where it stopped ({@link LoweSearch#run}): it must take
 * exactly the path one run with the whole budget takes — same verdict, same steps, same longest (partial)
 * linearization, same failure prefix — however often it is stopped. And {@link PartitionRounds}, which resumes a
 * partition's search in the next round, must give the same outcome whether it kept the search or had to start it
 * again, with fewer model steps when it kept it.
 */
class ResumableSearchTest {

    private static final RegisterModel<Integer> REGISTER = new RegisterModel<>();
    private static final long UNLIMITED = Long.MAX_VALUE / 2;

    @Test
    void aSearchStoppedAtRandomStepsEndsAsOneRunDoes() {
        Random random = new Random(20261203L);
        int stopped = 0;
        for (int i = 0; i < 3_000; i++) {
            List<Operation<RegisterOp<Integer>, OpResult<Integer>>> ops =
                    BruteForce.randomRegisterHistory(random).operations();
            for (boolean relaxed : new boolean[] {false, true}) {
                stopped += assertSamePath(REGISTER, ops, relaxed, random, 5, UNLIMITED, "history #" + i);
            }
        }
        assertTrue(stopped > 5_000, "the searches must be stopped often to test anything: " + stopped);
    }

    @Test
    void aLongSearchStoppedManyTimesEndsAsOneRunDoes() {
        Random random = new Random(7L);
        KvModel<String, String> kv = new KvModel<>();
        for (int seed = 0; seed < 12; seed++) {
            var history = SyntheticHistories.keyValue(seed,
                    new SyntheticHistories.Shape(200, 1, 6, 0.1, 12));
            List<Operation<KvOp<String, String>, OpResult<String>>> ops = new ArrayList<>(history.operations());
            if (seed % 2 == 1) { // a stale or impossible read late in the history: a violation to find
                corruptLastRead(ops);
            }
            ops.removeIf(op -> op.isUnknown() && kv.isReadOnly(op.input())); // as the checker partitions
            for (boolean relaxed : new boolean[] {false, true}) {
                assertSamePath(kv, ops, relaxed, random, 200, 300_000, "seed " + seed);
            }
        }
    }

    /**
     * Runs once with {@code limit} steps, then again in slices of 1..maxSlice steps up to the same total; returns how
     * often it was stopped. A search undecided at the limit must stop in the same place both ways.
     */
    private static <S, I, O> int assertSamePath(Model<S, I, O> model, List<Operation<I, O>> ops, boolean relaxed,
            Random random, int maxSlice, long limit, String what) {
        LoweSearch<S, I, O> whole = new LoweSearch<>(model, ops, relaxed);
        LoweSearch.Verdict expected = whole.run(new Budget(limit, Long.MAX_VALUE));
        LoweSearch<S, I, O> sliced = new LoweSearch<>(model, ops, relaxed);
        LoweSearch.Verdict verdict;
        int stops = 0;
        while ((verdict = sliced.run(new Budget(Math.min(1 + random.nextInt(maxSlice), limit - sliced.steps()),
                Long.MAX_VALUE))) == LoweSearch.Verdict.BUDGET_EXCEEDED && sliced.resumable()
                && sliced.steps() < limit) {
            stops++;
        }
        String context = what + (relaxed ? " (relaxed)" : "") + " after " + stops + " stops: " + ops;
        assertEquals(expected, verdict, context);
        assertEquals(whole.steps(), sliced.steps(), context);
        assertEquals(whole.longestLinearization(), sliced.longestLinearization(), context);
        if (verdict == LoweSearch.Verdict.NOT_LINEARIZABLE) {
            assertEquals(whole.failurePrefix(), sliced.failurePrefix(), context);
        }
        if (verdict != LoweSearch.Verdict.BUDGET_EXCEEDED) {
            assertFalse(sliced.resumable(), "a decided search is not resumable");
            assertEquals(verdict, sliced.run(new Budget(1, Long.MAX_VALUE)), "run again, a decided search says so");
        }
        return stops;
    }

    private static void corruptLastRead(List<Operation<KvOp<String, String>, OpResult<String>>> ops) {
        for (int i = ops.size() - 1; i >= 0; i--) {
            Operation<KvOp<String, String>, OpResult<String>> op = ops.get(i);
            if (!op.isUnknown() && op.input() instanceof KvOp.Get<String, String>) {
                ops.set(i, new Operation<>(op.id(), op.clientId(), op.input(), OpResult.value("never-written"),
                        op.invokeTime(), op.returnTime()));
                return;
            }
        }
    }

    /** {@link PartitionRoundsTest#MODEL} with its steps counted: what a restarted search repeats, a resumed one not. */
    private static final class Counting implements Model<List<Integer>, PartitionRoundsTest.Op, Integer> {
        final AtomicLong steps = new AtomicLong();

        @Override
        public List<Integer> init() {
            return PartitionRoundsTest.MODEL.init();
        }

        @Override
        public Optional<List<Integer>> step(List<Integer> state, PartitionRoundsTest.Op input, Integer output) {
            steps.incrementAndGet();
            return PartitionRoundsTest.MODEL.step(state, input, output);
        }

        @Override
        public Optional<List<Integer>> stepUnknown(List<Integer> state, PartitionRoundsTest.Op input) {
            steps.incrementAndGet();
            return PartitionRoundsTest.MODEL.stepUnknown(state, input);
        }
    }

    @Test
    void roundsKeepingTheSearchDecideAsRoundsRestartingIt() {
        // Overlapping adds whose order the state keeps (the memo cannot merge orders), then an operation that needs
        // one order: more steps than the first round's. "never": no order fits (a violation); "read 0": add 0 last.
        for (String last : List.of("never", "read")) {
            History.Builder<PartitionRoundsTest.Op, Integer> b = History.builder();
            int adds = last.equals("never") ? 8 : 9; // either way, more than 100,000 steps (asserted below)
            for (int i = 0; i < adds; i++) {
                b.add(i, new PartitionRoundsTest.Op("k", "add", i), 0, 0, 100);
            }
            b.add(adds, new PartitionRoundsTest.Op("k", last, 0), 0, 101, 102);
            List<Operation<PartitionRoundsTest.Op, Integer>> ops = b.build().operations();
            Counting keptModel = new Counting();
            Counting restartedModel = new Counting();
            long[] keptSteps = new long[1];
            long[] restartedSteps = new long[1];
            var kept = new PartitionRounds<>(keptModel, List.of(ops), 1, Long.MAX_VALUE, Long.MAX_VALUE)
                    .run(20_000_000, keptSteps).getFirst();
            var restarted = new PartitionRounds<>(restartedModel, List.of(ops), 1, Long.MAX_VALUE, 0)
                    .run(20_000_000, restartedSteps).getFirst();
            assertEquals(last.equals("never") ? LoweSearch.Verdict.NOT_LINEARIZABLE : LoweSearch.Verdict.LINEARIZABLE,
                    kept.verdict(), last);
            assertEquals(restarted.verdict(), kept.verdict(), last);
            assertEquals(restartedSteps[0], keptSteps[0], "steps are counted as one run would: " + last);
            assertTrue(kept.steps() > PartitionRounds.FIRST_ROUND_STEPS, last + ": decided in the first round, "
                    + kept.steps() + " steps: the test shows nothing");
            assertEquals(restarted.exact().longestLinearization(), kept.exact().longestLinearization(), last);
            // The first round's model steps, repeated by the restart: the transition table is per search.
            assertTrue(keptModel.steps.get() < restartedModel.steps.get(), last + ": model steps kept "
                    + keptModel.steps + ", restarted " + restartedModel.steps);
        }
    }
}
