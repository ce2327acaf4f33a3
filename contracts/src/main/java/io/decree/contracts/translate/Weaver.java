package io.decree.contracts.translate;

import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Instruments one type: each checked method keeps its signature and becomes a wrapper that checks the
 * specification around a call to the original body, moved unchanged into a private method
 * {@code name$body}; each checked constructor gets its checks around its body in place; a class with
 * invariants gets one {@code jml$inv$Name(where)} method that checks them (and its superclass's).
 */
final class Weaver {
    private static final String RAC = CheckCode.RAC;
    private static final Set<String> KEEP_ON_BODY = Set.of("SuppressWarnings", "SafeVarargs");

    private final SourceIndex index;
    private final SourceIndex.TypeInfo type;
    private final TypeDeclaration<?> decl;
    private final List<JmlError> errors;
    private final ClauseCatalog catalog;
    private final boolean hasContext;
    private final List<ClauseSource> invariants = new ArrayList<>();
    private final String superInvariantMethod;
    private boolean changed;

    /** An invariant clause and the file it was written in (an interface's invariant lives in its own file). */
    private record ClauseSource(JmlAnnotation.Clause clause, String file) {
    }

    Weaver(SourceIndex index, SourceIndex.TypeInfo type, List<JmlError> errors, ClauseCatalog catalog) {
        this.index = index;
        this.catalog = catalog;
        this.type = type;
        this.decl = type.decl();
        this.errors = errors;
        this.hasContext = index.hasContractContext(type);
        type.typeSpec().invariants.forEach(c -> invariants.add(new ClauseSource(c, type.file())));
        String superMethod = null;
        for (SourceIndex.Super s : index.allSupertypes(type)) {
            if (s.isClass()) {
                if (superMethod == null && hasInvariants(s.info())) {
                    superMethod = invariantMethodName(s.info().decl());
                }
            } else {
                s.info().typeSpec().invariants.forEach(c -> invariants.add(new ClauseSource(c, s.info().file())));
            }
        }
        this.superInvariantMethod = superMethod;
    }

    private boolean hasInvariants(SourceIndex.TypeInfo t) {
        if (t.decl() instanceof ClassOrInterfaceDeclaration c && c.isInterface()) {
            return false;
        }
        if (!t.typeSpec().invariants.isEmpty()) {
            return true;
        }
        for (SourceIndex.Super s : index.allSupertypes(t)) {
            if (!s.info().typeSpec().invariants.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    static String invariantMethodName(TypeDeclaration<?> t) {
        return "jml$inv$" + t.getNameAsString();
    }

    private boolean isInterface() {
        return decl instanceof ClassOrInterfaceDeclaration c && c.isInterface();
    }

    private boolean checksInvariants() {
        return !isInterface() && (!invariants.isEmpty() || superInvariantMethod != null);
    }

    /** Weaves the type; returns whether anything changed. */
    boolean weave() {
        boolean invariantChecks = checksInvariants();
        if (invariantChecks) {
            attempt(this::addInvariantMethod);
        }
        for (BodyDeclaration<?> member : List.copyOf(decl.getMembers())) {
            if (member instanceof MethodDeclaration m && m.getBody().isPresent()) {
                attempt(() -> weaveMethod(m));
            } else if (member instanceof ConstructorDeclaration c) {
                attempt(() -> weaveConstructor(c));
            } else if (member instanceof CompactConstructorDeclaration c) {
                attempt(() -> weaveCompact(c));
            }
        }
        if (decl instanceof RecordDeclaration r && r.getCompactConstructors().isEmpty() && !hasCanonical(r)
                && (invariantChecks || type.specs().methods.containsKey(r))) {
            CompactConstructorDeclaration compact = new CompactConstructorDeclaration();
            compact.setName(r.getNameAsString());
            switch (r.getAccessSpecifier()) {
                case PUBLIC -> compact.addModifier(Modifier.Keyword.PUBLIC);
                case PROTECTED -> compact.addModifier(Modifier.Keyword.PROTECTED);
                case PRIVATE -> compact.addModifier(Modifier.Keyword.PRIVATE);
                default -> { }
            }
            r.addMember(compact);
            attempt(() -> weaveCompact(compact));
        }
        return changed;
    }

    private static boolean hasCanonical(RecordDeclaration r) {
        for (ConstructorDeclaration c : r.getConstructors()) {
            if (c.getParameters().size() == r.getParameters().size()) {
                boolean same = true;
                for (int i = 0; i < c.getParameters().size(); i++) {
                    same &= SourceIndex.erase(c.getParameter(i).getType().asString())
                            .equals(SourceIndex.erase(r.getParameter(i).getType().asString()));
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
    }

    private void attempt(Runnable step) {
        try {
            step.run();
        } catch (JmlError e) {
            errors.add(e);
        }
    }

    // ---------------------------------------------------------------- invariants

    private void addInvariantMethod() {
        StringBuilder body = new StringBuilder("{");
        if (superInvariantMethod != null) {
            body.append(superInvariantMethod).append("(jml$where);");
        }
        ClauseTranslator translator = new ClauseTranslator(new ArrayList<>(), Map.of(), this::notPure, catalog, decl.getNameAsString());
        for (ClauseSource source : invariants) {
            ClauseTranslator.Checked c = translator.translate(source.clause(), source.clause().body(), source.file(), false, false);
            body.append(CheckCode.check("INVARIANT", c, null, "jml$where", context(true), "null"));
        }
        body.append('}');
        MethodDeclaration method = new MethodDeclaration();
        method.setName(invariantMethodName(decl));
        method.setType("void");
        method.addParameter("String", "jml$where");
        if (decl instanceof ClassOrInterfaceDeclaration) {
            method.addModifier(Modifier.Keyword.PROTECTED, Modifier.Keyword.FINAL);
        } else {
            method.addModifier(Modifier.Keyword.PRIVATE);
        }
        method.setBody(block(body.toString()));
        decl.addMember(method);
        changed = true;
    }

    private boolean notPure(String name, int arity) {
        return index.declaredNotPure(type, name, arity);
    }

    private String context(boolean instance) {
        return instance && hasContext ? "() -> this.contractContext()" : "null";
    }

    // ---------------------------------------------------------------- spec cases

    /** The spec cases of a method: its own, then those of every method it overrides in the source set. */
    private List<Specs.SpecCase> cases(MethodDeclaration m, Specs.MethodSpec own) {
        List<Specs.SpecCase> cases = new ArrayList<>();
        if (own != null) {
            own.cases.stream().filter(c -> !c.isEmpty()).forEach(cases::add);
        }
        if (m.isStatic() || m.isPrivate()) {
            return cases;
        }
        for (SourceIndex.Super s : index.allSupertypes(type)) {
            for (MethodDeclaration sup : s.info().decl().getMethodsByName(m.getNameAsString())) {
                Specs.MethodSpec spec = s.info().specs().methods.get(sup);
                if (spec == null || !SourceIndex.overrides(m, sup, s.substitution())) {
                    continue;
                }
                Map<String, String> renaming = new LinkedHashMap<>();
                for (int i = 0; i < m.getParameters().size(); i++) {
                    String from = sup.getParameter(i).getNameAsString();
                    String to = m.getParameter(i).getNameAsString();
                    if (!from.equals(to)) {
                        renaming.put(from, to);
                    }
                }
                spec.cases.stream().filter(c -> !c.isEmpty()).forEach(c -> cases.add(c.inherited(renaming)));
            }
        }
        return cases;
    }

    /** Everything translated for one callable. */
    private final class Plan {
        final List<ClauseTranslator.Old> olds = new ArrayList<>();
        final StringBuilder nonNull = new StringBuilder();
        final StringBuilder pre = new StringBuilder();
        final StringBuilder post = new StringBuilder();
        final StringBuilder exceptional = new StringBuilder();
        final String where;
        final boolean instance;

        Plan(Node callable, List<Specs.SpecCase> cases, Specs.MethodSpec own, List<Parameter> params,
             Map<String, String> baseRename, boolean instance, boolean returnsValue) {
            this.where = CheckCode.literal(SourceIndex.signature(decl, callable));
            this.instance = instance;
            String ctx = context(instance);
            if (own != null) {
                for (Parameter p : params) {
                    if (own.nonNullParams.contains(p.getNameAsString())) {
                        String name = baseRename.getOrDefault(p.getNameAsString(), p.getNameAsString());
                        nonNull.append(CheckCode.fail("NON_NULL", "non_null " + p.getNameAsString(), type.file(),
                                p.getBegin().get().line, name + " == null", where, ctx, "null", ""));
                    }
                }
                if (own.nonNullResult() && returnsValue) {
                    post.append(CheckCode.fail("NON_NULL", "non_null \\result", type.file(), own.line,
                            JmlToJava.RESULT + " == null", where, ctx, "null", ""));
                }
            }
            boolean allGuarded = !cases.isEmpty();
            List<String> guards = new ArrayList<>();
            List<ClauseTranslator.Checked> firstRequires = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Specs.SpecCase sc = cases.get(i);
                Map<String, String> rename = new LinkedHashMap<>(sc.rename);
                rename.replaceAll((k, v) -> baseRename.getOrDefault(v, v));
                baseRename.forEach(rename::putIfAbsent);
                ClauseTranslator t = new ClauseTranslator(olds, rename, Weaver.this::notPure, catalog,
                        SourceIndex.signature(decl, callable));
                String guard = sc.requires.isEmpty() ? null : "jml$pre" + i;
                guards.add(guard);
                if (guard == null) {
                    allGuarded = false;
                } else {
                    pre.append("boolean ").append(guard).append(" = true;");
                    for (JmlAnnotation.Clause clause : sc.requires) {
                        ClauseTranslator.Checked c = t.translate(clause, clause.body(), sc.file, false, false);
                        firstRequires.add(c);
                        if (cases.size() == 1) {
                            pre.append(CheckCode.check("REQUIRES", c, null, where, ctx, "null"));
                        } else {
                            pre.append("try { if (").append(guard).append(") { ").append(c.counted()).append(guard)
                                    .append(" = (").append(c.condition()).append("); } } catch (RuntimeException jml$x) { throw ")
                                    .append(RAC).append(".threw(").append(CheckCode.KIND).append(".REQUIRES, ")
                                    .append(CheckCode.literal(clause.text())).append(", ").append(CheckCode.literal(c.file()))
                                    .append(", ").append(clause.at().line()).append(", ").append(where).append(", ")
                                    .append(ctx).append(", jml$x").append(CheckCode.values(c.shown())).append("); }");
                        }
                    }
                }
                String g = cases.size() == 1 ? null : guard;
                for (JmlAnnotation.Clause clause : sc.ensures) {
                    ClauseTranslator.Checked c = t.translate(clause, clause.body(), sc.file, returnsValue, true);
                    post.append(CheckCode.check("ENSURES", c, g, where, ctx, "null"));
                }
                if (sc.behavior.equals("exceptional_behavior")) {
                    post.append(CheckCode.fail("ENSURES", "exceptional_behavior: must not return normally", sc.file,
                            sc.header.line(), g == null ? "true" : g, where, ctx, "null", ""));
                }
                if (sc.behavior.equals("normal_behavior")) {
                    exceptional.append(CheckCode.fail("SIGNALS", "normal_behavior: must not throw", sc.file,
                            sc.header.line(), g == null ? "true" : g, where, ctx, "jml$e",
                            ", " + RAC + ".v(\"exception\", () -> jml$e)"));
                }
                for (JmlAnnotation.Clause clause : sc.signalsOnly) {
                    exceptional.append(signalsOnly(clause, sc.file, g, ctx));
                }
                for (JmlAnnotation.Clause clause : sc.signals) {
                    exceptional.append(signals(clause, sc.file, g, t, ctx));
                }
            }
            if (cases.size() > 1 && allGuarded) {
                StringBuilder failed = new StringBuilder();
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < cases.size(); i++) {
                    failed.append(i == 0 ? "" : " && ").append('!').append(guards.get(i));
                    StringBuilder caseText = new StringBuilder();
                    for (JmlAnnotation.Clause clause : cases.get(i).requires) {
                        caseText.append(caseText.isEmpty() ? "" : " && ").append(clause.text());
                    }
                    text.append(i == 0 ? "" : " || ").append('(').append(caseText).append(')');
                }
                List<ClauseTranslator.Shown> shown = new ArrayList<>();
                firstRequires.forEach(c -> shown.addAll(c.shown()));
                JmlAnnotation.Clause first = cases.getFirst().requires.getFirst();
                pre.append(CheckCode.fail("REQUIRES", text.toString(), cases.getFirst().file, first.at().line(),
                        failed.toString(), where, ctx, "null", CheckCode.values(dedupe(shown))));
            }
        }

        private String signalsOnly(JmlAnnotation.Clause clause, String file, String guard, String ctx) {
            StringBuilder allowed = new StringBuilder();
            for (List<Token> part : JmlToJava.splitTopLevel(clause.body(), ",")) {
                if (part.size() == 1 && part.getFirst().is("\\nothing")) {
                    continue;
                }
                String typeName = joined(part);
                if (!typeName.matches("[A-Za-z_$][\\w$.]*")) {
                    throw new JmlError(clause.at(), "signals_only expects exception type names, not '" + typeName + "'");
                }
                allowed.append(allowed.isEmpty() ? "" : " || ").append("jml$e instanceof ").append(typeName);
            }
            String failed = (guard == null ? "" : guard + " && ") + "!(" + (allowed.isEmpty() ? "false" : allowed) + ")";
            return CheckCode.fail("SIGNALS_ONLY", clause.text(), file, clause.at().line(), failed, where, ctx, "jml$e",
                    ", " + RAC + ".v(\"exception\", () -> jml$e)");
        }

        private String signals(JmlAnnotation.Clause clause, String file, String guard, ClauseTranslator t, String ctx) {
            List<Token> body = clause.body();
            if (!body.getFirst().is("(")) {
                throw new JmlError(clause.at(), "signals needs an exception type: signals (T e) condition;");
            }
            int close = JmlToJava.matching(body, 0);
            List<Token> declaration = body.subList(1, close);
            if (declaration.isEmpty()) {
                throw new JmlError(clause.at(), "signals needs an exception type: signals (T e) condition;");
            }
            String variable = null;
            List<Token> typeTokens = declaration;
            if (declaration.size() >= 2 && declaration.getLast().kind() == Token.Kind.IDENT
                    && !declaration.get(declaration.size() - 2).is(".")) {
                variable = declaration.getLast().text();
                typeTokens = declaration.subList(0, declaration.size() - 1);
            }
            String exceptionType = joined(typeTokens);
            List<Token> condition = body.subList(close + 1, body.size());
            if (condition.isEmpty()) {
                throw new JmlError(clause.at(), "signals needs a condition after the exception declaration");
            }
            ClauseTranslator.Checked c = t.translate(clause, condition, file, false, true);
            String test = "jml$e instanceof " + exceptionType + (variable == null ? "" : " " + variable);
            String values = ", " + RAC + ".v(\"exception\", () -> jml$e)" + CheckCode.values(c.shown());
            String args = CheckCode.KIND + ".SIGNALS, " + CheckCode.literal(clause.text()) + ", " + CheckCode.literal(file)
                    + ", " + clause.at().line() + ", " + where + ", " + ctx;
            return "if (" + (guard == null ? "" : guard + " && ") + test + ") { " + c.counted() + " try { if (!(" + c.condition() + ")) { throw "
                    + RAC + ".violated(" + args + ", jml$e" + values + "); } } catch (RuntimeException jml$x) { throw "
                    + RAC + ".threw(" + args + ", jml$x" + values + "); } }";
        }

        String oldDeclarations() {
            StringBuilder out = new StringBuilder();
            for (ClauseTranslator.Old old : olds) {
                out.append("final var ").append(old.name()).append(" = ").append(old.expression()).append(';');
            }
            return out.toString();
        }

        boolean isEmpty() {
            return nonNull.isEmpty() && pre.isEmpty() && post.isEmpty() && exceptional.isEmpty();
        }
    }

    private static List<ClauseTranslator.Shown> dedupe(List<ClauseTranslator.Shown> shown) {
        Map<String, ClauseTranslator.Shown> unique = new LinkedHashMap<>();
        shown.forEach(s -> unique.putIfAbsent(s.display(), s));
        return List.copyOf(unique.values());
    }

    private static String joined(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        tokens.forEach(t -> out.append(t.text()));
        return out.toString();
    }

    // ---------------------------------------------------------------- methods

    private void weaveMethod(MethodDeclaration m) {
        Specs.MethodSpec own = type.specs().methods.get(m);
        boolean helper = own != null && own.isHelper();
        List<Specs.SpecCase> cases = cases(m, own);
        boolean returnsValue = !m.getType().isVoidType();
        boolean instance = !m.isStatic();
        boolean invariantChecks = checksInvariants() && instance && m.isPublic() && !helper;
        Plan plan = new Plan(m, cases, own, m.getParameters(), Map.of(), instance, returnsValue);
        if (plan.isEmpty() && !invariantChecks) {
            return;
        }
        String bodyName = m.getNameAsString() + "$body";
        MethodDeclaration original = m.clone();
        original.setName(bodyName);
        original.setModifiers(new NodeList<>());
        original.addModifier(Modifier.Keyword.PRIVATE);
        if (m.isStatic()) {
            original.addModifier(Modifier.Keyword.STATIC);
        }
        if (m.isSynchronized()) {
            original.addModifier(Modifier.Keyword.SYNCHRONIZED);
        }
        if (m.isStrictfp()) {
            original.addModifier(Modifier.Keyword.STRICTFP);
        }
        NodeList<AnnotationExpr> kept = new NodeList<>();
        for (AnnotationExpr a : m.getAnnotations()) {
            if (KEEP_ON_BODY.contains(a.getNameAsString())) {
                kept.add(a.clone());
            }
        }
        original.setAnnotations(kept);
        original.removeComment();
        original.getParameters().forEach(p -> p.getAnnotations().removeIf(a -> !KEEP_ON_BODY.contains(a.getNameAsString())));
        decl.addMember(original);

        StringBuilder args = new StringBuilder();
        for (Parameter p : m.getParameters()) {
            args.append(args.isEmpty() ? "" : ", ").append(p.getNameAsString());
        }
        String typeArgs = m.getTypeParameters().isEmpty() ? ""
                : "<" + String.join(", ", m.getTypeParameters().stream().map(tp -> tp.getNameAsString()).toList()) + ">";
        String receiver = m.isStatic() ? decl.getNameAsString() : "this";
        String call = receiver + "." + typeArgs + bodyName + "(" + args + ")";
        String where = plan.where;
        String invEntry = invariantChecks ? invariantMethodName(decl) + "(" + where + " + \" on entry\");" : "";
        String invExit = invariantChecks ? invariantMethodName(decl) + "(" + where + " + \" on exit\");" : "";
        String invThrow = invariantChecks ? invariantMethodName(decl) + "(" + where + " + \" on exceptional exit\");" : "";

        // The thread's counters are fetched once per call (Rac.depth()): [0] is the spec depth, [1] the
        // suspension depth; entering and leaving spec mode are then plain array updates.
        StringBuilder code = new StringBuilder("{")
                .append("final int[] jml$d = ").append(RAC).append(".depth();")
                .append("if ((jml$d[0] | jml$d[1]) != 0) { ")
                .append(returnsValue ? "return " + call + ";" : call + "; return;").append(" }")
                .append("jml$d[0]++; try {")
                .append(plan.nonNull).append(plan.pre).append(invEntry).append(plan.oldDeclarations())
                .append("jml$d[0]--;");
        if (returnsValue) {
            code.append("final ").append(m.getType().asString()).append(' ').append(JmlToJava.RESULT).append(';');
        }
        code.append("try { ").append(returnsValue ? JmlToJava.RESULT + " = " : "").append(call).append("; }")
                .append(" catch (Throwable jml$e) { jml$d[0]++;")
                .append("if (jml$e instanceof Exception) {").append(plan.exceptional).append(invThrow).append('}')
                .append("throw jml$e; }")
                .append("jml$d[0]++;")
                .append(plan.post).append(invExit)
                .append(returnsValue ? "return " + JmlToJava.RESULT + ";" : "")
                .append("} finally { jml$d[0]--; } }");
        m.setBody(block(code.toString()));
        changed = true;
    }

    // ---------------------------------------------------------------- constructors

    private void weaveConstructor(ConstructorDeclaration c) {
        Specs.MethodSpec own = type.specs().methods.get(c);
        boolean helper = own != null && own.isHelper();
        boolean invariantChecks = checksInvariants() && !helper;
        Map<String, String> copies = new LinkedHashMap<>();
        c.getParameters().forEach(p -> copies.put(p.getNameAsString(), "jml$p$" + p.getNameAsString()));
        List<Specs.SpecCase> cases = own == null ? List.of() : own.cases.stream().filter(x -> !x.isEmpty()).toList();
        Plan plan = new Plan(c, cases, own, c.getParameters(), copies, true, false);
        if (plan.isEmpty() && !invariantChecks) {
            return;
        }
        BlockStmt body = c.getBody();
        Statement explicit = null;
        if (!body.getStatements().isEmpty() && body.getStatement(0) instanceof ExplicitConstructorInvocationStmt) {
            explicit = body.getStatement(0).clone();
            body.getStatements().removeFirst();
        }
        for (ReturnStmt r : body.findAll(ReturnStmt.class)) {
            if (enclosingCallable(r) == c) {
                r.replace(new BreakStmt("jml$body"));
            }
        }
        StringBuilder code = new StringBuilder("{");
        if (explicit != null) {
            code.append(explicit);
        }
        code.append("final boolean jml$checked = !").append(RAC).append(".inSpec();");
        for (Parameter p : c.getParameters()) {
            code.append("final var ").append(copies.get(p.getNameAsString())).append(" = ").append(p.getNameAsString()).append(';');
        }
        code.append(hoistGuards(plan.pre))
                .append("if (jml$checked) { ").append(RAC).append(".enterSpec(); try {")
                .append(plan.nonNull).append(stripGuardDeclarations(plan.pre))
                .append("} finally { ").append(RAC).append(".exitSpec(); } }")
                .append(plan.oldDeclarations())
                .append("try { if (true) jml$body: ").append(body)
                .append(" } catch (Throwable jml$e) { if (jml$checked && jml$e instanceof Exception) { ")
                .append(RAC).append(".enterSpec(); try {").append(plan.exceptional)
                .append("} finally { ").append(RAC).append(".exitSpec(); } } throw jml$e; }")
                .append("if (jml$checked) { ").append(RAC).append(".enterSpec(); try {").append(plan.post)
                .append(invariantChecks ? invariantMethodName(decl) + "(" + plan.where + " + \" at end of constructor\");" : "")
                .append("} finally { ").append(RAC).append(".exitSpec(); } } }");
        c.setBody(block(code.toString()));
        changed = true;
    }

    /** Multi-case precondition flags must outlive the checking block: declare them before it. */
    private static String hoistGuards(StringBuilder pre) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("boolean (jml\\$pre\\d+) = true;").matcher(pre);
        while (m.find()) {
            out.append("boolean ").append(m.group(1)).append(" = true;");
        }
        return out.toString();
    }

    private static String stripGuardDeclarations(StringBuilder pre) {
        return pre.toString().replaceAll("boolean (jml\\$pre\\d+) = true;", "");
    }

    private static Node enclosingCallable(Node n) {
        Node current = n.getParentNode().orElse(null);
        while (current != null && !(current instanceof ConstructorDeclaration) && !(current instanceof MethodDeclaration)
                && !(current instanceof LambdaExpr) && !(current instanceof ObjectCreationExpr)
                && !(current instanceof TypeDeclaration)) {
            current = current.getParentNode().orElse(null);
        }
        return current;
    }

    /**
     * A record's compact constructor: its parameters are the components and the fields are not assigned
     * until it ends, so invariants are checked inline with component names, {@code this.x} and accessor
     * calls {@code x()} read as the parameter {@code x}.
     */
    private void weaveCompact(CompactConstructorDeclaration c) {
        RecordDeclaration record = (RecordDeclaration) decl;
        Specs.MethodSpec own = type.specs().methods.get(c);
        List<Specs.SpecCase> cases = own == null ? List.of() : own.cases.stream().filter(x -> !x.isEmpty()).toList();
        Map<String, String> copies = new LinkedHashMap<>();
        record.getParameters().forEach(p -> copies.put(p.getNameAsString(), "jml$p$" + p.getNameAsString()));
        Plan plan = new Plan(c, cases, own, record.getParameters(), copies, false, false);
        StringBuilder inv = new StringBuilder();
        ClauseTranslator translator = new ClauseTranslator(new ArrayList<>(), Map.of(), this::notPure, catalog, decl.getNameAsString());
        Set<String> components = new java.util.HashSet<>();
        record.getParameters().forEach(p -> components.add(p.getNameAsString()));
        for (ClauseSource source : invariants) {
            ClauseTranslator.Checked checked = translator.translate(source.clause(), source.clause().body(), source.file(), false, false);
            inv.append(CheckCode.check("INVARIANT", componentsAsParameters(checked, components), null,
                    plan.where + " + \" at end of constructor\"", "null", "null"));
        }
        if (plan.isEmpty() && inv.isEmpty()) {
            return;
        }
        StringBuilder code = new StringBuilder("{")
                .append("final boolean jml$checked = !").append(RAC).append(".inSpec();");
        copies.forEach((name, copy) -> code.append("final var ").append(copy).append(" = ").append(name).append(';'));
        code.append(hoistGuards(plan.pre))
                .append("if (jml$checked) { ").append(RAC).append(".enterSpec(); try {")
                .append(plan.nonNull).append(stripGuardDeclarations(plan.pre))
                .append("} finally { ").append(RAC).append(".exitSpec(); } }")
                .append(c.getBody().toString(), 1, c.getBody().toString().length() - 1);
        components.forEach(name -> code.append("final var jml$c$").append(name).append(" = ").append(name).append(';'));
        code.append("if (jml$checked) { ").append(RAC).append(".enterSpec(); try {").append(plan.post).append(inv)
                .append("} finally { ").append(RAC).append(".exitSpec(); } } }");
        if (plan.olds.size() > 0) {
            throw new JmlError(cases.getFirst().header, "\\old in a record's compact constructor is not supported");
        }
        c.setBody(block(code.toString()));
        changed = true;
    }

    private static ClauseTranslator.Checked componentsAsParameters(ClauseTranslator.Checked checked, Set<String> components) {
        Expression condition = checked.condition().clone();
        rewriteComponents(condition, components);
        List<ClauseTranslator.Shown> shown = new ArrayList<>();
        for (ClauseTranslator.Shown s : checked.shown()) {
            Expression e = s.expression().clone();
            shown.add(new ClauseTranslator.Shown(s.display(), rewriteComponents(e, components)));
        }
        return new ClauseTranslator.Checked(checked.clause(), checked.file(), condition, shown, checked.id());
    }

    private static Expression rewriteComponents(Expression e, Set<String> components) {
        Expression root = e;
        for (MethodCallExpr call : e.findAll(MethodCallExpr.class)) {
            if (call.getArguments().isEmpty() && components.contains(call.getNameAsString())
                    && (call.getScope().isEmpty() || call.getScope().get() instanceof ThisExpr)) {
                if (call == root) {
                    return new NameExpr("jml$c$" + call.getNameAsString());
                }
                call.replace(new NameExpr("jml$c$" + call.getNameAsString()));
            }
        }
        for (FieldAccessExpr field : e.findAll(FieldAccessExpr.class)) {
            if (field.getScope() instanceof ThisExpr && components.contains(field.getNameAsString())) {
                if (field == root) {
                    return new NameExpr("jml$c$" + field.getNameAsString());
                }
                field.replace(new NameExpr("jml$c$" + field.getNameAsString()));
            }
        }
        if (root instanceof NameExpr n && components.contains(n.getNameAsString())) {
            return new NameExpr("jml$c$" + n.getNameAsString());
        }
        for (NameExpr n : root.findAll(NameExpr.class)) {
            if (components.contains(n.getNameAsString()) && !ClauseTranslator.boundByLambda(n, n.getNameAsString())) {
                n.setName("jml$c$" + n.getNameAsString());
            }
        }
        return root;
    }

    private static BlockStmt block(String code) {
        var result = Parsing.parser().parseBlock(code);
        if (!result.isSuccessful()) {
            throw new IllegalStateException("decree-contracts generated code that does not parse (a translator bug): "
                    + result.getProblems() + "\n" + code);
        }
        return result.getResult().get();
    }
}
