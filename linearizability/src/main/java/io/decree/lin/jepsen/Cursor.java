package io.decree.lin.jepsen;

/** A position in a text being parsed, tracking line and column for error messages. */
final class Cursor {

    private final String source;
    private final String text;
    /**
     * The text's characters, copied once: the hot loops (space, strings, numbers) index an array, which C1, the
     * compiler a single small history is checked under, compiles to a plain load; {@code String.charAt} stays a
     * call with its own bounds and coder checks there.
     */
    private final char[] chars;
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
        this.chars = text.toCharArray();
    }

    boolean atEnd() {
        return pos >= chars.length;
    }

    /** The current character, or -1 at the end. */
    int peek() {
        return pos < chars.length ? chars[pos] : -1;
    }

    int peek(int ahead) {
        return pos + ahead < chars.length ? chars[pos + ahead] : -1;
    }

    char next() {
        if (pos >= chars.length) {
            throw endOfInput();
        }
        char c = chars[pos++];
        if (c == '\n') {
            line++;
            lineStart = pos;
        }
        return c;
    }

    /** Out of line, so that {@link #next} stays small enough for C1 to inline. */
    private MalformedHistoryException endOfInput() {
        return error("unexpected end of input");
    }

    /**
     * Skips JSON's space (space, tab, line feed, carriage return), counting lines: one loop over the array, where
     * a loop of {@link #peek}/{@link #next} calls was the first frame of a small history's import.
     */
    void skipJsonSpace() {
        int i = pos;
        while (i < chars.length) {
            char c = chars[i];
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '\n') {
                i++;
                line++;
                lineStart = i;
            } else {
                break;
            }
        }
        pos = i;
    }

    /**
     * Inside a string just opened by a quote: if it ends at the next quote with no escape and no control character
     * before it, its content (the cursor moves past the closing quote); else null, and the cursor has not moved.
     * No line can end inside such a string, so the line count stays right.
     */
    String plainString() {
        int hash = 0;
        for (int i = pos; i < chars.length; i++) {
            char c = chars[i];
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

    /**
     * text[from, to) as a string, the one made before for the same characters when it is short. A short one is
     * interned when first made, so that an event's keys are the very strings the import looks them up by (literals
     * are interned): {@link ArrayMap} then finds them by identity, without comparing characters.
     */
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
        String s = text.substring(from, to).intern();
        shortStrings[slot] = s;
        return s;
    }

    /**
     * At a number: if it is an optional minus and 1 to 18 digits without a leading zero, not followed by another
     * number character, its value (the cursor moves past it); else null, and the cursor has not moved.
     */
    Long smallInteger() {
        int i = pos;
        boolean negative = i < chars.length && chars[i] == '-';
        if (negative) {
            i++;
        }
        int start = i;
        long value = 0;
        while (i < chars.length && i - start < 19) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            i++;
        }
        int digits = i - start;
        if (digits < 1 || digits > 18 || (digits > 1 && chars[start] == '0')
                || (i < chars.length && isNumberChar(chars[i]))) {
            return null;
        }
        pos = i;
        return negative ? -value : value;
    }

    /** A character that can continue a JSON or EDN number. */
    static boolean isNumberChar(int c) {
        return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
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
