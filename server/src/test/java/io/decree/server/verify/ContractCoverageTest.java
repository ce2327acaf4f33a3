package io.decree.server.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.runtime.ClauseCoverage;
import io.decree.server.verify.VerifyReport.ClauseRow;
import io.decree.server.verify.VerifyReport.Coverage;
import io.decree.server.verify.VerifyReport.Finding;
import io.decree.server.verify.VerifyReport.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract coverage in verify's report and verdict: counts come from the contracts runtime's counters (a table
 * registered and counted through here exactly as woven checks do), a vacuous clause is reported, and a required
 * clause that goes unexercised, or is vacuous, or is gone from the engine fails verify's coverage stage.
 */
class ContractCoverageTest {
    @TempDir Path dir;

    private static final String FILE = "engine/src/main/java/fx/Ledger.java";
    private static final String IMPLICATION = "\\result ==> balance >= 0";
    private static final String PLAIN = "balance >= 0";
    private static final String UNCALLED = "amount > 0";

    @AfterEach
    void off() {
        ClauseCoverage.disable();
        ClauseCoverage.reset();
    }

    /**
     * The shipped list names clauses the engine's sources still have, word for word: a rewritten contract
     * (as when the 2a's clauses moved to {@code Acceptor.vote}) fails here, in the default tier, rather than
     * as a RequiredClauseMissing finding in the first {@code decree verify} after it.
     */
    @Test
    void everyRequiredClauseIsInTheEngineSources() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> required = ContractCoverage.required();
        assertFalse(required.isEmpty());
        for (String r : required) {
            int bar = r.indexOf(" | ");
            Path file = root.resolve(r.substring(0, bar));
            assertTrue(Files.isRegularFile(file), "required-clauses.txt names " + file + ", which does not exist");
            String clause = r.substring(bar + 3);
            boolean found = Files.readAllLines(file).stream().map(String::strip)
                    .anyMatch(l -> l.startsWith("//@") && l.endsWith(" " + clause + ";"));
            assertTrue(found, "required-clauses.txt: '" + clause + "' is no JML clause of " + file + " any more: update the list");
        }
    }

    /** A table of three clauses, counted as woven checks count: the implication's antecedent true {@code antecedent} times of 4. */
    private static final ClauseCoverage.Table TABLE = ClauseCoverage.table(
            "ensures\t" + FILE + "\t10\t1\tLedger.withdraw(long)\t" + IMPLICATION,
            "invariant\t" + FILE + "\t5\t0\tLedger\t" + PLAIN,
            "requires\t" + FILE + "\t20\t0\tLedger.deposit(long)\t" + UNCALLED);

    private static List<ClauseRow> run(List<String> required, int antecedent) {
        ClauseCoverage.Table t = TABLE;
        ClauseCoverage.reset();
        ClauseCoverage.enable();
        for (int i = 0; i < 4; i++) {
            t.evaluated(0);
            t.antecedent(0, i < antecedent);
            t.evaluated(1);
        }
        return ContractCoverage.stop(required).stream().filter(r -> r.location().startsWith(FILE)).toList();
    }

    private static Coverage coverage(List<ClauseRow> rows, List<String> required) {
        return new Coverage(new LinkedHashMap<>(Map.of("Phase1a", 1L)), List.of("Phase1a"), new LinkedHashMap<>(Map.of("Agreement", 1L)),
                rows, "counted", required);
    }

    private static String req(String clause) { return ContractCoverage.key(FILE, clause); }

    @Test
    void aVacuousClauseIsReportedAndFailsOnlyWhenRequired() throws Exception {
        List<ClauseRow> rows = run(List.of(), 0);
        ClauseRow implication = rows.stream().filter(r -> r.clause().equals(IMPLICATION)).findFirst().orElseThrow();
        assertEquals(4, implication.evaluations());
        assertEquals(0, implication.antecedentTrue());
        assertTrue(implication.vacuous(), "evaluated, antecedent never true");
        CoverageCheck.Verdict notRequired = CoverageCheck.evaluate(coverage(rows, List.of()));
        assertEquals(Status.PASS, notRequired.status(), notRequired.detail());
        assertEquals(1L, notRequired.counts().get("vacuous implications"));

        List<ClauseRow> again = run(List.of(req(IMPLICATION)), 0);
        CoverageCheck.Verdict required = CoverageCheck.evaluate(coverage(again, List.of(req(IMPLICATION))));
        assertEquals(Status.FAIL, required.status());
        assertEquals(List.of("ClauseVacuous"), required.findings().stream().map(Finding::rule).toList());
        assertTrue(required.findings().getFirst().message().contains(FILE + ":10"), required.findings().getFirst().message());

        // The report carries the table and the flag.
        VerifyReport report = new VerifyReport("quick", List.of("1/1"), null, 1, List.of(), required.findings(), List.of(),
                coverage(again, List.of(req(IMPLICATION))));
        ReportWriter.writeAll(report, dir);
        String json = Files.readString(dir.resolve("verify.json"));
        assertTrue(json.contains("\"vacuous\" : true") && json.contains("\"antecedentTrue\" : 0"), json);
        String html = Files.readString(dir.resolve("verify.html"));
        assertTrue(html.contains("<table id=\"contracts\">") && html.contains("vacuous</td>"), "the HTML's clause table flags it");
        VerifyReport back = ReportWriter.read(dir.resolve("verify.json"));
        assertEquals(again, back.coverage().contracts(), "the JSON reads back (merge-reports)");
    }

    @Test
    void aRequiredClauseUnexercisedFailsVerify() {
        List<ClauseRow> rows = run(List.of(req(UNCALLED)), 2);
        CoverageCheck.Verdict v = CoverageCheck.evaluate(coverage(rows, List.of(req(UNCALLED))));
        assertEquals(Status.FAIL, v.status(), v.detail());
        assertEquals(List.of("ClauseNeverExercised"), v.findings().stream().map(Finding::rule).toList());
        assertTrue(rows.stream().filter(r -> r.clause().equals(UNCALLED)).findFirst().orElseThrow().required());
    }

    @Test
    void requiredClausesExercisedNonVacuouslyPass() {
        List<String> required = List.of(req(IMPLICATION), req(PLAIN));
        List<ClauseRow> rows = run(required, 1);
        CoverageCheck.Verdict v = CoverageCheck.evaluate(coverage(rows, required));
        assertEquals(Status.PASS, v.status(), v.detail());
        assertFalse(v.findings().stream().anyMatch(f -> f.rule().startsWith("Clause")));
    }

    @Test
    void aRequiredClauseGoneFromTheEngineFails() {
        List<String> required = List.of(req("balance > 0"));
        CoverageCheck.Verdict v = CoverageCheck.evaluate(coverage(run(required, 1), required));
        assertEquals(List.of("RequiredClauseMissing"), v.findings().stream().map(Finding::rule).toList());
    }

    /** The shipped list names clauses that the engine's sources hold, each after a JML keyword in its file. */
    @Test
    void theShippedRequiredListNamesRealEngineClauses() throws Exception {
        List<String> required = ContractCoverage.required();
        assertTrue(required.size() >= 5, required.toString());
        Path root = Path.of("..").toAbsolutePath().normalize();
        for (String r : required) {
            int bar = r.indexOf(" | ");
            String source = Files.readString(root.resolve(r.substring(0, bar)));
            String clause = r.substring(bar + 3);
            assertTrue(source.lines().anyMatch(l -> l.strip().matches("//@ (requires|ensures|invariant) .*") && l.strip().endsWith(" " + clause + ";")),
                    "no JML clause '" + clause + "' in " + r.substring(0, bar));
        }
    }
}
