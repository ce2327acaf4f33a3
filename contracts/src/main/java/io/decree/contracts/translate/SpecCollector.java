package io.decree.contracts.translate;

import com.github.javaparser.Position;
import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.comments.BlockComment;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.comments.JavadocComment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the JML comments of a compilation unit and attaches each to the declaration it specifies, by
 * position: a method spec to the next method or constructor, an invariant to the enclosing class, a
 * modifier inside a method header to that method or parameter. JML where the subset has no meaning for it
 * (inside a method body, a clause before a field, an invariant before a class) is an error.
 */
final class SpecCollector {
    final Map<Node, Specs.MethodSpec> methods = new IdentityHashMap<>();
    final Map<TypeDeclaration<?>, Specs.TypeSpec> types = new IdentityHashMap<>();
    final List<JmlError> errors = new ArrayList<>();
    boolean anyJml;

    private final String file;
    private final List<Range> codeRanges = new ArrayList<>();

    private SpecCollector(String file) {
        this.file = file;
    }

    static SpecCollector collect(CompilationUnit cu, String file) {
        SpecCollector collector = new SpecCollector(file);
        collector.run(cu);
        return collector;
    }

    private void run(CompilationUnit cu) {
        cu.findAll(CallableDeclaration.class).forEach(c -> body(c).ifPresent(codeRanges::add));
        cu.findAll(CompactConstructorDeclaration.class).forEach(c -> c.getBody().getRange().ifPresent(codeRanges::add));
        cu.findAll(InitializerDeclaration.class).forEach(i -> i.getBody().getRange().ifPresent(codeRanges::add));
        cu.findAll(VariableDeclarator.class).forEach(v -> v.getInitializer().flatMap(Node::getRange).ifPresent(codeRanges::add));
        cu.findAll(EnumConstantDeclaration.class).forEach(e -> e.getArguments().forEach(a -> a.getRange().ifPresent(codeRanges::add)));
        for (TypeDeclaration<?> type : cu.findAll(TypeDeclaration.class)) {
            types.put(type, new Specs.TypeSpec());
        }

        List<Comment> comments = new ArrayList<>(cu.getAllContainedComments());
        cu.getComment().ifPresent(comments::add);
        comments.sort(Comparator.comparing(c -> c.getBegin().orElse(Position.HOME)));
        for (Comment comment : comments) {
            if (comment instanceof JavadocComment || comment.getRange().isEmpty()) {
                continue;
            }
            String content = comment.getContent();
            Position begin = comment.getBegin().get();
            if (JmlAnnotation.isKeyed(content)) {
                errors.add(new JmlError(begin.line, begin.column,
                        "keyed JML annotations (//+KEY@ or //-KEY@) are outside the supported subset"));
                continue;
            }
            String cleaned = JmlAnnotation.clean(content, comment instanceof BlockComment);
            if (cleaned == null) {
                continue;
            }
            anyJml = true;
            try {
                Range at = comment.getRange().get();
                for (Range code : codeRanges) {
                    if (code.strictlyContains(at)) {
                        throw new JmlError(begin.line, begin.column, "JML inside a method body or initializer ('"
                                + cleaned.trim().split("\\s+")[0] + "') is outside the supported subset:"
                                + " only method, constructor and class specifications");
                    }
                }
                JmlAnnotation annotation = JmlAnnotation.parse(cleaned, begin.line, begin.column + 2);
                place(cu, comment.getRange().get(), annotation);
            } catch (JmlError e) {
                errors.add(e);
            }
        }
    }

    private static Optional<Range> body(CallableDeclaration<?> c) {
        if (c instanceof MethodDeclaration m) {
            return m.getBody().flatMap(Node::getRange);
        }
        return ((ConstructorDeclaration) c).getBody().getRange();
    }

