package io.decree.perf.lin;

import io.decree.lin.CheckResult;
import io.decree.lin.History;
import io.decree.lin.KvModel;
import io.decree.lin.KvOp;
import io.decree.lin.LinearizabilityChecker;
import io.decree.lin.OpResult;
import io.decree.lin.SyntheticHistories;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to check one key-value history of 10,000 operations over 10 keys, 16 clients, 10% unknown outcomes, generated
 * (seeded) from a real concurrent-looking execution, so the verdict is "linearizable" and the whole search space
 * that matters is walked. Target: under 1 second.
 *
 * <pre>{@code ./decree bench LinearizabilityCheckerBenchmark -f 1 -wi 2 -i 3}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LinearizabilityCheckerBenchmark {

    @Param({"2026"})
    public long seed;

    @Param({"10000"})
    public int operations;

    @Param({"0.1"})
    public double unknownFraction;

    private History<KvOp<String, String>, OpResult<String>> history;
    private final KvModel<String, String> model = new KvModel<>();

    @Setup
    public void generate() {
        history = SyntheticHistories.keyValue(seed,
                new SyntheticHistories.Shape(operations, 10, 16, unknownFraction, 100));
        CheckResult<?, ?> result = LinearizabilityChecker.check(history, model);
        if (!result.isLinearizable()) {
            throw new IllegalStateException("the benchmark history must be linearizable: " + result.summary());
        }
    }

    @Benchmark
    public CheckResult<KvOp<String, String>, OpResult<String>> check() {
        return LinearizabilityChecker.check(history, model);
    }
}
