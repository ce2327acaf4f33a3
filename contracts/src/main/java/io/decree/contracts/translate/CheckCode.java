package io.decree.contracts.translate;

import java.util.List;

/** Java source text of the generated checks; every string the runtime shows is a literal here. */
final class CheckCode {
    static final String RAC = "io.decree.contracts.runtime.Rac";
    static final String KIND = "io.decree.contracts.ClauseKind";

    private CheckCode() {
    }

    /**
     * A statement that throws a recorded violation when {@code guard} holds and the clause does not, and turns
     * an exception from evaluating the clause into a violation too.
     */
    static String check(String kind, ClauseTranslator.Checked c, String guard, String where, String context, String cause) {
        String values = values(c.shown());
        String args = KIND + "." + kind + ", " + literal(c.clause().text()) + ", " + literal(c.file()) + ", "
                + c.clause().at().line() + ", " + where + ", " + context;
        String condition = (guard == null ? "" : guard + " && ") + "!(" + c.condition() + ")";
        return "try { " + c.counted() + " if (" + condition + ") { throw " + RAC + ".violated(" + args + ", " + cause + values + "); } }"
                + " catch (RuntimeException jml$x) { throw " + RAC + ".threw(" + args + ", jml$x" + values + "); }";
    }

    /** A statement that throws when {@code failed} holds; for checks that are not a clause's expression. */
    static String fail(String kind, String text, String file, int line, String failed, String where, String context,
                       String cause, String values) {
        return "if (" + failed + ") { throw " + RAC + ".violated(" + KIND + "." + kind + ", " + literal(text) + ", "
                + literal(file) + ", " + line + ", " + where + ", " + context + ", " + cause + values + "); }";
    }

    static String values(List<ClauseTranslator.Shown> shown) {
        StringBuilder out = new StringBuilder();
        for (ClauseTranslator.Shown s : shown) {
            out.append(", ").append(RAC).append(".v(").append(literal(s.display())).append(", () -> ")
                    .append(s.expression()).append(')');
        }
        return out.toString();
    }

    static String literal(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(ch);
            }
        }
        return out.append('"').toString();
    }
}
