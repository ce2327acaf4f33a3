package io.decree.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-style: histories of a real (correct) execution, with random overlaps and unknown outcomes, are always
 * accepted; the same histories with one read result corrupted are rejected, always when the corrupt value was never
 * written, and mostly when it is another value of the same key (sometimes concurrency makes it legal).
 */
class SyntheticHistoriesTest {

    private static final boolean LONG = "long".equals(System.getProperty("tier"));
    private static final int SEEDS = LONG ? 2_000 : 150;
    private static final int CORRUPT_SEEDS = LONG ? 1_000 : 60;
    private static final KvModel<String, String> KV = new KvModel<>();
    private static final RegisterModel<String> REGISTER = new RegisterModel<>();

    private static SyntheticHistories.Shape kvShape(Random r) {
        return new SyntheticHistories.Shape(50 + r.nextInt(400), 1 + r.nextInt(4), 2 + r.nextInt(8),
                r.nextDouble() * 0.2, 1 + r.nextInt(50));
    }

    private static SyntheticHistories.Shape registerShape(Random r) {
        return new SyntheticHistories.Shape(20 + r.nextInt(150), 1, 2 + r.nextInt(5), r.nextDouble() * 0.2,
                1 + r.nextInt(30));
    }

    /** Smaller and less concurrent: refuting a history means exhausting its search space, unlike accepting one. */
    private static SyntheticHistories.Shape corruptibleShape(Random r) {
        return new SyntheticHistories.Shape(30 + r.nextInt(150), 1 + r.nextInt(3), 2 + r.nextInt(5),
                r.nextDouble() * 0.1, 1 + r.nextInt(20));
    }

    @Test
    void realKeyValueExecutionsAreLinearizable() {
        Random shapes = new Random(1L);
        for (long seed = 0; seed < SEEDS; seed++) {
            var history = SyntheticHistories.keyValue(seed, kvShape(shapes));
            var result = LinearizabilityChecker.check(history, KV);
            long s = seed;
            assertTrue(result.isLinearizable(), () -> "seed " + s + ": " + result.summary() + "\n" + result);
        }
    }

    @Test
    void realRegisterExecutionsAreLinearizable() {
        Random shapes = new Random(2L);
        for (long seed = 0; seed < SEEDS; seed++) {
            var history = SyntheticHistories.register(seed, registerShape(shapes));
            var result = LinearizabilityChecker.check(history, REGISTER);
            long s = seed;
            assertTrue(result.isLinearizable(), () -> "seed " + s + ": " + result.summary() + "\n" + result);
        }
    }

    @Test
    void generationIsAPureFunctionOfTheSeed() {
        var shape = new SyntheticHistories.Shape(500, 3, 6, 0.1, 20);
        assertEquals(SyntheticHistories.keyValue(42, shape).operations(),
                SyntheticHistories.keyValue(42, shape).operations());
    }

    @Test
    void readOfANeverWrittenValueIsAlwaysRejected() {
        Random shapes = new Random(3L);
        int corrupted = 0;
        int minimal = 0;
        for (long seed = 0; seed < CORRUPT_SEEDS; seed++) {
            var history = SyntheticHistories.keyValue(seed, corruptibleShape(shapes));
            var corrupt = corruptOneRead(history, new Random(seed), true);
            if (corrupt == null) {
                continue;
            }
            corrupted++;
            var result = LinearizabilityChecker.check(corrupt, KV);
            long s = seed;
            var v = assertInstanceOf(CheckResult.Violation.class, result, () -> "seed " + s + ": " + result.summary());
            // Shrinking keeps the culprit, and the report names it.
            assertTrue(v.text().contains("-> never-written"), v::text);
            minimal += v.oneMinimal() ? 1 : 0;
        }
        assertTrue(corrupted > CORRUPT_SEEDS / 2, "corrupted histories: " + corrupted);
        // Shrinking is budgeted, so a few may stop early; most must complete.
        assertTrue(minimal >= corrupted * 3 / 4, minimal + " of " + corrupted + " violations fully shrunk");
    }

    @Test
    void readOfAnotherValueOfTheKeyIsMostlyRejected() {
        Random shapes = new Random(4L);
        int corrupted = 0;
        int rejected = 0;
        var detectOnly = LinearizabilityChecker.Options.defaults().withShrink(LinearizabilityChecker.Shrink.OFF);
        for (long seed = 0; seed < CORRUPT_SEEDS; seed++) {
            var history = SyntheticHistories.keyValue(seed, corruptibleShape(shapes));
            var corrupt = corruptOneRead(history, new Random(seed), false);
            if (corrupt == null) {
                continue;
            }
            corrupted++;
            var result = LinearizabilityChecker.check(corrupt, KV, detectOnly);
            assertTrue(!(result instanceof CheckResult.Unknown), result::summary);
            if (result instanceof CheckResult.Violation<?, ?>) {
                rejected++;
            }
        }
        assertTrue(corrupted > CORRUPT_SEEDS / 2, "corrupted histories: " + corrupted);
        assertTrue(rejected >= corrupted * 7 / 10, rejected + " of " + corrupted + " corrupted histories rejected");
    }

    /**
     * Replaces the result of one completed get: with a value nobody wrote, or with another value written to the same
     * key. Null if the history has no suitable read.
     */
    static History<KvOp<String, String>, OpResult<String>> corruptOneRead(
            History<KvOp<String, String>, OpResult<String>> history, Random random, boolean neverWritten) {
        List<Operation<KvOp<String, String>, OpResult<String>>> ops = history.operations();
        List<Integer> reads = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).input() instanceof KvOp.Get<String, String> && !ops.get(i).isUnknown()) {
                reads.add(i);
            }
        }
        if (reads.isEmpty()) {
            return null;
        }
        int victim = reads.get(random.nextInt(reads.size()));
        Operation<KvOp<String, String>, OpResult<String>> read = ops.get(victim);
        String replacement;
        if (neverWritten) {
            replacement = "never-written";
        } else {
            List<String> others = new ArrayList<>();
            others.add(null);
            for (var op : ops) {
                if (op.input() instanceof KvOp.Put<String, String>(String k, String v) && k.equals(read.input().key())) {
                    others.add(v);
                }
            }
            others.remove(((OpResult.Value<String>) read.output()).value());
            replacement = others.get(random.nextInt(others.size()));
        }
        List<Operation<KvOp<String, String>, OpResult<String>>> corrupt = new ArrayList<>(ops);
        corrupt.set(victim, Operation.completed(read.id(), read.clientId(), read.input(), OpResult.value(replacement),
                read.invokeTime(), read.returnTime()));
        return History.of(corrupt);
    }
}
