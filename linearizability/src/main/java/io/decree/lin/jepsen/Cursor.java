package io.decree.lin.jepsen;

/** A position in a text being parsed, tracking line and column for error messages. */
final class Cursor {

    private final String source;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    Cursor(String source, String text) {
        this.source = source;
        this.text = text;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The current character, or -1 at the end. */
    int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    int peek(int ahead) {
        return pos + ahead < text.length() ? text.charAt(pos + ahead) : -1;
    }

    char next() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos++);
        if (c == '\n') {
            line++;
            lineStart = pos;
        }
        return c;
    }

    int pos() {
        return pos;
    }

    String slice(int from) {
        return text.substring(from, pos);
    }

    int line() {
        return line;
    }

    /** An error at the current position. */
    MalformedHistoryException error(String problem) {
        return new MalformedHistoryException(source, line, pos - lineStart + 1, pos, problem);
    }

    /** Position marker, for errors about a form that began earlier. */
    Mark mark() {
        return new Mark(line, pos - lineStart + 1, pos);
    }

    MalformedHistoryException error(Mark at, String problem) {
        return new MalformedHistoryException(source, at.line(), at.column(), at.offset(), problem);
    }

    record Mark(int line, int column, int offset) {
    }

    static String describe(int c) {
        if (c < 0) {
            return "end of input";
        }
        return c < 32 ? String.format("character 0x%02x", c) : "'" + (char) c + "'";
    }
}
