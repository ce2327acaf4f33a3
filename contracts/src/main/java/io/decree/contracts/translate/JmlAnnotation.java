package io.decree.contracts.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One JML annotation comment ({@code //@ ...} or {@code /*@ ... @}{@code /}), parsed into the items of the
 * supported subset: modifiers, clauses, {@code also} and behaviour headers. Anything else is an error
 * at its own line and column; nothing is skipped silently.
 */
final class JmlAnnotation {
    static final Set<String> MODIFIERS = Set.of("pure", "spec_public", "spec_protected", "nullable", "non_null", "helper");
    private static final Set<String> VISIBILITY = Set.of("public", "protected", "private");
    private static final Set<String> BEHAVIORS = Set.of("normal_behavior", "normal_behaviour", "exceptional_behavior",
            "exceptional_behaviour", "behavior", "behaviour");

    /** A part of an annotation. */
    sealed interface Item permits Modifier, Clause, Also, Behavior {
        Token at();
    }

    record Modifier(Token at) implements Item {
        String name() {
            return at.text();
        }
    }

    /** A clause: its canonical keyword (requires, ensures, invariant, signals, signals_only, assignable). */
    record Clause(String keyword, Token at, List<Token> body, String text) implements Item {
    }

    record Also(Token at) implements Item {
    }

    /** A heavyweight spec-case header: normal_behavior, exceptional_behavior or behavior. */
    record Behavior(Token at, String kind) implements Item {
    }

    final List<Item> items;
    final int line;

    private JmlAnnotation(List<Item> items, int line) {
        this.items = items;
        this.line = line;
    }

    static JmlAnnotation of(List<Item> items) {
        return new JmlAnnotation(List.copyOf(items), items.isEmpty() ? 0 : items.getFirst().at().line());
    }

    /**
     * Parses the text of an annotation comment, {@code @} markers already blanked, whose first character
     * sits at {@code line}:{@code column}.
     */
    static JmlAnnotation parse(String cleaned, int line, int column) {
        List<Token> tokens = JmlLexer.tokenize(cleaned, line, column);
        List<Item> items = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            String word = t.kind() == Token.Kind.IDENT ? t.text() : "";
            if (word.equals("also")) {
                items.add(new Also(t));
                i++;
            } else if (MODIFIERS.contains(word)) {
                items.add(new Modifier(t));
                i++;
            } else if (VISIBILITY.contains(word) && i + 1 < tokens.size()
                    && (tokens.get(i + 1).is("invariant") || BEHAVIORS.contains(tokens.get(i + 1).text()))) {
                i++; // visibility of a spec only matters to a prover; the checker sees all of the class
            } else if (BEHAVIORS.contains(word)) {
                items.add(new Behavior(t, word.replace("behaviour", "behavior")));
                i++;
            } else if (canonicalClause(word) != null) {
                int end = i + 1;
                int depth = 0;
                while (end < tokens.size() && !(depth == 0 && tokens.get(end).is(";"))) {
                    if (tokens.get(end).isOpen()) {
                        depth++;
                    } else if (tokens.get(end).isClose()) {
                        depth--;
                    }
                    end++;
                }
                if (end >= tokens.size()) {
                    throw new JmlError(t, "JML " + word + " clause must end with ';'");
                }
                List<Token> body = List.copyOf(tokens.subList(i + 1, end));
                if (body.isEmpty()) {
                    throw new JmlError(t, "empty JML " + word + " clause");
                }
                String text = cleaned.substring(body.getFirst().start(), body.getLast().end()).replaceAll("\\s+", " ");
                items.add(new Clause(canonicalClause(word), t, body, text));
                i = end + 1;
            } else if (word.equals("static") && i + 1 < tokens.size() && tokens.get(i + 1).is("invariant")) {
                throw new JmlError(t, "static invariant is outside the supported JML subset (write an instance invariant)");
            } else {
                throw new JmlError(t, "unsupported JML: '" + t.text() + "' is outside the supported subset "
                        + "(requires, ensures, invariant, signals, signals_only, assignable, also, pure, spec_public, "
                        + "nullable, non_null, helper, normal_behavior, exceptional_behavior)");
            }
        }
        return new JmlAnnotation(items, line);
    }

    private static String canonicalClause(String word) {
        return switch (word) {
            case "requires", "pre" -> "requires";
            case "ensures", "post" -> "ensures";
            case "invariant" -> "invariant";
            case "signals", "exsures" -> "signals";
            case "signals_only" -> "signals_only";
            case "assignable", "modifies", "modifiable" -> "assignable";
            default -> null;
        };
    }

    /**
     * The annotation text of a comment's content, or null if the comment is not JML. Markers are replaced by
     * spaces so columns stay true: the leading {@code @}s, the {@code @}s that start a continuation line of
     * a block, and the {@code @}s before the closing delimiter.
     */
    static String clean(String content, boolean block) {
        if (content.isEmpty() || content.charAt(0) != '@') {
            return null;
        }
        char[] chars = content.toCharArray();
        int i = 0;
        while (i < chars.length && chars[i] == '@') {
            chars[i++] = ' ';
        }
        if (block) {
            boolean lineStart = false;
            for (int k = i; k < chars.length; k++) {
                if (chars[k] == '\n') {
                    lineStart = true;
                } else if (lineStart && chars[k] == '@') {
                    while (k < chars.length && chars[k] == '@') {
                        chars[k++] = ' ';
                    }
                    k--;
                    lineStart = false;
                } else if (!Character.isWhitespace(chars[k])) {
                    lineStart = false;
                }
            }
            int end = chars.length - 1;
            while (end >= 0 && Character.isWhitespace(chars[end])) {
                end--;
            }
            while (end >= 0 && chars[end] == '@') {
                chars[end--] = ' ';
            }
        }
        return new String(chars);
    }

    /** OpenJML's keyed annotations ({@code //+OPENJML@}, {@code //-ESC@}) are not part of the subset. */
    static boolean isKeyed(String content) {
        return content.matches("(?s)^[+-][A-Za-z_0-9]*@.*");
    }
}
