package io.decree.spec;

import java.util.function.Predicate;

/** A state predicate named as in the TLA+ module (TypeOK, Agreement, ...). */
public record Invariant(String name, Predicate<SpecState> predicate) {
    public boolean holds(SpecState s) {
        return predicate.test(s);
    }
}
