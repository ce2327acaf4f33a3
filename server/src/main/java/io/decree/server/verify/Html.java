package io.decree.server.verify;

import io.decree.server.verify.VerifyReport.Finding;
import io.decree.server.verify.VerifyReport.MutantRow;
import io.decree.server.verify.VerifyReport.Stage;
import java.util.List;
import java.util.Map;

/**
 * The audit report: one self-contained HTML file (inline CSS, a few lines of inline JS, SVG drawn here),
 * readable offline and attachable to a CI run. It shows what was checked and how much, every finding with
 * its seed, shrunk schedule, replay command, violated rule and space-time diagram, the mutant catch table
 * and the coverage. The script only folds event lists and records that the page rendered
 * ({@code body[data-rendered]}), which the Chromium test reads.
 */
final class Html {
    private Html() {}

    /**
     * Text as markup, for the report's HTML and the JUnit XML alike: the five special characters escaped,
     * and the control characters XML 1.0 forbids (a stack trace can carry them) dropped.
     */
    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> { if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') b.append(c); }
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
            h1{margin-bottom:4px} .verdict{font-size:20px;font-weight:bold;padding:6px 12px;display:inline-block;border-radius:4px}
            .PASS{background:#d5f5e3;color:#1e8449} .FAIL{background:#fadbd8;color:#943126} .SKIPPED{background:#fcf3cf;color:#7d6608}
            table{border-collapse:collapse;margin:8px 0 20px} td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f4f6f6} td.num{text-align:right;font-variant-numeric:tabular-nums} tr.zero td{background:#fdedec} tr.warn td{background:#fef9e7}
            .finding{border:1px solid #e6b0aa;border-radius:6px;padding:10px 14px;margin:14px 0;background:#fffafa}
            code,pre{background:#f4f6f6;padding:2px 4px;border-radius:3px} pre{padding:8px;overflow:auto;max-height:360px}
            .diagram{overflow:auto;border:1px solid #ddd;max-height:700px;background:#fff} .bar{fill:#5dade2} .bar.zero{fill:#e74c3c}
            button{margin:4px 0} #stages td:nth-child(3){white-space:nowrap}
            """;

    private static final String SCRIPT = """
            window.addEventListener('error', function (e) { document.body.setAttribute('data-errors', String(e.message)); });
            document.querySelectorAll('button[data-toggle]').forEach(function (b) {
              b.addEventListener('click', function () {
                var el = document.getElementById(b.getAttribute('data-toggle'));
                el.hidden = !el.hidden;
                b.textContent = el.hidden ? 'show events' : 'hide events';
              });
            });
            document.body.setAttribute('data-rendered', String(document.querySelectorAll('svg.spacetime').length));
            """;

    static String render(VerifyReport r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>decree verify: ")
                .append(r.passed() ? "PASS" : "FAIL").append("</title><style>").append(CSS).append("</style></head><body>");
        h.append("<h1>decree verify</h1><p><span class=\"verdict ").append(r.passed() ? "PASS\">PASS" : "FAIL\">FAIL").append("</span> ")
                .append(escape(r.depth())).append(", shards ").append(escape(String.join(", ", r.shards())))
                .append(r.mutant() != null ? ", mutant <b>" + escape(r.mutant()) + "</b> planted" : "")
                .append(String.format(java.util.Locale.ROOT, ", %.1f s wall", r.wallMillis() / 1000.0)).append("</p>");
        stages(h, r.stages());
        findings(h, r.findings());
        mutants(h, r.mutants());
        coverage(h, r.coverage());
        h.append("<script>").append(SCRIPT).append("</script></body></html>\n");
        return h.toString();
    }

    private static void stages(StringBuilder h, List<Stage> stages) {
        h.append("<h2>What was checked</h2><table id=\"stages\"><tr><th>stage</th><th>status</th><th>how much</th><th>detail</th><th>s</th></tr>");
        for (Stage s : stages) {
            h.append("<tr><td>").append(escape(s.name())).append("</td><td class=\"").append(s.status()).append("\">").append(s.status())
                    .append("</td><td>");
            s.counts().forEach((k, v) -> h.append(escape(k)).append(": <b>").append(v).append("</b><br>"));
            h.append("</td><td>").append(escape(s.detail())).append("</td><td class=\"num\">")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", s.millis() / 1000.0)).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void findings(StringBuilder h, List<Finding> findings) {
        h.append("<h2>Findings (").append(findings.size()).append(")</h2>");
        if (findings.isEmpty()) h.append("<p>None.</p>");
        int n = 0;
        for (Finding f : findings) {
            n++;
            h.append("<div class=\"finding\" id=\"finding-").append(n).append("\"><h3>").append(escape(f.rule())).append(" <small>(")
                    .append(escape(f.stage())).append(")</small></h3><table>");
            row(h, "violated", f.rule());
            if (!f.shape().isEmpty()) row(h, "run shape / model", f.shape());
            if (f.seed() != 0) row(h, "seed", Long.toString(f.seed()));
            if (!f.schedule().isEmpty()) row(h, f.shrunk() ? "shrunk schedule" : "schedule", f.schedule());
            if (!f.replay().isEmpty()) h.append("<tr><th>replay</th><td><code>").append(escape(f.replay())).append("</code></td></tr>");
            h.append("</table><pre>").append(escape(f.message())).append("</pre>");
            if (!f.events().isEmpty()) {
                SpaceTime.Diagram d = SpaceTime.parse(f.events());
                String svg = SpaceTime.svg(d);
                if (!svg.isEmpty()) {
                    h.append("<p>Space-time diagram: ").append(d.lanes().size()).append(" lanes, ").append(d.arrows().size()).append(" messages")
                            .append(d.messagesOmitted() > 0 ? " (the last; " + d.messagesOmitted() + " earlier omitted)" : "")
                            .append(", ").append(d.marks().stream().filter(SpaceTime.Mark::fault).count()).append(" faults (red). Hover for details.</p>")
                            .append("<div class=\"diagram\">").append(svg).append("</div>");
                }
                h.append("<button data-toggle=\"events-").append(n).append("\">show events</button><pre id=\"events-").append(n).append("\" hidden>");
                for (String e : f.events()) h.append(escape(e)).append('\n');
                h.append("</pre>");
            }
            h.append("</div>");
        }
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v)).append("</td></tr>");
    }

    private static void mutants(StringBuilder h, List<MutantRow> mutants) {
        h.append("<h2>Mutant catch table</h2><table id=\"mutants\"><tr><th>mutant</th><th>caught</th><th>by</th><th>seed</th><th>shape</th><th>runs</th><th>s</th></tr>");
        for (MutantRow m : mutants) {
            h.append("<tr").append(m.caught() ? "" : " class=\"zero\"").append("><td>").append(escape(m.name())).append("</td><td class=\"")
                    .append(m.caught() ? "PASS\">caught" : "FAIL\">SURVIVED").append("</td><td>").append(escape(m.invariant()))
                    .append("</td><td class=\"num\">").append(m.caught() ? Long.toString(m.seed()) : "").append("</td><td>").append(escape(m.shape()))
                    .append("</td><td class=\"num\">").append(m.runs()).append("</td><td class=\"num\">")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", m.millis() / 1000.0)).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void coverage(StringBuilder h, VerifyReport.Coverage c) {
        h.append("<h2>Coverage</h2><h3>Spec actions seen by trace validation</h3>");
        bars(h, "actions", c.actions(), c.required());
        h.append("<h3>Invariants: states in which each had something to compare</h3>");
        bars(h, "invariants", c.invariants(), List.copyOf(c.invariants().keySet()));
        h.append("<h3>Contract clauses</h3>");
        if (c.contracts().isEmpty()) h.append("<p>").append(escape(c.contractsNote())).append("</p>");
        else clauses(h, c.contracts());
    }

    /** Per clause: evaluations, antecedent-true count, a vacuous implication or an unevaluated clause flagged (red when required). */
    private static void clauses(StringBuilder h, List<VerifyReport.ClauseRow> rows) {
        long vacuous = rows.stream().filter(VerifyReport.ClauseRow::vacuous).count();
        long never = rows.stream().filter(r -> r.evaluations() == 0).count();
        h.append("<p>").append(rows.size()).append(" clauses; ").append(rows.size() - never).append(" evaluated, ").append(never)
                .append(" never; ").append(vacuous).append(" vacuous implications (antecedent never true). Counted over the simulated sweeps.</p>");
        h.append("<table id=\"contracts\"><tr><th>kind</th><th>clause</th><th>location</th><th>checked in</th><th>evaluations</th>"
                + "<th>antecedent true</th><th>verdict</th><th>required</th></tr>");
        for (VerifyReport.ClauseRow r : rows) {
            String verdict = r.evaluations() == 0 ? "never evaluated" : r.vacuous() ? "vacuous" : "exercised";
            boolean bad = r.evaluations() == 0 || r.vacuous();
            h.append("<tr").append(bad ? (r.required() ? " class=\"zero\"" : " class=\"warn\"") : "").append("><td>").append(escape(r.kind()))
                    .append("</td><td><code>").append(escape(r.clause())).append("</code></td><td>").append(escape(r.location()))
                    .append("</td><td>").append(escape(r.where())).append("</td><td class=\"num\">").append(r.evaluations())
                    .append("</td><td class=\"num\">").append(r.implication() ? Long.toString(r.antecedentTrue()) : "")
                    .append("</td><td>").append(verdict).append("</td><td>").append(r.required() ? "yes" : "").append("</td></tr>");
        }
        h.append("</table>");
    }

    /** A table with a hand-drawn SVG bar per row (log scale); a required row at zero is flagged. */
    private static void bars(StringBuilder h, String id, Map<String, Long> values, List<String> required) {
        long max = Math.max(1, values.values().stream().mapToLong(Long::longValue).max().orElse(1));
        h.append("<table id=\"").append(id).append("\"><tr><th>name</th><th>count</th><th></th><th>required</th></tr>");
        values.forEach((k, v) -> {
            boolean req = required.contains(k);
            int w = v == 0 ? 2 : (int) Math.max(3, 300 * Math.log1p(v) / Math.log1p(max));
            h.append("<tr").append(v == 0 ? " class=\"zero\"" : "").append("><td>").append(escape(k)).append("</td><td class=\"num\">").append(v)
                    .append(v == 0 ? " <b>never</b>" : "").append("</td><td><svg width=\"304\" height=\"12\"><rect class=\"bar").append(v == 0 ? " zero" : "")
                    .append("\" x=\"0\" y=\"1\" width=\"").append(w).append("\" height=\"10\"/></svg></td><td>").append(req ? "yes" : "").append("</td></tr>");
        });
        h.append("</table>");
    }
}
