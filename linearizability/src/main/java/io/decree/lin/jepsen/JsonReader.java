package io.decree.lin.jepsen;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON (RFC 8259) into plain Java values, as {@link EdnReader} does EDN: null, booleans, integers ->
 * {@link Long} (or {@link BigInteger}), other numbers -> {@link Double}, strings, arrays -> unmodifiable {@link List},
 * objects -> unmodifiable insertion-ordered {@link Map}. Several top-level values may follow each other (JSON lines).
 * Errors name the line, column and offset.
 */
public final class JsonReader extends LocatingReader {

    public JsonReader(String source, String text) {
        super(source, text);
    }

    @Override
    protected Object read() {
        in.skipJsonSpace();
        int c = in.peek();
        // A mark only for what an error may point back at (collections, numbers): not one per string, a fifth of
        // the values of a history.
        return switch (c) {
            case -1 -> throw in.error("unexpected end of input: a value was expected");
            case '{' -> {
                Cursor.Mark at = in.mark();
                nesting++;
                Map<Object, Object> object = readObject(at);
                nesting--;
                yield located(object, at);
            }
            case '[' -> {
                Cursor.Mark at = in.mark();
                nesting++;
                List<Object> array = readArray(at);
                nesting--;
                yield located(array, at);
            }
            case '"' -> readString();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield readNumber();
                }
                throw in.error("a JSON value was expected, found " + Cursor.describe(c));
            }
        };
    }

    /**
     * An object's keys and values as they are read, nested objects above their parents': {@link #readObject} copies
     * its own out when it closes, so an object costs one array of its size, not a growing one.
     */
    private Object[] pending = new Object[4 * ArrayMap.MAX_ENTRIES];
    private int pendingTop;

    private Map<Object, Object> readObject(Cursor.Mark at) {
        in.next();
        int base = pendingTop;
        try {
            in.skipJsonSpace();
            if (in.peek() == '}') {
                in.next();
                return ArrayMap.EMPTY;
            }
            while (true) {
                in.skipJsonSpace();
                if (in.peek() != '"') {
                    throw in.error("an object key (a string) was expected, found " + Cursor.describe(in.peek()));
                }
                String key = readString();
                in.skipJsonSpace();
                expect(':');
                Object value = read();
                if (pendingTop - base < 2 * ArrayMap.MAX_ENTRIES) { // larger ones are checked by their map below
                    for (int i = base; i < pendingTop; i += 2) { // a string caches its hash: most keys differ there
                        if (pending[i].hashCode() == key.hashCode() && pending[i].equals(key)) {
                            throw duplicate(at, key);
                        }
                    }
                }
                push(key, value);
                in.skipJsonSpace();
                int c = in.peek();
                if (c == ',') {
                    in.next();
                } else if (c == '}') {
                    in.next();
                    return objectOf(base, at);
                } else {
                    throw in.error("',' or '}' expected in the object opened at line " + at.line() + ", column "
                            + at.column() + ", found " + Cursor.describe(c));
                }
            }
        } finally {
            Arrays.fill(pending, base, pendingTop, null); // no reference kept to what the caller may drop
            pendingTop = base;
        }
    }

    private void push(Object key, Object value) {
        if (pendingTop + 2 > pending.length) {
            pending = Arrays.copyOf(pending, 2 * pending.length);
        }
        pending[pendingTop++] = key;
        pending[pendingTop++] = value;
    }

    /** The object of the entries pushed since {@code base}: an {@link ArrayMap}, or for many a hashed map. */
    private Map<Object, Object> objectOf(int base, Cursor.Mark at) {
        if (pendingTop - base <= 2 * ArrayMap.MAX_ENTRIES) {
            Object[] entries = new Object[pendingTop - base]; // not copyOfRange: reflective under C1
            System.arraycopy(pending, base, entries, 0, entries.length);
            return new ArrayMap(entries);
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = base; i < pendingTop; i += 2) {
            if (map.containsKey(pending[i])) {
                throw duplicate(at, pending[i]);
            }
            map.put(pending[i], pending[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private MalformedHistoryException duplicate(Cursor.Mark at, Object key) {
        return in.error(at, "duplicate key \"" + key + "\" in an object");
    }

    private List<Object> readArray(Cursor.Mark at) {
        in.next();
        List<Object> items = new ArrayList<>();
        in.skipJsonSpace();
        if (in.peek() == ']') {
            in.next();
            return Collections.unmodifiableList(items);
        }
        while (true) {
            items.add(read());
            in.skipJsonSpace();
            int c = in.peek();
            if (c == ',') {
                in.next();
            } else if (c == ']') {
                in.next();
                return Collections.unmodifiableList(items);
            } else {
                throw in.error("',' or ']' expected in the array opened at line " + at.line() + ", column "
                        + at.column() + ", found " + Cursor.describe(c));
            }
        }
    }

    private String readString() {
        in.next();
        String plain = in.plainString(); // the common case: no escapes, one substring
        if (plain != null) {
            return plain;
        }
        Cursor.Mark at = in.markBefore(); // the opening quote (plainString did not move, nor is it on a new line)
        StringBuilder out = new StringBuilder();
        while (true) {
            if (in.atEnd()) {
                throw in.error(at, "unterminated string");
            }
            char c = in.next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw in.error("control character " + Cursor.describe(c) + " in a string (escape it)");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = in.next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int value = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(in.peek(), 16);
                        if (d < 0) {
                            throw in.error("'\\u' needs four hex digits, found " + Cursor.describe(in.peek()));
                        }
                        in.next();
                        value = value * 16 + d;
                    }
                    out.append((char) value);
                }
                default -> throw in.error("unknown escape '\\" + e + "' in a string");
            }
        }
    }

    private Object literal(String word, Object value) {
        for (int i = 0; i < word.length(); i++) {
            if (in.peek() != word.charAt(i)) {
                throw in.error("'" + word + "' expected, found " + Cursor.describe(in.peek()));
            }
            in.next();
        }
        return value;
    }

    private Object readNumber() {
        Cursor.Mark at = in.mark();
        int from = in.pos();
        Long small = in.smallInteger();
        if (small != null) {
            return small; // the common case (process numbers, values), without a token string
        }
        while (!in.atEnd() && Cursor.isNumberChar(in.peek())) {
            in.next();
        }
        String token = in.slice(from);
        if (isSmallInteger(token)) {
            return Long.parseLong(token); // the common case (process numbers, values), without BigInteger
        }
        try {
            if (token.contains(".") || token.contains("e") || token.contains("E")) {
                new BigDecimal(token); // strict syntax check
                return Double.parseDouble(token);
            }
            BigInteger value = new BigInteger(token);
            return value.bitLength() < 64 ? (Object) value.longValueExact() : value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw in.error(at, "malformed number '" + token + "'");
        }
    }

    /** An optional minus and 1 to 18 digits, without a leading zero: always a valid JSON integer that fits a long. */
    private static boolean isSmallInteger(String token) {
        int start = token.startsWith("-") ? 1 : 0;
        int digits = token.length() - start;
        if (digits < 1 || digits > 18 || (digits > 1 && token.charAt(start) == '0')) {
            return false;
        }
        for (int i = start; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private void expect(char c) {
        if (in.peek() != c) {
            throw in.error("'" + c + "' expected, found " + Cursor.describe(in.peek()));
        }
        in.next();
    }

    @Override
    protected void skipSpace() {
        in.skipJsonSpace();
    }
}
