package io.decree.lin.jepsen;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads EDN (https://github.com/edn-format/edn), the format Jepsen and Knossos write histories in, into plain Java
 * values: {@code nil} -> null, booleans, integers -> {@link Long} ({@link BigInteger} when too large or with
 * {@code N}), decimals -> {@link Double} ({@link BigDecimal} with {@code M}), strings, characters, keywords ->
 * {@link Keyword}, symbols -> {@link Symbol}, lists and vectors -> unmodifiable {@link List}, maps -> unmodifiable
 * insertion-ordered {@link Map}, sets -> unmodifiable {@link Set}. A tagged element {@code #tag form} reads as
 * {@code form} when it is a map (Jepsen's record literals such as {@code #jepsen.history.Op{...}}), otherwise as a
 * {@link Tagged}. Comments ({@code ;}), commas and discards ({@code #_form}) are skipped.
 *
 * <p>Written here rather than taken from a library: it is small, and its errors name the line, column and offset
 * of the problem, which the history checker passes on to the user.
 */
public final class EdnReader extends LocatingReader {

    /** A symbol such as {@code foo} or {@code jepsen.history/Op}. */
    public record Symbol(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A tagged element that is not a record literal, e.g. {@code #inst "2020-01-01"}. */
    public record Tagged(String tag, Object value) {
    }

    public EdnReader(String source, String text) {
        super(source, text);
    }

    @Override
    protected Object read() {
        skipSpace();
        Cursor.Mark at = in.mark();
        int c = in.peek();
        switch (c) {
            case -1 -> throw in.error("unexpected end of input: a value was expected");
            case '(' -> {
                in.next();
                return located(Collections.unmodifiableList(readUntil(')', at)), at);
            }
            case '[' -> {
                in.next();
                return located(Collections.unmodifiableList(readUntil(']', at)), at);
            }
            case '{' -> {
                in.next();
                return located(readMap(at), at);
            }
            case '"' -> {
                return readString();
            }
            case '\\' -> {
                return readChar();
            }
            case ':' -> {
                in.next();
                String name = readToken();
                if (name.isEmpty()) {
                    throw in.error(at, "a keyword needs a name after ':'");
                }
                return new Keyword(name);
            }
            case '#' -> {
                return readDispatch(at);
            }
            case ')', ']', '}' -> throw in.error("unexpected " + Cursor.describe(c) + " with no opening bracket");
            default -> {
                return readAtom(at);
            }
        }
    }

    private List<Object> readUntil(char close, Cursor.Mark opened) {
        List<Object> items = new ArrayList<>();
        nesting++;
        while (true) {
            skipSpace();
            int c = in.peek();
            if (c == -1) {
                throw in.error("unexpected end of input: '" + close + "' expected to close the collection opened at line "
                        + opened.line() + ", column " + opened.column());
            }
            if (c == close) {
                in.next();
                nesting--;
                return items;
            }
            if (c == ')' || c == ']' || c == '}') {
                throw in.error("'" + close + "' expected, found " + Cursor.describe(c)
                        + " (the collection was opened at line " + opened.line() + ", column " + opened.column() + ")");
            }
            items.add(read());
        }
    }

    private Map<Object, Object> readMap(Cursor.Mark at) {
        List<Object> items = readUntil('}', at);
        if (items.size() % 2 != 0) {
            throw in.error(at, "a map needs an even number of forms (key value pairs), found " + items.size());
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            if (map.put(items.get(i), items.get(i + 1)) != null || map.size() != i / 2 + 1) {
                throw in.error(at, "duplicate map key " + items.get(i));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private Object readDispatch(Cursor.Mark at) {
        in.next(); // '#'
        int c = in.peek();
        if (c == '{') {
            in.next();
            List<Object> items = readUntil('}', at);
            Set<Object> set = new LinkedHashSet<>(items);
            if (set.size() != items.size()) {
                throw in.error(at, "duplicate element in a set literal");
            }
            return located(Collections.unmodifiableSet(set), at);
        }
        String tag = readToken();
        if (tag.isEmpty() || !Character.isLetter(tag.charAt(0))) {
            throw in.error(at, "'#' must start a set '#{', a discard '#_' or a tag such as '#inst', found "
                    + Cursor.describe(c));
        }
        Object value = read();
        return value instanceof Map<?, ?> ? value : new Tagged(tag, value);
    }

    private String readString() {
        Cursor.Mark at = in.mark();
        in.next(); // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (in.atEnd()) {
                throw in.error(at, "unterminated string");
            }
            char c = in.next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (in.atEnd()) {
                throw in.error(at, "unterminated string");
            }
            char e = in.next();
            switch (e) {
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                case '\\' -> out.append('\\');
                case '"' -> out.append('"');
                case 'u' -> out.append(readHex4());
                default -> throw in.error("unknown escape '\\" + e + "' in a string");
            }
        }
    }

    private char readHex4() {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in.peek(), 16);
            if (d < 0) {
                throw in.error("'\\u' needs four hex digits, found " + Cursor.describe(in.peek()));
            }
            in.next();
            value = value * 16 + d;
        }
        return (char) value;
    }

    private Character readChar() {
        in.next(); // backslash
        String token = readToken();
        if (token.isEmpty()) {
            if (in.atEnd()) {
                throw in.error("a character literal needs a character after '\\'");
            }
            return in.next();
        }
        return switch (token) {
            case "newline" -> '\n';
            case "return" -> '\r';
            case "space" -> ' ';
            case "tab" -> '\t';
            default -> {
                if (token.length() == 1) {
                    yield token.charAt(0);
                }
                if (token.length() == 5 && token.charAt(0) == 'u') {
                    try {
                        yield (char) Integer.parseInt(token.substring(1), 16);
                    } catch (NumberFormatException e) {
                        // falls through to the error below
                    }
                }
                throw in.error("unknown character literal '\\" + token + "'");
            }
        };
    }

    private Object readAtom(Cursor.Mark at) {
        String token = readToken();
        if (token.isEmpty()) {
            throw in.error("unexpected " + Cursor.describe(in.peek()));
        }
        switch (token) {
            case "nil" -> {
                return null;
            }
            case "true" -> {
                return Boolean.TRUE;
            }
            case "false" -> {
                return Boolean.FALSE;
            }
            default -> { }
        }
        char first = token.charAt(0);
        boolean signed = (first == '+' || first == '-') && token.length() > 1;
        if (Character.isDigit(first) || (signed && Character.isDigit(token.charAt(1)))) {
            return number(token, at);
        }
        return new Symbol(token);
    }

    private Object number(String token, Cursor.Mark at) {
        try {
            if (token.endsWith("N")) {
                return new BigInteger(token.substring(0, token.length() - 1));
            }
            if (token.endsWith("M")) {
                return new BigDecimal(token.substring(0, token.length() - 1));
            }
            if (token.contains(".") || token.contains("e") || token.contains("E")) {
                return Double.parseDouble(token);
            }
            BigInteger value = new BigInteger(token.startsWith("+") ? token.substring(1) : token);
            return value.bitLength() < 64 ? (Object) value.longValueExact() : value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw in.error(at, "malformed number '" + token + "'");
        }
    }

    /** Reads a token: the characters up to whitespace, a delimiter or the end. */
    private String readToken() {
        int from = in.pos();
        while (!in.atEnd() && !isDelimiter(in.peek())) {
            in.next();
        }
        return in.slice(from);
    }

    private static boolean isDelimiter(int c) {
        return Character.isWhitespace(c) || c == ',' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{'
                || c == '}' || c == '"' || c == ';';
    }

    @Override
    protected void skipSpace() {
        while (!in.atEnd()) {
            int c = in.peek();
            if (c == '#' && in.peek(1) == '_') { // a discard: the next form is read and dropped
                in.next();
                in.next();
                read();
            } else if (c == ';') {
                while (!in.atEnd() && in.peek() != '\n') {
                    in.next();
                }
            } else if (Character.isWhitespace(c) || c == ',') {
                in.next();
            } else {
                return;
            }
        }
    }
}
