package io.decree.contracts;

import io.decree.contracts.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON and SARIF 2.1.0 reports, and the gate that reads them. */
class ReportAndGateTest {
    @TempDir
    Path dir;

    private static ContractViolation violation(String clause, int line) {
        return new ContractViolation(ClauseKind.ENSURES, clause, "engine/src/main/java/io/decree/X.java", line,
                "X.m(int)", "replica 1 slot 7", Map.of("slot", "7", "\\result", "\"a \\\"quoted\\\" value\""), null);
    }

    @Test
    void cleanRunWritesEmptyReportsThatPassTheGate() throws IOException {
        ViolationRecorder recorder = new ViolationRecorder(dir);
        Path json = recorder.writeReports();
        Map<?, ?> root = (Map<?, ?>) Json.parse(Files.readString(json));
        assertEquals(0L, root.get("total"));
        assertEquals(List.of(), root.get("violations"));
        Map<?, ?> sarif = (Map<?, ?>) Json.parse(Files.readString(dir.resolve(ViolationRecorder.SARIF_FILE)));
        assertEquals("2.1.0", sarif.get("version"));
        assertEquals(List.of(), ((Map<?, ?>) ((List<?>) sarif.get("runs")).getFirst()).get("results"));
        assertEquals(List.of(), Gate.check(json.toString()));
    }

    @Test
    void jsonReportCarriesEverythingAboutTheViolation() throws IOException {
        ViolationRecorder recorder = new ViolationRecorder(dir);
        recorder.record(violation("slot >= 0 ==> \\result != null", 12));
        recorder.record(violation("slot >= 0 ==> \\result != null", 12));
        Map<?, ?> root = (Map<?, ?>) Json.parse(Files.readString(recorder.writeReports()));
        assertEquals(2L, root.get("total"));
        Map<?, ?> v = (Map<?, ?>) ((List<?>) root.get("violations")).getFirst();
        assertEquals("ensures", v.get("kind"));
        assertEquals("slot >= 0 ==> \\result != null", v.get("clause"));
        assertEquals("engine/src/main/java/io/decree/X.java", v.get("file"));
        assertEquals(12L, v.get("line"));
        assertEquals(2L, v.get("count"));
        assertEquals("replica 1 slot 7", v.get("context"));
        assertEquals("7", ((Map<?, ?>) v.get("values")).get("slot"));
        assertEquals("\"a \\\"quoted\\\" value\"", ((Map<?, ?>) v.get("values")).get("\\result"));
    }

    @Test
    void sarifReportHasTheShapeOf210() throws IOException {
        ViolationRecorder recorder = new ViolationRecorder(dir);
        recorder.record(violation("x > 0", 3));
        recorder.writeReports();
        Map<?, ?> sarif = (Map<?, ?>) Json.parse(Files.readString(dir.resolve(ViolationRecorder.SARIF_FILE)));
        assertEquals("2.1.0", sarif.get("version"));
        assertTrue(String.valueOf(sarif.get("$schema")).contains("sarif-2.1.0"));
        Map<?, ?> run = (Map<?, ?>) ((List<?>) sarif.get("runs")).getFirst();
        Map<?, ?> driver = (Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver");
        assertEquals("decree-contracts", driver.get("name"));
        List<?> rules = (List<?>) driver.get("rules");
        assertEquals(ClauseKind.values().length, rules.size());
        Map<?, ?> result = (Map<?, ?>) ((List<?>) run.get("results")).getFirst();
        assertEquals("ensures", result.get("ruleId"));
        assertEquals("ensures", ((Map<?, ?>) rules.get(((Long) result.get("ruleIndex")).intValue())).get("id"));
        assertTrue(String.valueOf(((Map<?, ?>) result.get("message")).get("text")).contains("x > 0"));
        Map<?, ?> physical = (Map<?, ?>) ((Map<?, ?>) ((List<?>) result.get("locations")).getFirst()).get("physicalLocation");
        assertEquals("engine/src/main/java/io/decree/X.java", ((Map<?, ?>) physical.get("artifactLocation")).get("uri"));
        assertEquals(3L, ((Map<?, ?>) physical.get("region")).get("startLine"));
    }

    @Test
    void gateFailsNamingTheClause() throws IOException {
        ViolationRecorder recorder = new ViolationRecorder(dir);
        recorder.record(violation("slot >= 0 ==> \\result != null", 12));
        Path json = recorder.writeReports();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Gate.main(new String[]{json.toString()}));
        assertTrue(e.getMessage().contains("slot >= 0 ==> \\result != null"), e.getMessage());
        assertTrue(e.getMessage().contains("engine/src/main/java/io/decree/X.java:12"), e.getMessage());
        assertTrue(e.getMessage().contains("replica 1 slot 7"), e.getMessage());
    }

    @Test
    void gateTreatsAMissingReportByWhetherTestsRan() throws IOException {
        Path missing = dir.resolve("none.json");
        Path surefire = dir.resolve("surefire-reports");
        Files.createDirectories(surefire);
        assertEquals(List.of(), Gate.check("--surefire-reports", surefire.toString(), missing.toString()));
        Files.writeString(surefire.resolve("TEST-io.decree.SomeTest.xml"), "<testsuite/>");
        assertEquals(1, Gate.check("--surefire-reports", surefire.toString(), missing.toString()).size());
        assertEquals(List.of(), Gate.check("--skip", "true", "--surefire-reports", surefire.toString(), missing.toString()));
        assertEquals(1, Gate.check("--skip", "${skipTests}", "--surefire-reports", surefire.toString(), missing.toString()).size());
        assertEquals(1, Gate.check("--skip", null, "--surefire-reports", surefire.toString(), missing.toString()).size());
    }

    @Test
    void expectedViolationsAreReportedButDoNotFailTheGate() throws IOException {
        ViolationRecorder recorder = new ViolationRecorder(dir);
        try (var scope = ExpectedViolations.onThisThread("mutant QUORUM_OF_HALF")) {
            recorder.record(violation("x > 0", 3));
        }
        assertEquals(List.of(), recorder.entries());
        assertEquals(0, recorder.total());
        Path json = recorder.writeReports();
        Map<?, ?> root = (Map<?, ?>) Json.parse(Files.readString(json));
        Map<?, ?> expected = (Map<?, ?>) ((List<?>) root.get("expected")).getFirst();
        assertEquals("mutant QUORUM_OF_HALF", expected.get("expectedBecause"));
        assertEquals(List.of(), Gate.check(json.toString()));
        recorder.record(violation("x > 0", 3));
        assertEquals(1, recorder.total(), "outside the scope the same clause counts again");
    }

    @Test
    void jsonParserRejectsMalformedInput() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": }"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertEquals(List.of(1L, "x", true), Json.parse("[1, \"x\", true]"));
    }
}
