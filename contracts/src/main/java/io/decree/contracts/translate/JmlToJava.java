package io.decree.contracts.translate;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the tokens of a JML expression into Java source text. JML's own operators become Java with
 * JML's precedence (conditional below equivalence below implication below {@code ||}); {@code \result}
 * becomes {@code jml$result}; {@code \old(e)} becomes a marker call {@code jml$old(e)} that
 * {@link ClauseTranslator} lifts into a local evaluated on entry; quantifiers become calls to
 * {@code io.decree.contracts.runtime.Quantifiers} with a lambda for the body (see {@link QuantifierRanges}).
 */
final class JmlToJava {
    static final String RESULT = "jml$result";
    static final String OLD_MARKER = "jml$old";
    /** Wraps the antecedent of a clause's top-level implication, for clause coverage ({@link ClauseTranslator}). */
    static final String ANTECEDENT_MARKER = "jml$antecedent";

    private final boolean resultAllowed;
    private final boolean oldAllowed;

    JmlToJava(boolean resultAllowed, boolean oldAllowed) {
        this.resultAllowed = resultAllowed;
        this.oldAllowed = oldAllowed;
    }

    String translate(List<Token> tokens) {
        return translate(tokens, false);
    }

    /**
     * A whole clause: as {@link #translate(List)}, with the antecedent of a top-level implication (also inside
     * outer parentheses) wrapped in {@link #ANTECEDENT_MARKER}{@code (...)}.
     */
    String translateClause(List<Token> tokens) {
        if (tokens.size() > 2 && tokens.getFirst().is("(") && matching(tokens, 0) == tokens.size() - 1
                && !tokens.get(1).is("\\forall") && !tokens.get(1).is("\\exists")) {
            return "(" + translateClause(tokens.subList(1, tokens.size() - 1)) + ")";
        }
        return translate(tokens, true);
    }

    /** Whether a clause's top level is an implication (what {@link #translateClause} marks). */
    static boolean isImplication(List<Token> tokens) {
        if (tokens.size() > 2 && tokens.getFirst().is("(") && matching(tokens, 0) == tokens.size() - 1) {
            return isImplication(tokens.subList(1, tokens.size() - 1));
        }
        return splitTopLevel(tokens, ",").size() == 1 && findConditional(tokens) < 0
                && lastTopLevel(tokens, "<==>", "<=!=>") < 0
                && (firstTopLevel(tokens, "==>") >= 0 || lastTopLevel(tokens, "<==") >= 0);
    }

    private String translate(List<Token> tokens, boolean markAntecedent) {
        if (tokens.isEmpty()) {
            throw new IllegalStateException("empty expression");
        }
        List<List<Token>> commaParts = splitTopLevel(tokens, ",");
        if (commaParts.size() > 1) {
            List<String> parts = new ArrayList<>();
            for (List<Token> part : commaParts) {
                parts.add(translate(part));
            }
            return String.join(", ", parts);
        }
        int question = findConditional(tokens);
        if (question >= 0) {
            int colon = matchingColon(tokens, question);
            return "(" + translate(tokens.subList(0, question)) + " ? " + translate(tokens.subList(question + 1, colon))
                    + " : " + translate(tokens.subList(colon + 1, tokens.size())) + ")";
        }
        int equivalence = lastTopLevel(tokens, "<==>", "<=!=>");
        if (equivalence >= 0) {
            String op = tokens.get(equivalence).is("<==>") ? " == " : " != ";
            return "((" + translate(nonEmpty(tokens, 0, equivalence)) + ")" + op
                    + "(" + translate(nonEmpty(tokens, equivalence + 1, tokens.size())) + "))";
        }
        int implies = firstTopLevel(tokens, "==>");
        int reverse = lastTopLevel(tokens, "<==");
        if (implies >= 0 && reverse >= 0) {
            throw new JmlError(tokens.get(reverse), "mixing ==> and <== needs parentheses");
        }
        if (implies >= 0) {
            String antecedent = translate(nonEmpty(tokens, 0, implies));
            return "(!(" + (markAntecedent ? ANTECEDENT_MARKER + "(" + antecedent + ")" : antecedent) + ") || ("
                    + translate(nonEmpty(tokens, implies + 1, tokens.size())) + "))";
        }
        if (reverse >= 0) {
            String consequent = translate(nonEmpty(tokens, 0, reverse));
            String antecedent = translate(nonEmpty(tokens, reverse + 1, tokens.size()));
            if (markAntecedent) { // antecedent first, so it is evaluated (and counted) whatever the consequent is
                return "(!(" + ANTECEDENT_MARKER + "(" + antecedent + ")) || (" + consequent + "))";
            }
            return "((" + consequent + ") || !(" + antecedent + "))";
        }
        return plain(tokens);
    }

