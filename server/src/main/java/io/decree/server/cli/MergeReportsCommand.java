package io.decree.server.cli;

import io.decree.server.verify.ReportMerge;
import io.decree.server.verify.ReportWriter;
import io.decree.server.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code decree merge-reports}: combines the verify.json of the shards of a {@code verify --shard i/n} split
 * into one report in every format. Exit 0 when the merged report passes (every shard present once, no
 * finding, coverage met), 1 otherwise.
 */
@Command(name = "merge-reports", mixinStandardHelpOptions = true,
        description = "Merge the verify.json reports of verify --shard i/n runs into one report (JSON, JUnit XML, SARIF, HTML).")
public final class MergeReportsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "REPORT", description = "verify.json files, or directories holding one")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "where the merged reports go (default ${DEFAULT-VALUE})")
    Path out = Path.of("target", "verify");

    @Override public Integer call() throws IOException {
        List<VerifyReport> reports = new ArrayList<>();
        for (Path p : inputs) {
            Path file = Files.isDirectory(p) ? p.resolve("verify.json") : p;
            if (!Files.isRegularFile(file)) throw new Main.UserError(p + ": no verify.json there");
            try {
                reports.add(ReportWriter.read(file));
            } catch (IOException e) {
                throw new Main.UserError(file + ": not a verify report: " + e.getMessage(), e);
            }
        }
        VerifyReport merged = ReportMerge.merge(reports);
        Path html = ReportWriter.writeAll(merged, out);
        System.out.printf("merge-reports: %d report(s), shards %s: %s, %d finding(s); %s%n", reports.size(), merged.shards(),
                merged.passed() ? "PASS" : "FAIL", merged.findings().size(), html.toAbsolutePath());
        return merged.passed() ? 0 : 1;
    }
}
