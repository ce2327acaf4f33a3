package io.decree.server.verify;

import io.decree.contracts.runtime.ClauseCoverage;
import io.decree.server.verify.VerifyReport.ClauseRow;
import io.decree.server.verify.VerifyReport.Finding;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Contract coverage: per woven JML clause, evaluations and (implications) antecedent-true counts, read from
 * the contracts runtime's counters ({@link ClauseCoverage}) around the simulated sweeps; and the verdict on
 * the clauses the kit requires ({@code required-clauses.txt}): each must be evaluated, and an implication must
 * have had its antecedent true at least once. A required clause the woven engine does not have (renamed,
 * rewritten) is a finding too, so the list cannot go stale silently.
 */
final class ContractCoverage {
    static final String REQUIRED_RESOURCE = "required-clauses.txt";

    private ContractCoverage() {}

    /** Loads the engine's clause catalogue, zeroes the counters and starts counting (before the sweeps start). */
    static boolean start() {
        if (!ClauseCoverage.load(ContractCoverage.class.getClassLoader())) return false;
        ClauseCoverage.reset();
        ClauseCoverage.enable();
        return true;
    }

    /** Stops counting and returns every clause with its counts, the required ones marked. */
    static List<ClauseRow> stop(List<String> required) {
        ClauseCoverage.disable();
        List<ClauseRow> rows = new ArrayList<>();
        for (ClauseCoverage.Count c : ClauseCoverage.snapshot()) {
            var k = c.clause();
            rows.add(new ClauseRow(k.kind(), k.text(), k.location(), k.where(), k.implication(), c.evaluations(), c.antecedentTrue(),
                    required.stream().anyMatch(r -> matches(r, k.file(), k.text()))));
        }
        return rows;
    }

    /** The required list: {@code FILE | CLAUSE} per line, comments and blank lines skipped. */
    static List<String> required() {
        List<String> out = new ArrayList<>();
        try (InputStream in = ContractCoverage.class.getResourceAsStream(REQUIRED_RESOURCE)) {
            if (in == null) throw new IllegalStateException(REQUIRED_RESOURCE + " is missing from the distribution");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int bar = line.indexOf(" | ");
                if (bar < 0) throw new IllegalStateException(REQUIRED_RESOURCE + ": '" + line + "' is not FILE | CLAUSE");
                out.add(key(line.substring(0, bar).strip(), line.substring(bar + 3).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String key(String file, String clause) { return file + " | " + clause; }

    private static boolean matches(String required, String file, String clause) {
        int bar = required.indexOf(" | ");
        return required.substring(bar + 3).equals(clause) && file.endsWith(required.substring(0, bar));
    }

    /** Findings: a required clause never evaluated, vacuous, or absent from the woven engine. */
    static List<Finding> findings(List<ClauseRow> rows, List<String> required) {
        List<Finding> out = new ArrayList<>();
        for (String r : required) {
            List<ClauseRow> hits = rows.stream().filter(c -> matches(r, c.location().substring(0, c.location().lastIndexOf(':')), c.clause())).toList();
            if (hits.isEmpty()) {
                out.add(finding("RequiredClauseMissing", "required clause " + r + " is not among the engine's woven clauses: "
                        + "it was changed or removed; update " + REQUIRED_RESOURCE));
                continue;
            }
            long evaluations = hits.stream().mapToLong(ClauseRow::evaluations).sum();
            long antecedent = hits.stream().mapToLong(ClauseRow::antecedentTrue).sum();
            ClauseRow first = hits.getFirst();
            if (evaluations == 0)
                out.add(finding("ClauseNeverExercised", "required " + first.kind() + " clause " + first.clause() + " at " + first.location()
                        + " was never evaluated by the simulated runs"));
            else if (first.implication() && antecedent == 0)
                out.add(finding("ClauseVacuous", "required " + first.kind() + " clause " + first.clause() + " at " + first.location()
                        + " held vacuously: evaluated " + evaluations + " times, its antecedent never true"));
        }
        return out;
    }

    private static Finding finding(String rule, String message) {
        return new Finding("coverage", rule, message, "", 0, "", false, "", List.of());
    }
}
