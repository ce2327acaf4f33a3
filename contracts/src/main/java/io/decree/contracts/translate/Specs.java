package io.decree.contracts.translate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The specifications read from one source file, by declaration. */
final class Specs {
    private Specs() {
    }

    /** A spec case: the clauses that apply together (JML separates cases with {@code also}). */
    static final class SpecCase {
        final String behavior;
        final Token header;
        final List<JmlAnnotation.Clause> requires = new ArrayList<>();
        final List<JmlAnnotation.Clause> ensures = new ArrayList<>();
        final List<JmlAnnotation.Clause> signals = new ArrayList<>();
        final List<JmlAnnotation.Clause> signalsOnly = new ArrayList<>();
        /** Source file of the clauses (an inherited case keeps its own file). */
        String file;
        /** Parameter renaming for a case inherited from a method whose parameters have other names. */
        Map<String, String> rename = Map.of();

        SpecCase(String behavior, Token header, String file) {
            this.behavior = behavior;
            this.header = header;
            this.file = file;
        }

        boolean isEmpty() {
            return requires.isEmpty() && ensures.isEmpty() && signals.isEmpty() && signalsOnly.isEmpty()
                    && behavior.equals("lightweight");
        }

        SpecCase inherited(Map<String, String> renaming) {
            SpecCase copy = new SpecCase(behavior, header, file);
            copy.requires.addAll(requires);
            copy.ensures.addAll(ensures);
            copy.signals.addAll(signals);
            copy.signalsOnly.addAll(signalsOnly);
            Map<String, String> composed = new LinkedHashMap<>();
            rename.forEach((from, to) -> composed.put(from, renaming.getOrDefault(to, to)));
            renaming.forEach(composed::putIfAbsent);
            copy.rename = composed;
            return copy;
        }
    }

    /** A method's or constructor's own specification. */
    static final class MethodSpec {
        final List<SpecCase> cases = new ArrayList<>();
        final Set<String> modifiers = new HashSet<>();
        final Set<String> nonNullParams = new HashSet<>();
        int line;

        boolean isPure() {
            return modifiers.contains("pure");
        }

        boolean isHelper() {
            return modifiers.contains("helper");
        }

        boolean nonNullResult() {
            return modifiers.contains("non_null");
        }

        boolean hasClauses() {
            for (SpecCase c : cases) {
                if (!c.isEmpty()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A class's invariants and its JML modifiers. */
    static final class TypeSpec {
        final List<JmlAnnotation.Clause> invariants = new ArrayList<>();
        final Set<String> modifiers = new HashSet<>();
    }
}