    private void place(CompilationUnit cu, Range at, JmlAnnotation annotation) {
        TypeDeclaration<?> owner = null;
        for (TypeDeclaration<?> type : types.keySet()) {
            if (type.getRange().isPresent() && type.getRange().get().strictlyContains(at)
                    && (owner == null || owner.getRange().get().strictlyContains(type.getRange().get()))) {
                owner = type;
            }
        }
        if (owner == null) {
            TypeDeclaration<?> next = nextAfter(cu.getTypes(), at);
            if (next == null) {
                throw new JmlError(at.begin.line, at.begin.column, "JML annotation is not followed by a declaration");
            }
            applyToType(next, annotation);
            return;
        }
        for (BodyDeclaration<?> member : owner.getMembers()) {
            Range range = member.getRange().orElse(null);
            if (range != null && range.strictlyContains(at) && !(member instanceof TypeDeclaration)) {
                applyInsideHeader(member, at, annotation);
                return;
            }
        }
        List<JmlAnnotation.Item> pending = new ArrayList<>();
        for (JmlAnnotation.Item item : annotation.items) {
            if (item instanceof JmlAnnotation.Clause clause && clause.keyword().equals("invariant")) {
                types.get(owner).invariants.add(clause);
            } else {
                pending.add(item);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        BodyDeclaration<?> next = nextAfter(owner.getMembers(), at);
        if (next == null) {
            throw new JmlError(pending.getFirst().at(), "JML " + pending.getFirst().at().text()
                    + " must precede a method or constructor declaration");
        }
        applyToMember(next, pending);
    }

    private void applyInsideHeader(BodyDeclaration<?> member, Range at, JmlAnnotation annotation) {
        if (member instanceof CallableDeclaration<?> callable) {
            for (JmlAnnotation.Item item : annotation.items) {
                if (!(item instanceof JmlAnnotation.Modifier modifier)) {
                    throw new JmlError(item.at(), "only JML modifiers may appear inside a method header, not '"
                            + item.at().text() + "'");
                }
                Parameter parameter = null;
                if (callable.getName().getBegin().get().isBefore(at.begin)) {
                    parameter = nextAfter(callable.getParameters(), at);
                }
                if (parameter != null) {
                    if (modifier.name().equals("non_null")) {
                        spec(callable).nonNullParams.add(parameter.getNameAsString());
                    } else if (!modifier.name().equals("nullable")) {
                        throw new JmlError(item.at(), "JML modifier '" + modifier.name() + "' does not apply to a parameter");
                    }
                } else {
                    spec(callable).modifiers.add(modifier.name());
                }
            }
        } else if (member instanceof FieldDeclaration) {
            checkFieldItems(annotation.items);
        } else {
            throw new JmlError(at.begin.line, at.begin.column, "JML annotation in an unsupported position");
        }
    }

    private void applyToMember(BodyDeclaration<?> member, List<JmlAnnotation.Item> items) {
        if (member instanceof FieldDeclaration) {
            checkFieldItems(items);
            return;
        }
        if (member instanceof TypeDeclaration<?> type) {
            applyToType(type, JmlAnnotation.of(items));
            return;
        }
        if (!(member instanceof CallableDeclaration) && !(member instanceof CompactConstructorDeclaration)) {
            throw new JmlError(items.getFirst().at(), "JML specification precedes a declaration it cannot specify");
        }
        Specs.MethodSpec spec = spec(member);
        if (spec.line == 0) {
            spec.line = items.getFirst().at().line();
        }
        Specs.SpecCase current = spec.cases.isEmpty() ? null : spec.cases.getLast();
        for (JmlAnnotation.Item item : items) {
            switch (item) {
                case JmlAnnotation.Also also -> current = null;
                case JmlAnnotation.Behavior behavior -> {
                    current = new Specs.SpecCase(behavior.kind(), behavior.at(), file);
                    spec.cases.add(current);
                }
                case JmlAnnotation.Modifier modifier -> spec.modifiers.add(modifier.name());
                case JmlAnnotation.Clause clause -> {
                    if (current == null) {
                        current = new Specs.SpecCase("lightweight", clause.at(), file);
                        spec.cases.add(current);
                    }
                    switch (clause.keyword()) {
                        case "requires" -> current.requires.add(clause);
                        case "ensures" -> current.ensures.add(clause);
                        case "signals" -> current.signals.add(clause);
                        case "signals_only" -> current.signalsOnly.add(clause);
                        case "assignable" -> { } // accepted, not checked (see docs/contracts.md)
                        default -> throw new JmlError(clause.at(), "unexpected JML clause " + clause.keyword());
                    }
                }
            }
        }
    }

    private void applyToType(TypeDeclaration<?> type, JmlAnnotation annotation) {
        for (JmlAnnotation.Item item : annotation.items) {
            if (!(item instanceof JmlAnnotation.Modifier modifier)
                    || !(modifier.name().equals("pure") || modifier.name().equals("spec_public")
                    || modifier.name().equals("nullable") || modifier.name().equals("non_null"))) {
                throw new JmlError(item.at(), "JML '" + item.at().text() + "' cannot annotate a type declaration"
                        + (item.at().is("invariant") ? " (put invariants inside the class body)" : ""));
            }
            types.get(type).modifiers.add(modifier.name());
        }
    }

    private static void checkFieldItems(List<JmlAnnotation.Item> items) {
        for (JmlAnnotation.Item item : items) {
            if (!(item instanceof JmlAnnotation.Modifier modifier) || modifier.name().equals("pure")
                    || modifier.name().equals("helper")) {
                throw new JmlError(item.at(), "JML '" + item.at().text() + "' cannot annotate a field"
                        + " (field modifiers spec_public, spec_protected, nullable and non_null are accepted)");
            }
        }
    }

    private Specs.MethodSpec spec(Node callable) {
        return methods.computeIfAbsent(callable, c -> new Specs.MethodSpec());
    }

    private static <N extends Node> N nextAfter(List<N> nodes, Range at) {
        N best = null;
        for (N node : nodes) {
            Position begin = node.getBegin().orElse(null);
            if (begin != null && begin.isAfter(at.end)
                    && (best == null || begin.isBefore(best.getBegin().get()))) {
                best = node;
            }
        }
        return best;
    }

}
