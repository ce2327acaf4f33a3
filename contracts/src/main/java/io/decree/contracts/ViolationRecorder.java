package io.decree.contracts;

import io.decree.contracts.report.JsonReport;
import io.decree.contracts.report.SarifReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every contract violation of this JVM, including those the code under test caught and swallowed, and
 * the reports made from them: {@code contract-violations.json} (read by {@link Gate}) and
 * {@code contract-violations.sarif} (SARIF 2.1.0, for code-scanning viewers).
 *
 * <p>The global recorder writes to the directory named by the system property
 * {@value #REPORT_DIR_PROPERTY}, else {@code target/} under the working directory (Surefire runs tests in
 * the module's base directory). It writes when a JUnit test plan finishes ({@link ViolationListener}), at
 * JVM exit, and on demand via {@link #writeReports()}. A clean run writes empty reports.
 *
 * <p>Violations of the same clause are folded into one entry with a count, keeping the first occurrence's
 * values and context, so a soak test that breaks a clause a million times does not exhaust memory.
 */
public final class ViolationRecorder {
    public static final String REPORT_DIR_PROPERTY = "decree.contracts.reports";
    public static final String JSON_FILE = "contract-violations.json";
    public static final String SARIF_FILE = "contract-violations.sarif";

    private static final ViolationRecorder GLOBAL = new ViolationRecorder(defaultReportDir());

    static {
        Thread hook = new Thread(() -> {
            try {
                GLOBAL.writeReports();
            } catch (RuntimeException e) {
                System.err.println("decree-contracts: could not write violation reports: " + e);
            }
        }, "decree-contracts-report");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** One clause that was violated, with how often, the first occurrence, and why it was expected (or null). */
    public record Entry(ContractViolation first, long count, String expected) {
        public Entry(ContractViolation first, long count) {
            this(first, count, null);
        }
    }

    private final Path reportDir;
    private final Map<String, ContractViolation> first = new LinkedHashMap<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, String> expected = new LinkedHashMap<>();

    public ViolationRecorder(Path reportDir) {
        this.reportDir = reportDir;
    }

    /** The recorder the instrumented code reports to. */
    public static ViolationRecorder global() {
        return GLOBAL;
    }

    private static Path defaultReportDir() {
        String configured = System.getProperty(REPORT_DIR_PROPERTY);
        return configured == null || configured.isBlank() ? Paths.get("target") : Paths.get(configured);
    }

    public Path reportDir() {
        return reportDir;
    }

    public synchronized void record(ContractViolation violation) {
        String reason = ExpectedViolations.reason();
        String key = violation.kind().id() + '|' + violation.file() + '|' + violation.line() + '|'
                + violation.clause() + '|' + violation.method() + (reason == null ? "" : "|expected:" + reason);
        first.putIfAbsent(key, violation);
        if (reason != null) {
            expected.putIfAbsent(key, reason);
        }
        counts.merge(key, 1L, Long::sum);
    }

    /** The violations that were not expected: these fail the gate. */
    public synchronized List<Entry> entries() {
        return select(false);
    }

    /** The violations raised inside an {@link ExpectedViolations} scope. */
    public synchronized List<Entry> expectedEntries() {
        return select(true);
    }

    private List<Entry> select(boolean wantExpected) {
        List<Entry> entries = new ArrayList<>(first.size());
        for (Map.Entry<String, ContractViolation> entry : first.entrySet()) {
            String reason = expected.get(entry.getKey());
            if ((reason != null) == wantExpected) {
                entries.add(new Entry(entry.getValue(), counts.get(entry.getKey()), reason));
            }
        }
        return entries;
    }

    /** How many unexpected violations were recorded. */
    public synchronized long total() {
        long total = 0;
        for (Entry entry : select(false)) {
            total += entry.count();
        }
        return total;
    }

    public synchronized void clear() {
        first.clear();
        counts.clear();
        expected.clear();
    }

    /** Writes both reports (empty ones when nothing was violated) and returns the JSON report's path. */
    public Path writeReports() {
        List<Entry> entries = entries();
        List<Entry> expectedEntries = expectedEntries();
        try {
            Files.createDirectories(reportDir);
            Path json = reportDir.resolve(JSON_FILE);
            writeAtomically(json, JsonReport.render(entries, expectedEntries, ContractsSuspended.reasons()));
            writeAtomically(reportDir.resolve(SARIF_FILE), SarifReport.render(entries));
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write contract violation reports to " + reportDir, e);
        }
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
