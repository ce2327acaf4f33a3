package io.decree.server.verify;

import io.decree.server.verify.VerifyReport.Coverage;
import io.decree.server.verify.VerifyReport.Finding;
import io.decree.server.verify.VerifyReport.MutantRow;
import io.decree.server.verify.VerifyReport.Stage;
import io.decree.server.verify.VerifyReport.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Merges the JSON reports of the shards of one {@code verify --shard i/n} split into one report: counts are
 * summed, a stage fails if it failed in any shard, findings and mutant rows are joined, and coverage is
 * summed and only then judged (one shard alone may miss an action its siblings saw). A shard missing from
 * the split, or given twice, is itself a finding: a merge never passes on part of the sweep.
 */
public final class ReportMerge {
    private ReportMerge() {}

    public static VerifyReport merge(List<VerifyReport> shards) {
        if (shards.isEmpty()) throw new IllegalArgumentException("merge-reports needs at least one report");
        String depth = shards.getFirst().depth();
        String mutant = shards.getFirst().mutant();
        List<Finding> findings = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        Integer count = null;
        for (VerifyReport r : shards) {
            if (!r.depth().equals(depth)) throw new IllegalArgumentException("reports of different depths cannot be merged: " + depth + " and " + r.depth());
            if (!java.util.Objects.equals(r.mutant(), mutant)) throw new IllegalArgumentException("reports with different planted mutants cannot be merged: " + mutant + " and " + r.mutant());
            for (String s : r.shards()) {
                Shard shard = Shard.parse(s);
                if (count == null) count = shard.count();
                if (shard.count() != count) throw new IllegalArgumentException("shards of different splits cannot be merged: " + s + " and n=" + count);
                if (!seen.add(s)) findings.add(shardFinding("ShardDuplicated", "shard " + s + " appears twice: its seeds would count twice"));
            }
        }
        for (int i = 1; i <= count; i++)
            if (!seen.contains(i + "/" + count)) findings.add(shardFinding("ShardMissing", "shard " + i + "/" + count + " is missing: its seeds and mutants were not checked"));

        Map<String, Stage> stages = new LinkedHashMap<>();
        for (VerifyReport r : shards) for (Stage s : r.stages()) if (!s.name().equals("coverage")) stages.merge(s.name(), s, ReportMerge::mergeStage);
        for (VerifyReport r : shards) for (Finding f : r.findings()) if (!f.stage().equals("coverage")) findings.add(f);
        List<MutantRow> mutants = new ArrayList<>();
        for (VerifyReport r : shards) mutants.addAll(r.mutants());
        Coverage coverage = mergeCoverage(shards);
        CoverageCheck.Verdict v = CoverageCheck.evaluate(coverage);
        findings.addAll(v.findings());
        List<Stage> all = new ArrayList<>(stages.values());
        all.add(new Stage("coverage", v.status(), v.detail(), v.counts(), 0));
        if (findings.stream().anyMatch(f -> f.stage().equals("shards")))
            all.add(new Stage("shards", Status.FAIL, "the split is incomplete or has a shard twice", Map.of("shards merged", (long) seen.size()), 0));
        long wall = shards.stream().mapToLong(VerifyReport::wallMillis).max().orElse(0);
        List<String> names = new ArrayList<>();
        for (VerifyReport r : shards) names.addAll(r.shards());
        return new VerifyReport(depth, names, mutant, wall, all, findings, mutants, coverage);
    }

    private static Finding shardFinding(String rule, String message) {
        return new Finding("shards", rule, message, "", 0, "", false, "", List.of());
    }

    private static Stage mergeStage(Stage a, Stage b) {
        Map<String, Long> counts = new LinkedHashMap<>(a.counts());
        b.counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
        Status status = a.status() == Status.FAIL || b.status() == Status.FAIL ? Status.FAIL
                : a.status() == Status.PASS || b.status() == Status.PASS ? Status.PASS : Status.SKIPPED;
        String detail = a.detail().equals(b.detail()) ? a.detail() : a.detail() + " | " + b.detail();
        return new Stage(a.name(), status, detail, counts, Math.max(a.millis(), b.millis()));
    }

    private static Coverage mergeCoverage(List<VerifyReport> shards) {
        Map<String, Long> actions = new LinkedHashMap<>(), invariants = new LinkedHashMap<>();
        Map<String, VerifyReport.ClauseRow> contracts = new LinkedHashMap<>();
        Set<String> requiredClauses = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        for (VerifyReport r : shards) {
            r.coverage().actions().forEach((k, v) -> actions.merge(k, v, Long::sum));
            r.coverage().invariants().forEach((k, v) -> invariants.merge(k, v, Long::sum));
            r.coverage().contracts().forEach(c -> contracts.merge(c.kind() + " " + c.location() + " " + c.clause(), c, VerifyReport.ClauseRow::plus));
            requiredClauses.addAll(r.coverage().requiredClauses());
            required.addAll(r.coverage().required());
        }
        return new Coverage(actions, List.copyOf(required), invariants, new java.util.ArrayList<>(contracts.values()),
                shards.getFirst().coverage().contractsNote(), List.copyOf(requiredClauses));
    }
}
