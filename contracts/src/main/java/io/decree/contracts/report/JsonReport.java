package io.decree.contracts.report;

import io.decree.contracts.ContractViolation;
import io.decree.contracts.ViolationRecorder;

import java.util.List;
import java.util.Map;

/**
 * {@code contract-violations.json}: one object per violated clause, the format {@code Gate} reads.
 *
 * <pre>{"tool":"decree-contracts","total":N,"violations":[{"kind","clause","file","line","method",
 *   "count","context","message","values":{name:value}}],"expected":[same, plus "expectedBecause"],
 *   "suspended":{reason:scopes}}</pre>
 *
 * "suspended" names every {@code ContractsSuspended} scope of the run (checks off on purpose), so a reader
 * of a clean report can see which tests ran without them.
 */
public final class JsonReport {
    public static final String TOOL = "decree-contracts";

    private JsonReport() {
    }

    public static String render(List<ViolationRecorder.Entry> entries) {
        return render(entries, List.of());
    }

    /** Unexpected violations under "violations" (the gate fails on them), expected ones under "expected". */
    public static String render(List<ViolationRecorder.Entry> entries, List<ViolationRecorder.Entry> expected) {
        return render(entries, expected, Map.of());
    }

    /** As above, plus the reasons checks were suspended for and how many scopes gave each. */
    public static String render(List<ViolationRecorder.Entry> entries, List<ViolationRecorder.Entry> expected,
                                Map<String, Long> suspended) {
        long total = 0;
        for (ViolationRecorder.Entry entry : entries) {
            total += entry.count();
        }
        StringBuilder out = new StringBuilder()
                .append("{\n  \"tool\": ").append(Json.quote(TOOL))
                .append(",\n  \"total\": ").append(total)
                .append(",\n  \"violations\": ");
        list(out, entries);
        out.append(",\n  \"expected\": ");
        list(out, expected);
        out.append(",\n  \"suspended\": {");
        String sep = "";
        for (Map.Entry<String, Long> reason : new java.util.TreeMap<>(suspended).entrySet()) {
            out.append(sep).append("\n    ").append(Json.quote(reason.getKey())).append(": ").append(reason.getValue());
            sep = ",";
        }
        out.append(suspended.isEmpty() ? "}" : "\n  }");
        return out.append("\n}\n").toString();
    }

    private static void list(StringBuilder out, List<ViolationRecorder.Entry> entries) {
        out.append('[');
        String sep = "\n";
        for (ViolationRecorder.Entry entry : entries) {
            ContractViolation v = entry.first();
            out.append(sep).append("    {")
                    .append("\"kind\": ").append(Json.quote(v.kind().id()))
                    .append(", \"clause\": ").append(Json.quote(v.clause()))
                    .append(", \"file\": ").append(Json.quote(v.file()))
                    .append(", \"line\": ").append(v.line())
                    .append(", \"method\": ").append(Json.quote(v.method()))
                    .append(", \"count\": ").append(entry.count())
                    .append(entry.expected() == null ? "" : ", \"expectedBecause\": " + Json.quote(entry.expected()))
                    .append(", \"context\": ").append(Json.quote(v.context()))
                    .append(", \"message\": ").append(Json.quote(v.getMessage()))
                    .append(", \"values\": {");
            String valueSep = "";
            for (Map.Entry<String, String> value : v.values().entrySet()) {
                out.append(valueSep).append(Json.quote(value.getKey())).append(": ").append(Json.quote(value.getValue()));
                valueSep = ", ";
            }
            out.append("}}");
            sep = ",\n";
        }
        out.append(entries.isEmpty() ? "]" : "\n  ]");
    }
}
