package io.decree.contracts.translate;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * One JML clause to a checked Java expression: translates the text ({@link JmlToJava}), renames inherited
 * parameters, lifts {@code \old} expressions into locals evaluated on entry, refuses calls to methods the
 * sources declare but not as {@code pure}, and lists the values to show when the clause fails.
 */
final class ClauseTranslator {
    /** An {@code \old(e)} lifted into local {@code name}, evaluated on entry. */
    record Old(String name, Expression expression, String display) {
    }

    /** A value shown in a violation: display name and the Java expression that computes it. */
    record Shown(String display, Expression expression) {
    }

    /** A clause ready to weave; {@code id}: its number in the run's {@link ClauseCatalog}. */
    record Checked(JmlAnnotation.Clause clause, String file, Expression condition, List<Shown> shown, int id) {
        /** The statement that counts one evaluation of this clause. */
        String counted() {
            return ClauseCatalog.TABLE + ".evaluated(" + id + ");";
        }
    }

    private final List<Old> olds;
    private final Map<String, String> rename;
    private final BiPredicate<String, Integer> notPure;
    private final ClauseCatalog catalog;
    private final String owner;

    /**
     * @param olds     where this method's lifted {@code \old} expressions go (shared by its clauses)
     * @param rename   parameter names to replace (inherited specs, constructor parameter copies)
     * @param notPure  (name, arity) of an unqualified call that the sources declare without {@code pure}
     * @param catalog  numbers the clauses, for clause coverage
     * @param owner    where the clauses are checked (a type, or a method's signature), for the coverage report
     */
    ClauseTranslator(List<Old> olds, Map<String, String> rename, BiPredicate<String, Integer> notPure,
                     ClauseCatalog catalog, String owner) {
        this.olds = olds;
        this.rename = rename;
        this.notPure = notPure;
        this.catalog = catalog;
        this.owner = owner;
    }

    Checked translate(JmlAnnotation.Clause clause, List<Token> tokens, String file, boolean result, boolean old) {
        String java = new JmlToJava(result, old).translateClause(tokens);
        Expression condition = Parsing.expression(java, clause.at(), clause.text());
        condition = renameParameters(condition);
        checkPurity(condition, clause);
        condition = liftOlds(condition, clause);
        List<Shown> shown = shownValues(condition);
        int id = catalog.id(clause.keyword(), clause.text(), file, clause.at().line(), owner, JmlToJava.isImplication(tokens));
        return new Checked(clause, file, countAntecedent(condition, id, clause), shown, id);
    }

    /** The antecedent marker becomes the catalogue's counting call (the value passes through unchanged). */
    private static Expression countAntecedent(Expression e, int id, JmlAnnotation.Clause clause) {
        MethodCallExpr marker = e.findFirst(MethodCallExpr.class,
                c -> c.getNameAsString().equals(JmlToJava.ANTECEDENT_MARKER) && c.getScope().isEmpty()).orElse(null);
        if (marker == null) {
            return e;
        }
        Expression counted = Parsing.expression(ClauseCatalog.TABLE + ".antecedent(" + id + ", " + marker.getArgument(0) + ")",
                clause.at(), clause.text());
        if (marker == e) {
            return counted;
        }
        marker.replace(counted);
        return e;
    }

    private Expression renameParameters(Expression e) {
        if (rename.isEmpty()) {
            return e;
        }
        for (NameExpr name : e.findAll(NameExpr.class)) {
            String to = rename.get(name.getNameAsString());
            if (to != null && !boundByLambda(name, name.getNameAsString())) {
                name.setName(to);
            }
        }
        return e;
    }

    private void checkPurity(Expression e, JmlAnnotation.Clause clause) {
        for (MethodCallExpr call : e.findAll(MethodCallExpr.class)) {
            boolean own = call.getScope().isEmpty() || call.getScope().get() instanceof ThisExpr;
            if (own && !call.getNameAsString().equals(JmlToJava.OLD_MARKER)
                    && notPure.test(call.getNameAsString(), call.getArguments().size())) {
                throw new JmlError(clause.at(), "the " + clause.keyword() + " clause calls " + call.getNameAsString()
                        + "(...), which is not declared /*@ pure @*/: specifications may only call pure methods");
            }
        }
    }

