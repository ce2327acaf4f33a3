package io.decree.contracts.translate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of a JML annotation into tokens that remember where they stand in the original file,
 * so every later error can name a line and column.
 */
final class JmlLexer {
    /** Longest first: JML's own operators must win over their Java prefixes ({@code <==>} over {@code <=}). */
    private static final String[] OPERATORS = {
            "<=!=>", "<==>", ">>>=", "==>", "<==", "<<=", ">>=", "...", "::", "->", "==", "!=", "<=", ">=",
            "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "&=", "|=", "^=", "%=", "<<",
            "(", ")", "[", "]", "{", "}", ";", ",", ".", "@", "=", ">", "<", "!", "~", "?", ":",
            "+", "-", "*", "/", "&", "|", "^", "%"
    };

    private final String text;
    private int pos;
    private int line;
    private int column;

    private JmlLexer(String text, int line, int column) {
        this.text = text;
        this.line = line;
        this.column = column;
    }

    /** Tokens of {@code text}, whose first character is at {@code line}:{@code column} of the file. */
    static List<Token> tokenize(String text, int line, int column) {
        return new JmlLexer(text, line, column).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= text.length()) {
                return tokens;
            }
            int startLine = line;
            int startColumn = column;
            char c = text.charAt(pos);
            Token.Kind kind;
            int end;
            if (c == '\\') {
                end = identifierEnd(pos + 1);
                if (end == pos + 1) {
                    throw new JmlError(startLine, startColumn, "stray backslash in JML");
                }
                kind = Token.Kind.BACKSLASH_WORD;
            } else if (Character.isJavaIdentifierStart(c)) {
                end = identifierEnd(pos);
                kind = Token.Kind.IDENT;
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
                end = pos;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '.'
                        || text.charAt(end) == '_'
                        || ((text.charAt(end) == '+' || text.charAt(end) == '-')
                            && (text.charAt(end - 1) == 'e' || text.charAt(end - 1) == 'E') && !text.startsWith("0x", pos)))) {
                    end++;
                }
                kind = Token.Kind.NUMBER;
            } else if (c == '"' || c == '\'') {
                end = quotedEnd(pos, c, startLine, startColumn);
                kind = c == '"' ? Token.Kind.STRING : Token.Kind.CHAR;
            } else {
                end = -1;
                for (String op : OPERATORS) {
                    if (text.startsWith(op, pos)) {
                        end = pos + op.length();
                        break;
                    }
                }
                if (end < 0) {
                    throw new JmlError(startLine, startColumn, "unexpected character '" + c + "' in JML");
                }
                kind = Token.Kind.OPERATOR;
            }
            tokens.add(new Token(kind, text.substring(pos, end), startLine, startColumn, pos, end));
            advanceTo(end);
        }
    }

    private int identifierEnd(int from) {
        int end = from;
        while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private int quotedEnd(int from, char quote, int startLine, int startColumn) {
        int end = from + 1;
        while (end < text.length() && text.charAt(end) != quote) {
            if (text.charAt(end) == '\\') {
                end++;
            }
            if (end < text.length() && text.charAt(end) == '\n') {
                break;
            }
            end++;
        }
        if (end >= text.length() || text.charAt(end) != quote) {
            throw new JmlError(startLine, startColumn, "unterminated literal in JML");
        }
        return end + 1;
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                advanceTo(pos + 1);
            } else if (text.startsWith("//", pos)) {
                int end = text.indexOf('\n', pos);
                advanceTo(end < 0 ? text.length() : end);
            } else {
                return;
            }
        }
    }

    private void advanceTo(int end) {
        while (pos < end) {
            if (text.charAt(pos) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            pos++;
        }
    }
}
