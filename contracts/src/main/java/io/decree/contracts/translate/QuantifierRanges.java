package io.decree.contracts.translate;

import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code (\forall T x; range; body)} and {@code (\exists T x; range; body)} to Java. The range must bound
 * every quantified variable, because run-time checking can only enumerate what it can see:
 * <ul>
 *   <li>an {@code int} or {@code long} variable needs a lower and an upper bound among the range's
 *       {@code &&}-conjuncts ({@code lo <= x}, {@code lo < x}, {@code x < hi}, {@code x <= hi}, either way
 *       round, or JML's chained {@code lo <= x < hi});</li>
 *   <li>any other variable needs a conjunct {@code c.contains(x)}, and the quantifier runs over the
 *       elements of the Iterable {@code c} (for an array, {@code java.util.Arrays.asList(a).contains(x)}
 *       or an index range).</li>
 * </ul>
 * Conjuncts that are not bounds filter the values. Anything else is a build-time error.
 */
final class QuantifierRanges {
    private static final String Q = "io.decree.contracts.runtime.Quantifiers.";

    private final JmlToJava outer;

    QuantifierRanges(JmlToJava outer) {
        this.outer = outer;
    }

    String translate(List<Token> inner) {
        Token quantifier = inner.getFirst();
        boolean forall = quantifier.is("\\forall");
        List<List<Token>> parts = JmlToJava.splitTopLevel(inner.subList(1, inner.size()), ";");
        if (parts.size() != 3) {
            throw new JmlError(quantifier, parts.size() == 2
                    ? quantifier.text() + " needs a range that bounds its variable: (" + quantifier.text()
                    + " int i; lo <= i && i < hi; body) or (" + quantifier.text() + " T x; c.contains(x); body)"
                    : "malformed " + quantifier.text() + ": expected (" + quantifier.text() + " T x; range; body)");
        }
        List<List<Token>> declarators = JmlToJava.splitTopLevel(parts.get(0), ",");
        List<Token> first = declarators.getFirst();
        if (first.size() < 2) {
            throw new JmlError(quantifier, quantifier.text() + " needs a typed variable: " + quantifier.text() + " T x;");
        }
        String type = joined(first.subList(0, first.size() - 1));
        List<String> names = new ArrayList<>();
        names.add(first.getLast().text());
        for (List<Token> more : declarators.subList(1, declarators.size())) {
            if (more.size() != 1 || more.getFirst().kind() != Token.Kind.IDENT) {
                throw new JmlError(quantifier, "malformed variable list in " + quantifier.text());
            }
            names.add(more.getFirst().text());
        }
        String rangeJava = outer.translate(JmlToJava.nonEmpty(parts.get(1), 0, parts.get(1).size()));
        String bodyJava = outer.translate(JmlToJava.nonEmpty(parts.get(2), 0, parts.get(2).size()));

        List<Expression> conjuncts = new ArrayList<>();
        flatten(Parsing.expression(rangeJava, quantifier, rangeJava), conjuncts);
        List<String> generators = new ArrayList<>();
        for (String name : names) {
            generators.add(generator(forall, type, name, conjuncts, quantifier));
        }
        String predicate;
        if (conjuncts.isEmpty()) {
            predicate = "(" + bodyJava + ")";
        } else {
            StringBuilder filter = new StringBuilder();
            for (Expression conjunct : conjuncts) {
                filter.append(filter.isEmpty() ? "" : " && ").append('(').append(conjunct).append(')');
            }
            predicate = forall ? "(!(" + filter + ") || (" + bodyJava + "))" : "((" + filter + ") && (" + bodyJava + "))";
        }
        String result = predicate;
        for (int i = generators.size() - 1; i >= 0; i--) {
            result = generators.get(i).replace("%BODY%", result);
        }
        return result;
    }

    /** The call for one variable, with %BODY% where its lambda's body goes; removes the bounds it used. */
    private static String generator(boolean forall, String type, String name, List<Expression> conjuncts, Token at) {
        String verb = forall ? "forall" : "exists";
        if (type.equals("int") || type.equals("long")) {
            Expression lo = null;
            Expression hi = null;
            for (Expression conjunct : List.copyOf(conjuncts)) {
                if (!(conjunct instanceof BinaryExpr b)) {
                    continue;
                }
                Expression lower = lowerBound(b, name);
                Expression upper = upperBound(b, name);
                if (lower != null && lo == null) {
                    lo = lower;
                    conjuncts.remove(conjunct);
                } else if (upper != null && hi == null) {
                    hi = upper;
                    conjuncts.remove(conjunct);
                }
            }
            if (lo == null || hi == null) {
                throw new JmlError(at, "the range of " + at.text() + " must bound " + name + " from "
                        + (lo == null ? "below (lo <= " + name + ")" : "above (" + name + " < hi)"));
            }
            String kind = type.equals("int") ? "Int" : "Long";
            return Q + verb + kind + "(" + lo + ", " + hi + ", (" + type + " " + name + ") -> %BODY%)";
        }
        if (type.equals("short") || type.equals("byte") || type.equals("char")
                || type.equals("float") || type.equals("double") || type.equals("boolean")) {
            throw new JmlError(at, at.text() + " over " + type + " is outside the supported subset (use int or long)");
        }
        for (Expression conjunct : List.copyOf(conjuncts)) {
            if (conjunct instanceof MethodCallExpr call && call.getNameAsString().equals("contains")
                    && call.getScope().isPresent() && call.getArguments().size() == 1
                    && call.getArgument(0) instanceof NameExpr arg && arg.getNameAsString().equals(name)
                    && !mentions(call.getScope().get(), name)) {
                conjuncts.remove(conjunct);
                return Q + verb + "In(" + call.getScope().get() + ", (" + type + " " + name + ") -> %BODY%)";
            }
        }
        throw new JmlError(at, "the range of " + at.text() + " over " + type + " " + name
                + " must contain a conjunct c.contains(" + name + ") naming the collection to run over");
    }

    private static Expression lowerBound(BinaryExpr b, String x) {
        if (isVar(b.getRight(), x) && !mentions(b.getLeft(), x)) {
            if (b.getOperator() == BinaryExpr.Operator.LESS_EQUALS) {
                return b.getLeft();
            }
            if (b.getOperator() == BinaryExpr.Operator.LESS) {
                return plusOne(b.getLeft());
            }
        }
        if (isVar(b.getLeft(), x) && !mentions(b.getRight(), x)) {
            if (b.getOperator() == BinaryExpr.Operator.GREATER_EQUALS) {
                return b.getRight();
            }
            if (b.getOperator() == BinaryExpr.Operator.GREATER) {
                return plusOne(b.getRight());
            }
        }
        return null;
    }

    private static Expression upperBound(BinaryExpr b, String x) {
        if (isVar(b.getLeft(), x) && !mentions(b.getRight(), x)) {
            if (b.getOperator() == BinaryExpr.Operator.LESS) {
                return b.getRight();
            }
            if (b.getOperator() == BinaryExpr.Operator.LESS_EQUALS) {
                return inclusive(b.getRight());
            }
        }
        if (isVar(b.getRight(), x) && !mentions(b.getLeft(), x)) {
            if (b.getOperator() == BinaryExpr.Operator.GREATER) {
                return b.getLeft();
            }
            if (b.getOperator() == BinaryExpr.Operator.GREATER_EQUALS) {
                return inclusive(b.getLeft());
            }
        }
        return null;
    }

    private static Expression plusOne(Expression e) {
        return Parsing.expression("(long) (" + e + ") + 1L", null, e.toString());
    }

    private static Expression inclusive(Expression e) {
        return Parsing.expression(Q + "inclusive(" + e + ")", null, e.toString());
    }

    private static boolean isVar(Expression e, String x) {
        while (e instanceof EnclosedExpr enclosed) {
            e = enclosed.getInner();
        }
        return e instanceof NameExpr n && n.getNameAsString().equals(x);
    }

    private static boolean mentions(Expression e, String x) {
        return e.findFirst(NameExpr.class, n -> n.getNameAsString().equals(x)).isPresent();
    }

    /** Splits {@code a && b && c} into conjuncts, and JML's chained {@code lo <= x < hi} into two. */
    private static void flatten(Expression e, List<Expression> out) {
        while (e instanceof EnclosedExpr enclosed) {
            e = enclosed.getInner();
        }
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.AND) {
            flatten(b.getLeft(), out);
            flatten(b.getRight(), out);
            return;
        }
        if (e instanceof BinaryExpr b && isComparison(b.getOperator())
                && b.getLeft() instanceof BinaryExpr inner && isComparison(inner.getOperator())) {
            out.add(inner);
            out.add(new BinaryExpr(inner.getRight().clone(), b.getRight(), b.getOperator()));
            return;
        }
        out.add(e);
    }

    private static boolean isComparison(BinaryExpr.Operator op) {
        return op == BinaryExpr.Operator.LESS || op == BinaryExpr.Operator.LESS_EQUALS
                || op == BinaryExpr.Operator.GREATER || op == BinaryExpr.Operator.GREATER_EQUALS;
    }

    private static String joined(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        for (Token t : tokens) {
            out.append(t.text()).append(t.is(".") || t.is("<") ? "" : " ");
        }
        return out.toString().trim().replace(" .", ".").replace(" >", ">").replace(" ,", ",");
    }
}
