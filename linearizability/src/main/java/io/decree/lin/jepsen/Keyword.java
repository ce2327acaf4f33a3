package io.decree.lin.jepsen;

import java.util.Objects;

/** An EDN keyword such as {@code :invoke} or {@code :jepsen/op}; {@code name} is without the colon. */
public record Keyword(String name) {
    public Keyword {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return ":" + name;
    }
}