    private String plain(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.kind() == Token.Kind.BACKSLASH_WORD) {
                switch (t.text()) {
                    case "\\result" -> {
                        if (!resultAllowed) {
                            throw new JmlError(t, "\\result is only meaningful in an ensures clause of a non-void method");
                        }
                        out.append(RESULT).append(' ');
                        i++;
                    }
                    case "\\old" -> {
                        if (!oldAllowed) {
                            throw new JmlError(t, "\\old is only meaningful in ensures and signals clauses");
                        }
                        if (i + 1 >= tokens.size() || !tokens.get(i + 1).is("(")) {
                            throw new JmlError(t, "\\old must be followed by (expression)");
                        }
                        int close = matching(tokens, i + 1);
                        if (splitTopLevel(tokens.subList(i + 2, close), ",").size() > 1) {
                            throw new JmlError(t, "\\old with a label (\\old(e, L)) is outside the supported subset");
                        }
                        out.append(OLD_MARKER).append('(').append(translate(nonEmpty(tokens, i + 2, close))).append(") ");
                        i = close + 1;
                    }
                    case "\\forall", "\\exists" -> throw new JmlError(t, t.text() + " must be written in parentheses: ("
                            + t.text() + " T x; range; body)");
                    default -> throw new JmlError(t, "unsupported JML: '" + t.text() + "' is outside the supported subset"
                            + " (\\result, \\old, \\forall, \\exists)");
                }
            } else if (t.isOpen()) {
                int close = matching(tokens, i);
                List<Token> inner = tokens.subList(i + 1, close);
                if (t.is("(") && !inner.isEmpty() && (inner.getFirst().is("\\forall") || inner.getFirst().is("\\exists"))) {
                    out.append(new QuantifierRanges(this).translate(inner)).append(' ');
                } else {
                    out.append(t.text()).append(inner.isEmpty() ? "" : translate(inner)).append(tokens.get(close).text()).append(' ');
                }
                i = close + 1;
            } else if (t.isClose()) {
                throw new JmlError(t, "unbalanced '" + t.text() + "'");
            } else {
                out.append(t.text()).append(t.is(".") ? "" : " ");
                i++;
            }
        }
        return out.toString().trim();
    }

    static List<Token> nonEmpty(List<Token> tokens, int from, int to) {
        if (from >= to) {
            Token near = tokens.get(Math.min(from, tokens.size() - 1));
            throw new JmlError(near, "missing operand near '" + near.text() + "'");
        }
        return tokens.subList(from, to);
    }

    static int matching(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isOpen()) {
                depth++;
            } else if (tokens.get(i).isClose()) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new JmlError(tokens.get(open), "unbalanced '" + tokens.get(open).text() + "'");
    }

    static List<List<Token>> splitTopLevel(List<Token> tokens, String separator) {
        List<List<Token>> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int angle = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isOpen()) {
                depth++;
            } else if (t.isClose()) {
                depth--;
            } else if (depth == 0 && separator.equals(",") && looksLikeTypeArgumentOpen(tokens, i)) {
                angle++;
            } else if (depth == 0 && angle > 0 && t.is(">")) {
                angle--;
            } else if (depth == 0 && angle == 0 && t.is(separator)) {
                parts.add(tokens.subList(start, i));
                start = i + 1;
            }
        }
        parts.add(tokens.subList(start, tokens.size()));
        return parts;
    }

    /** {@code Map<K, V>} in a quantifier declaration: '<' right after a capitalised identifier. */
    private static boolean looksLikeTypeArgumentOpen(List<Token> tokens, int i) {
        return tokens.get(i).is("<") && i > 0 && tokens.get(i - 1).kind() == Token.Kind.IDENT
                && Character.isUpperCase(tokens.get(i - 1).text().charAt(0));
    }

    private static int findConditional(List<Token> tokens) {
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isOpen()) {
                depth++;
            } else if (t.isClose()) {
                depth--;
            } else if (depth == 0 && t.is("?") && !isWildcard(tokens, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isWildcard(List<Token> tokens, int i) {
        boolean afterAngle = i > 0 && (tokens.get(i - 1).is("<") || tokens.get(i - 1).is(","));
        boolean beforeClose = i + 1 < tokens.size()
                && (tokens.get(i + 1).is(">") || tokens.get(i + 1).is("extends") || tokens.get(i + 1).is("super"));
        return afterAngle && beforeClose;
    }

    private static int matchingColon(List<Token> tokens, int question) {
        int depth = 0;
        int nested = 0;
        for (int i = question + 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isOpen()) {
                depth++;
            } else if (t.isClose()) {
                depth--;
            } else if (depth == 0 && t.is("?") && !isWildcard(tokens, i)) {
                nested++;
            } else if (depth == 0 && t.is(":")) {
                if (nested == 0) {
                    return i;
                }
                nested--;
            }
        }
        throw new JmlError(tokens.get(question), "'?' without a matching ':'");
    }

    private static int firstTopLevel(List<Token> tokens, String... ops) {
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isOpen()) {
                depth++;
            } else if (t.isClose()) {
                depth--;
            } else if (depth == 0 && t.kind() == Token.Kind.OPERATOR && List.of(ops).contains(t.text())) {
                return i;
            }
        }
        return -1;
    }

    private static int lastTopLevel(List<Token> tokens, String... ops) {
        int depth = 0;
        int found = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isOpen()) {
                depth++;
            } else if (t.isClose()) {
                depth--;
            } else if (depth == 0 && t.kind() == Token.Kind.OPERATOR && List.of(ops).contains(t.text())) {
                found = i;
            }
        }
        return found;
    }
}
