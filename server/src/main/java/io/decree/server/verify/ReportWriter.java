package io.decree.server.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decree.server.verify.VerifyReport.Finding;
import io.decree.server.verify.VerifyReport.MutantRow;
import io.decree.server.verify.VerifyReport.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a report in every format into one directory: verify.json (the report itself, what merge-reports
 * reads), junit.xml (a test case per stage and per mutant), verify.sarif (SARIF 2.1.0, one result per
 * finding, the rule id the violated invariant or clause) and verify.html (the audit report).
 */
public final class ReportWriter {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    /** Writes every format; returns the HTML file. */
    public static Path writeAll(VerifyReport r, Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("verify.json").toFile(), r);
        Files.writeString(dir.resolve("junit.xml"), junit(r), StandardCharsets.UTF_8);
        JSON.writeValue(dir.resolve("verify.sarif").toFile(), sarif(r));
        Path html = dir.resolve("verify.html");
        Files.writeString(html, Html.render(r), StandardCharsets.UTF_8);
        return html;
    }

    public static VerifyReport read(Path json) throws IOException {
        return JSON.readValue(json.toFile(), VerifyReport.class);
    }

    static String junit(VerifyReport r) {
        long failures = r.stages().stream().filter(s -> s.status() == VerifyReport.Status.FAIL).count()
                + r.mutants().stream().filter(m -> !m.caught()).count();
        long skipped = r.stages().stream().filter(s -> s.status() == VerifyReport.Status.SKIPPED).count();
        int tests = r.stages().size() + r.mutants().size();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuite name=\"decree-verify-%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">%n",
                xml(r.depth()), tests, failures, skipped, r.wallMillis() / 1000.0));
        for (Stage s : r.stages()) {
            x.append(String.format(Locale.ROOT, "  <testcase classname=\"decree.verify\" name=\"%s\" time=\"%.3f\">", xml(s.name()), s.millis() / 1000.0));
            if (s.status() == VerifyReport.Status.SKIPPED) x.append("<skipped message=\"").append(xml(s.detail())).append("\"/>");
            if (s.status() == VerifyReport.Status.FAIL) {
                x.append("<failure message=\"").append(xml(s.detail())).append("\">");
                for (Finding f : r.findings()) if (f.stage().equals(s.name())) x.append(xml(f.rule() + ": " + f.message() + "\nreplay: " + f.replay() + "\n\n"));
                x.append("</failure>");
            }
            x.append("<system-out>").append(xml(s.counts().toString())).append("</system-out></testcase>\n");
        }
        for (MutantRow m : r.mutants()) {
            x.append(String.format(Locale.ROOT, "  <testcase classname=\"decree.verify.mutants\" name=\"%s\" time=\"%.3f\">", xml(m.name()), m.millis() / 1000.0));
            if (!m.caught()) x.append("<failure message=\"").append(xml(m.name() + " survived " + m.runs() + " seeds")).append("\"/>");
            x.append("</testcase>\n");
        }
        return x.append("</testsuite>\n").toString();
    }

    private static String xml(String s) { return Html.escape(s); }

    /** SARIF 2.1.0: rule ids are the invariants and clauses findings violated; each result says how to replay. */
    static ObjectNode sarif(VerifyReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "decree verify");
        driver.put("version", "0.1.0-SNAPSHOT");
        Set<String> rules = new LinkedHashSet<>();
        for (Finding f : r.findings()) rules.add(f.rule());
        ArrayNode ruleArray = driver.putArray("rules");
        List<String> ruleList = List.copyOf(rules);
        for (String id : ruleList) {
            ObjectNode rule = ruleArray.addObject();
            rule.put("id", id);
            rule.putObject("shortDescription").put("text", id + " (a Decree invariant, spec property or check)");
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : r.findings()) {
            ObjectNode res = results.addObject();
            res.put("ruleId", f.rule());
            res.put("ruleIndex", ruleList.indexOf(f.rule()));
            res.put("level", "error");
            res.putObject("message").put("text", f.message() + (f.replay().isEmpty() ? "" : "\nreplay: " + f.replay()));
            ObjectNode loc = res.putArray("locations").addObject();
            String uri = f.stage().equals("spec") && !f.shape().isEmpty() ? "specs-tla/" + f.shape() + ".tla" : "docs/verify.md";
            loc.putObject("physicalLocation").putObject("artifactLocation").put("uri", uri);
            loc.putArray("logicalLocations").addObject().put("name", f.stage() + (f.shape().isEmpty() ? "" : "/" + f.shape()))
                    .put("kind", "module");
            ObjectNode props = res.putObject("properties");
            props.put("stage", f.stage());
            props.put("seed", f.seed());
            props.put("schedule", f.schedule());
            props.put("shrunk", f.shrunk());
            props.put("replay", f.replay());
        }
        return root;
    }
}
