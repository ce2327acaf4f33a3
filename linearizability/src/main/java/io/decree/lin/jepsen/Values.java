package io.decree.lin.jepsen;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Shared handling of imported values (EDN or JSON), which arrive as plain Java objects. */
public final class Values {

    private Values() {
    }

    /** The name of a keyword, string or symbol ({@code :read}, {@code "read"}, {@code read}); null otherwise. */
    static String name(Object value) {
        return switch (value) {
            case Keyword k -> k.name();
            case String s -> s;
            case EdnReader.Symbol s -> s.name();
            case null, default -> null;
        };
    }

    /** A two-element tuple {@code [a b]}, or null if {@code value} is not one. */
    static List<?> pair(Object value) {
        return value instanceof List<?> list && list.size() == 2 ? list : null;
    }

    /** Readable EDN-like rendering. */
    public static String show(Object value) {
        return switch (value) {
            case null -> "nil";
            case String s -> "\"" + s + "\"";
            case List<?> list -> list.stream().map(Values::show).collect(Collectors.joining(" ", "[", "]"));
            case java.util.Set<?> set -> set.stream().map(Values::show).collect(Collectors.joining(" ", "#{", "}"));
            case Map<?, ?> map -> map.entrySet().stream().map(e -> show(e.getKey()) + " " + show(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            default -> String.valueOf(value);
        };
    }

    static boolean isCollection(Object value) {
        return value instanceof Collection<?>;
    }
}
