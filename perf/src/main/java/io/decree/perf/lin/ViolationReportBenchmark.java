package io.decree.perf.lin;

import io.decree.lin.CheckResult;
import io.decree.lin.History;
import io.decree.lin.KvModel;
import io.decree.lin.KvOp;
import io.decree.lin.LinearizabilityChecker;
import io.decree.lin.OpResult;
import io.decree.lin.Operation;
import io.decree.lin.SyntheticHistories;
import java.util.ArrayList;
import java.util.List;
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
 * Time to refute a history and report it: a history of {@link LinearizabilityCheckerBenchmark}'s shape (10 keys,
 * 16 clients; 2,000 operations and no unknown outcomes by default) with the first get after the middle of the run
 * corrupted to a never-written value. Covers the failing search (which must
 * exhaust the reachable space before the read), the failure-prefix cut, EXPLAIN shrinking and rendering.
 *
 * <pre>{@code ./decree bench ViolationReportBenchmark -f 1 -wi 2 -i 3}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ViolationReportBenchmark {

    @Param({"2000"})
    public int operations;

    @Param({"0.0"})
    public double unknownFraction;

    private History<KvOp<String, String>, OpResult<String>> history;
    private final KvModel<String, String> model = new KvModel<>();

    @Setup
    public void generate() {
        var real = SyntheticHistories.keyValue(2026, new SyntheticHistories.Shape(operations, 10, 16, unknownFraction, 100));
        List<Operation<KvOp<String, String>, OpResult<String>>> ops = new ArrayList<>(real.operations());
        for (int i = ops.size() / 2; i < ops.size(); i++) {
            var op = ops.get(i);
            if (op.input() instanceof KvOp.Get<String, String> && !op.isUnknown()) {
                ops.set(i, Operation.completed(op.id(), op.clientId(), op.input(), OpResult.value("never-written"),
                        op.invokeTime(), op.returnTime()));
                break;
            }
        }
        history = History.of(ops);
        CheckResult<?, ?> result = LinearizabilityChecker.check(history, model);
        if (!(result instanceof CheckResult.Violation<?, ?>)) {
            throw new IllegalStateException("the benchmark history must be refuted: " + result.summary());
        }
        System.out.println("\n" + result.summary()); // whether shrinking completed within its budget
    }

    @Benchmark
    public CheckResult<KvOp<String, String>, OpResult<String>> checkAndReport() {
        return LinearizabilityChecker.check(history, model);
    }
}
