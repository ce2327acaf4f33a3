package io.decree.server.verify;

import io.decree.server.verify.VerifyReport.Coverage;
import io.decree.server.verify.VerifyReport.Finding;
import io.decree.server.verify.VerifyReport.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The coverage verdict: a required spec action never exercised, an invariant that never had anything
 * to compare, or a required JML clause never evaluated or vacuous ({@link ContractCoverage}) is a finding. Decided on a whole run's coverage: one shard alone may miss an action its
 * siblings saw, so a sharded run leaves the verdict to {@code merge-reports}.
 */
final class CoverageCheck {
    record Verdict(Status status, String detail, Map<String, Long> counts, List<Finding> findings) {}

    private CoverageCheck() {}

    static Verdict evaluate(Coverage c) {
        List<String> missing = c.unexercised();
        List<String> vacuous = c.invariants().entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
        List<Finding> findings = new ArrayList<>();
        for (String a : missing)
            findings.add(new Finding("coverage", "ActionNeverExercised", "required spec action " + a + " was never exercised by the simulated runs",
                    "", 0, "", false, "", List.of()));
        for (String i : vacuous)
            findings.add(new Finding("coverage", "InvariantVacuous", "invariant " + i + " never had anything to compare: it held vacuously in every state",
                    "", 0, "", false, "", List.of()));
        List<Finding> clauses = c.contracts().isEmpty() ? List.of() : ContractCoverage.findings(c.contracts(), c.requiredClauses());
        findings.addAll(clauses);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("actions exercised", c.actions().values().stream().filter(v -> v > 0).count());
        counts.put("actions", (long) c.actions().size());
        counts.put("required actions missing", (long) missing.size());
        counts.put("vacuous invariants", (long) vacuous.size());
        counts.put("contract clauses", (long) c.contracts().size());
        counts.put("contract clauses evaluated", c.contracts().stream().filter(r -> r.evaluations() > 0).count());
        counts.put("vacuous implications", c.contracts().stream().filter(VerifyReport.ClauseRow::vacuous).count());
        counts.put("required clauses failing", (long) clauses.size());
        String detail = counts.get("actions exercised") + "/" + c.actions().size() + " actions exercised"
                + (missing.isEmpty() ? "" : "; required but never exercised: " + missing)
                + (vacuous.isEmpty() ? "" : "; vacuous invariants: " + vacuous)
                + (c.contracts().isEmpty() ? "; contract clauses not measured" : "; " + counts.get("contract clauses evaluated") + "/"
                        + c.contracts().size() + " contract clauses evaluated, " + counts.get("vacuous implications") + " vacuous implications"
                        + (clauses.isEmpty() ? ", required clauses exercised" : "; " + clauses.size() + " required clause(s) unexercised or vacuous"));
        return new Verdict(findings.isEmpty() ? Status.PASS : Status.FAIL, detail, counts, findings);
    }
}
