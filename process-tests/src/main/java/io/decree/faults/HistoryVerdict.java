package io.decree.faults;

import io.decree.lin.CheckResult;
import io.decree.lin.KvModel;
import io.decree.lin.KvOp;
import io.decree.lin.LinearizabilityChecker;
import io.decree.lin.OpResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The verdict on one run's history: the linearizability checker's result (with the time it took) and the
 * lost-write findings of the final reads, plus the operation counts the report prints.
 */
public record HistoryVerdict(long operations, long ok, long failed, long unknown,
                             CheckResult<KvOp<String, String>, OpResult<String>> check, long checkMillis,
                             List<LostWrites.Finding> lostWrites) {

    /** Checks {@code log} against the key-value model; {@code finalValues} are the final reads, also in the log. */
    public static HistoryVerdict of(OpLog log, Map<String, String> finalValues) {
        long start = System.nanoTime();
        CheckResult<KvOp<String, String>, OpResult<String>> check = LinearizabilityChecker.check(log.history(), new KvModel<>());
        long checkMillis = (System.nanoTime() - start) / 1_000_000;
        return new HistoryVerdict(log.size(), log.count(OpLog.Status.OK), log.count(OpLog.Status.FAIL),
                log.count(OpLog.Status.UNKNOWN) + log.count(OpLog.Status.OPEN), check, checkMillis,
                LostWrites.find(log, finalValues));
    }

    public boolean linearizable() { return check instanceof CheckResult.Linearizable<?, ?>; }

    /** Passes only on a linearizable history with no lost write; an "unknown" (budget) result is not a pass. */
    public boolean passed() { return linearizable() && lostWrites.isEmpty(); }

    /** Writes the checker's HTML timeline when it found a violation; returns the file, or null. */
    public Path writeViolation(Path file) {
        return check instanceof CheckResult.Violation<KvOp<String, String>, OpResult<String>> v ? v.writeHtml(file) : null;
    }

    public String summary() {
        String verdict = switch (check) {
            case CheckResult.Linearizable<?, ?> l -> "linearizable";
            case CheckResult.Violation<?, ?> v -> "VIOLATION\n" + v.text();
            case CheckResult.Unknown<?, ?> u -> "checker gave up: " + u.summary();
        };
        return "ops " + operations + " (ok " + ok + ", fail " + failed + ", unknown " + unknown + "); checker " + checkMillis
                + " ms: " + verdict + "; acknowledged writes lost: " + lostWrites.size() + (lostWrites.isEmpty() ? "" : " " + lostWrites);
    }
}
