package io.decree.contracts;

import io.decree.contracts.report.Json;
import io.decree.contracts.translate.Translator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptance demo of docs/contracts.md, end to end and in separate JVMs as CI runs it: instrument a
 * source tree, compile it, run it (its reports are written by the recorder's shutdown hook), then run the
 * {@link Gate} on the JSON report. A clean tree gives empty reports and a gate that exits 0; the same tree
 * with one clause deliberately broken ({@code >=} flipped to {@code >}) gives reports naming that clause
 * and a gate that exits non-zero naming it too.
 */
class GateEndToEndTest {
    private static final String CLAUSE = "//@ ensures balance >= 0;";
    private static final String BROKEN = "//@ ensures balance > 0;";

    @TempDir
    Path work;

    @Test
    void cleanRunWritesEmptyReportsAndPassesTheGate() throws Exception {
        Run run = instrumentAndRun(false);
        assertEquals(0, run.exit, run.output);
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(run.reports.resolve(ViolationRecorder.JSON_FILE)));
        assertEquals(0L, json.get("total"));
        assertEquals(List.of(), json.get("violations"));
        assertEquals(List.of(), sarifResults(run.reports));
        Gated gate = gate(run.reports);
        assertEquals(0, gate.exit, gate.output);
        assertTrue(gate.output.contains("no contract violations"), gate.output);
    }

    @Test
    void brokenClauseFailsTheGateAndBothReportsNameIt() throws Exception {
        Run run = instrumentAndRun(true);
        assertNotEquals(0, run.exit, "the fixture's main must die of the violation: " + run.output);
        assertTrue(run.output.contains("JML ensures violated: balance > 0"), run.output);
        int line = lineOf(run.source, BROKEN);

        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(run.reports.resolve(ViolationRecorder.JSON_FILE)));
        assertEquals(1L, json.get("total"));
        Map<?, ?> v = (Map<?, ?>) ((List<?>) json.get("violations")).getFirst();
        assertEquals("ensures", v.get("kind"));
        assertEquals("balance > 0", v.get("clause"));
        assertTrue(String.valueOf(v.get("file")).endsWith("fx/Ledger.java"), String.valueOf(v.get("file")));
        assertEquals((long) line, v.get("line"));
        assertEquals("0", ((Map<?, ?>) v.get("values")).get("balance"));

        List<?> results = sarifResults(run.reports);
        assertEquals(1, results.size());
        Map<?, ?> result = (Map<?, ?>) results.getFirst();
        assertEquals("ensures", result.get("ruleId"));
        assertTrue(String.valueOf(((Map<?, ?>) result.get("message")).get("text")).contains("balance > 0"));
        Map<?, ?> physical = (Map<?, ?>) ((Map<?, ?>) ((List<?>) result.get("locations")).getFirst()).get("physicalLocation");
        assertTrue(String.valueOf(((Map<?, ?>) physical.get("artifactLocation")).get("uri")).endsWith("fx/Ledger.java"));
        assertEquals((long) line, ((Map<?, ?>) physical.get("region")).get("startLine"));

        Gated gate = gate(run.reports);
        assertNotEquals(0, gate.exit, "the gate must fail the build: " + gate.output);
        assertTrue(gate.output.contains("balance > 0") && gate.output.contains("Ledger.java:" + line), gate.output);
    }

    /**
     * Stands in for a test JVM: the recorder is in place before the code under test runs (as the JUnit
     * listener puts it there), so its shutdown hook writes the reports however the run ends.
     */
    public static final class Suite {
        public static void main(String[] args) throws Throwable {
            ViolationRecorder.global();
            try {
                Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private record Run(Path source, Path reports, int exit, String output) {
    }

    private record Gated(int exit, String output) {
    }

    private Run instrumentAndRun(boolean breakClause) throws Exception {
        Path source = work.resolve("src");
        Path file = source.resolve("fx/Ledger.java");
        Files.createDirectories(file.getParent());
        String text = Files.readString(Fixture.FIXTURES.resolve("gate/fx/Ledger.java"));
        assertTrue(text.contains(CLAUSE), "the fixture must carry the clause the demo breaks");
        Files.writeString(file, breakClause ? text.replace(CLAUSE, BROKEN) : text);
        Path generated = work.resolve("generated");
        Translator.instrument(source, generated, work);
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        Fixture.compile(generated, classes);
        Path reports = work.resolve("reports");
        Gated run = java(List.of("-D" + ViolationRecorder.REPORT_DIR_PROPERTY + "=" + reports), classes,
                Suite.class.getName(), "fx.Ledger");
        return new Run(file, reports, run.exit, run.output);
    }

    private Gated gate(Path reports) throws Exception {
        return java(List.of(), null, Gate.class.getName(), reports.resolve(ViolationRecorder.JSON_FILE).toString());
    }

    /** Runs a main class in a fresh JVM (this JVM's java and class path, plus {@code extra}). */
    private static Gated java(List<String> properties, Path extra, String main, String... args) throws Exception {
        String launcher = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path") + (extra == null ? "" : File.pathSeparator + extra);
        List<String> command = new ArrayList<>(List.of(launcher, "-cp", classPath));
        command.addAll(properties);
        command.add(main);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        return new Gated(process.exitValue(), output);
    }

    private static List<?> sarifResults(Path reports) throws IOException {
        Map<?, ?> sarif = (Map<?, ?>) Json.parse(Files.readString(reports.resolve(ViolationRecorder.SARIF_FILE)));
        assertEquals("2.1.0", sarif.get("version"));
        return (List<?>) ((Map<?, ?>) ((List<?>) sarif.get("runs")).getFirst()).get("results");
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