    private Expression liftOlds(Expression e, JmlAnnotation.Clause clause) {
        while (true) {
            MethodCallExpr marker = e.findFirst(MethodCallExpr.class,
                    c -> c.getNameAsString().equals(JmlToJava.OLD_MARKER) && c.getScope().isEmpty()).orElse(null);
            if (marker == null) {
                return e;
            }
            Expression inner = marker.getArgument(0).clone();
            for (MethodCallExpr nested : inner.findAll(MethodCallExpr.class,
                    c -> c.getNameAsString().equals(JmlToJava.OLD_MARKER) && c.getScope().isEmpty())) {
                nested.replace(nested.getArgument(0).clone());
            }
            if (inner.findFirst(NameExpr.class, n -> n.getNameAsString().equals(JmlToJava.RESULT)).isPresent()) {
                throw new JmlError(clause.at(), "\\old(...) cannot mention \\result");
            }
            for (NameExpr name : marker.getArgument(0).findAll(NameExpr.class)) {
                if (boundByLambda(name, name.getNameAsString())) {
                    throw new JmlError(clause.at(), "\\old(...) mentions the quantified variable " + name.getNameAsString()
                            + ": its value on entry cannot be computed before the quantifier runs; quantify over \\old "
                            + "values instead (outside the supported subset)");
                }
            }
            String local = "jml$old" + olds.size();
            olds.add(new Old(local, inner, "\\old(" + display(inner) + ")"));
            NameExpr replacement = new NameExpr(local);
            if (marker == e) {
                return replacement;
            }
            marker.replace(replacement);
        }
    }

    private List<Shown> shownValues(Expression condition) {
        Map<String, Shown> shown = new LinkedHashMap<>();
        List<Expression> candidates = new ArrayList<>();
        candidates.addAll(condition.findAll(NameExpr.class));
        candidates.addAll(condition.findAll(FieldAccessExpr.class));
        candidates.addAll(condition.findAll(ArrayAccessExpr.class));
        candidates.addAll(condition.findAll(MethodCallExpr.class, c -> c.getArguments().isEmpty()));
        candidates.sort((a, b) -> a.getBegin().isPresent() && b.getBegin().isPresent()
                ? a.getBegin().get().compareTo(b.getBegin().get()) : 0);
        for (Expression candidate : candidates) {
            if (worthShowing(candidate)) {
                String display = display(candidate);
                shown.putIfAbsent(display, new Shown(display, candidate.clone()));
            }
        }
        return List.copyOf(shown.values());
    }

    private boolean worthShowing(Expression e) {
        for (NameExpr name : e.findAll(NameExpr.class)) {
            if (boundByLambda(name, name.getNameAsString())) {
                return false;
            }
        }
        if ((e instanceof NameExpr || e instanceof FieldAccessExpr) && qualifiesAType(e)) {
            return false; // a package or type name such as java.util.List or Math, not a value
        }
        Expression root = rootOf(e);
        if (e instanceof MethodCallExpr call && call.getScope().isPresent()
                && call.getScope().get() instanceof NameExpr n && Character.isUpperCase(n.getNameAsString().charAt(0))) {
            return false; // a static call such as Math.random(): not a value of the state
        }
        return root == null || root instanceof ThisExpr || root instanceof NameExpr;
    }

    /** Whether {@code e} is, or is a prefix of, a qualified name whose next part is a capitalised type name. */
    private static boolean qualifiesAType(Expression e) {
        Node current = e;
        while (true) {
            String name = current instanceof NameExpr n ? n.getNameAsString() : ((FieldAccessExpr) current).getNameAsString();
            Node parent = current.getParentNode().orElse(null);
            boolean usedAsScope = (parent instanceof FieldAccessExpr f && f.getScope() == current)
                    || (parent instanceof MethodCallExpr m && m.getScope().orElse(null) == current);
            if (usedAsScope && Character.isUpperCase(name.charAt(0))) {
                return true;
            }
            if (parent instanceof FieldAccessExpr f && f.getScope() == current) {
                current = f;
            } else {
                return false;
            }
        }
    }

    private static Expression rootOf(Expression e) {
        while (true) {
            if (e instanceof FieldAccessExpr f) {
                e = f.getScope();
            } else if (e instanceof MethodCallExpr m) {
                if (m.getScope().isEmpty()) {
                    return null;
                }
                e = m.getScope().get();
            } else if (e instanceof ArrayAccessExpr a) {
                e = a.getName();
            } else {
                return e;
            }
        }
    }

    private String display(Expression e) {
        String text = e.toString().replace(JmlToJava.RESULT, "\\result");
        for (Old old : olds) {
            text = text.replace(old.name(), old.display());
        }
        for (Map.Entry<String, String> entry : rename.entrySet()) {
            if (entry.getValue().startsWith("jml$p$")) {
                text = text.replace(entry.getValue(), entry.getKey());
            }
        }
        return text;
    }

    static boolean boundByLambda(Node node, String name) {
        Node current = node.getParentNode().orElse(null);
        while (current != null) {
            if (current instanceof LambdaExpr lambda
                    && lambda.getParameters().stream().anyMatch(p -> p.getNameAsString().equals(name))) {
                return true;
            }
            current = current.getParentNode().orElse(null);
        }
        return false;
    }
}
