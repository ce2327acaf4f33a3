package io.decree.contracts;

import io.decree.contracts.report.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CI gate: fails the build when a suite saw any contract violation, naming each clause.
 *
 * <pre>io.decree.contracts.Gate [--skip true|false] [--surefire-reports DIR] REPORT.json...</pre>
 *
 * Run at {@code verify} through exec:java; it throws (which fails the Maven build) rather than calling
 * System.exit. A missing report passes only if no tests ran ({@code --surefire-reports} has no results, or
 * {@code --skip true}); if tests ran but left no report, the wiring is broken and the gate fails.
 */
public final class Gate {
    private Gate() {
    }

    public static void main(String[] args) throws IOException {
        List<String> problems = check(args);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems));
        }
    }

    /** The reasons to fail, empty when the gate passes; also prints what it saw. */
    public static List<String> check(String... args) throws IOException {
        List<Path> reports = new ArrayList<>();
        Path surefire = null;
        boolean skip = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                continue; // exec-maven-plugin passes an undefined property (-DskipTests not given) as null
            }
            switch (args[i]) {
                case "--skip" -> skip |= ++i < args.length && args[i] != null && "true".equalsIgnoreCase(args[i].trim());
                case "--surefire-reports" -> surefire = Paths.get(args[++i]);
                default -> reports.add(Paths.get(args[i]));
            }
        }
        List<String> problems = new ArrayList<>();
        if (skip) {
            System.out.println("decree-contracts gate: tests skipped, nothing to check");
            return problems;
        }
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("usage: io.decree.contracts.Gate [--skip B] [--surefire-reports DIR] REPORT.json...");
        }
        for (Path report : reports) {
            if (!Files.exists(report)) {
                if (testsRan(surefire)) {
                    problems.add("decree-contracts gate: tests ran but wrote no contract report at " + report
                            + " (is decree-contracts on the test class path?)");
                } else {
                    System.out.println("decree-contracts gate: no tests ran, no report at " + report);
                }
                continue;
            }
            problems.addAll(violations(report));
        }
        if (problems.isEmpty()) {
            System.out.println("decree-contracts gate: no contract violations in " + reports);
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static List<String> violations(Path report) throws IOException {
        Object parsed = Json.parse(Files.readString(report, StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("violations") instanceof List<?> list)) {
            return List.of("decree-contracts gate: " + report + " is not a contract violation report");
        }
        List<String> problems = new ArrayList<>();
        for (Object item : list) {
            Map<String, Object> v = (Map<String, Object>) item;
            problems.add("JML " + v.get("kind") + " violated " + v.get("count") + "x: " + v.get("clause")
                    + " at " + v.get("file") + ":" + v.get("line") + " in " + v.get("method")
                    + (String.valueOf(v.get("context")).isEmpty() ? "" : " [" + v.get("context") + "]")
                    + " values " + v.get("values"));
        }
        if (!problems.isEmpty()) {
            problems.addFirst("decree-contracts gate: " + problems.size() + " violated clause(s) in " + report + ":");
        }
        return problems;
    }

    private static boolean testsRan(Path surefire) throws IOException {
        if (surefire == null || !Files.isDirectory(surefire)) {
            return false;
        }
        try (Stream<Path> files = Files.list(surefire)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("TEST-") && p.toString().endsWith(".xml"));
        }
    }
}
