package io.decree.contracts.report;

import io.decree.contracts.ClauseKind;
import io.decree.contracts.ContractViolation;
import io.decree.contracts.ViolationRecorder;

import java.util.List;

/**
 * {@code contract-violations.sarif}: the same violations as SARIF 2.1.0, one rule per JML clause kind
 * (ruleId = the keyword), one result per violated clause with the clause's file and line, so code-scanning
 * viewers point at the JML that broke.
 */
public final class SarifReport {
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifReport() {
    }

    public static String render(List<ViolationRecorder.Entry> entries) {
        StringBuilder out = new StringBuilder()
                .append("{\n  \"$schema\": ").append(Json.quote(SCHEMA))
                .append(",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {")
                .append("\"name\": ").append(Json.quote(JsonReport.TOOL))
                .append(", \"informationUri\": \"https://www.openjml.org/documentation/JML_Reference_Manual.pdf\"")
                .append(", \"rules\": [");
        ClauseKind[] kinds = ClauseKind.values();
        for (int i = 0; i < kinds.length; i++) {
            out.append(i == 0 ? "\n      " : ",\n      ")
                    .append("{\"id\": ").append(Json.quote(kinds[i].id()))
                    .append(", \"name\": ").append(Json.quote(camel(kinds[i].id())))
                    .append(", \"shortDescription\": {\"text\": ").append(Json.quote(kinds[i].description())).append("}")
                    .append(", \"defaultConfiguration\": {\"level\": \"error\"}}");
        }
        out.append("]}},\n    \"results\": [");
        String sep = "\n      ";
        for (ViolationRecorder.Entry entry : entries) {
            ContractViolation v = entry.first();
            out.append(sep)
                    .append("{\"ruleId\": ").append(Json.quote(v.kind().id()))
                    .append(", \"ruleIndex\": ").append(v.kind().ordinal())
                    .append(", \"level\": \"error\"")
                    .append(", \"message\": {\"text\": ").append(Json.quote(v.getMessage()
                            + (entry.count() > 1 ? " (" + entry.count() + " times)" : ""))).append("}")
                    .append(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ")
                    .append(Json.quote(v.file())).append("}, \"region\": {\"startLine\": ")
                    .append(Math.max(1, v.line())).append("}}}]")
                    .append(", \"occurrenceCount\": ").append(entry.count()).append("}");
            sep = ",\n      ";
        }
        return out.append(entries.isEmpty() ? "]\n  }]\n}\n" : "\n    ]\n  }]\n}\n").toString();
    }

    private static String camel(String id) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : id.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
