package io.decree.lin.jepsen;

/** A position in a text being parsed, tracking line and column for error messages. */
final class Cursor {

    private final String source;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;
    /**
     * Short strings already made, by a hash of their characters: a history repeats a few keys and values ("type",
     * "invoke", "read", ...) thousands of times, and one shared instance per text saves making each again and, since
     * a String caches its hash, hashing it again as a map key. Strings are immutable, so sharing is invisible.
     */
    private final String[] shortStrings = new String[256];

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

    /**
     * Inside a string just opened by a quote: if it ends at the next quote with no escape and no control character
     * before it, its content (the cursor moves past the closing quote); else null, and the cursor has not moved.
     * No line can end inside such a string, so the line count stays right.
     */
    String plainString() {
        int hash = 0;
        for (int i = pos; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                String s = shared(pos, i, hash);
                pos = i + 1;
                return s;
            }
            hash = 31 * hash + c;
            if (c == '\\' || c < 0x20) {
                return null;
            }
        }
        return null;
    }

    /** text[from, to) as a string, the one made before for the same characters when it is short. */
    private String shared(int from, int to, int hash) {
        int length = to - from;
        if (length > 24) {
            return text.substring(from, to);
        }
        int slot = (hash ^ (hash >>> 8) ^ (hash >>> 16)) & (shortStrings.length - 1);
        String known = shortStrings[slot];
        if (known != null && known.length() == length && text.regionMatches(from, known, 0, length)) {
            return known;
        }
        String s = text.substring(from, to);
        shortStrings[slot] = s;
        return s;
    }

    /**
     * At a number: if it is an optional minus and 1 to 18 digits without a leading zero, not followed by another
     * number character, its value (the cursor moves past it); else null, and the cursor has not moved.
     */
    Long smallInteger() {
        int i = pos;
        boolean negative = i < text.length() && text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        int start = i;
        long value = 0;
        while (i < text.length() && i - start < 19) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            i++;
        }
        int digits = i - start;
        if (digits < 1 || digits > 18 || (digits > 1 && text.charAt(start) == '0')
                || (i < text.length() && "+-0123456789.eE".indexOf(text.charAt(i)) >= 0)) {
            return null;
        }
        pos = i;
        return negative ? -value : value;
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

    /** The marker of the previous character, on the current line (the caller knows it was no line break). */
    Mark markBefore() {
        return new Mark(line, pos - lineStart, pos - 1);
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
