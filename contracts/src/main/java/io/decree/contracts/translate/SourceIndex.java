package io.decree.contracts.translate;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.TypeParameter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All types of the source set, so that a method inherits the specifications of the methods it overrides
 * or implements ({@code also}), a class inherits invariants, and a spec's calls can be checked for purity.
 * Resolution is by name (same package, then imports, then unique simple name): the translator has no
 * class path, so supertypes outside the source set contribute nothing.
 */
final class SourceIndex {
    /** A type declaration with what was collected from its file. */
    record TypeInfo(TypeDeclaration<?> decl, CompilationUnit unit, String file, SpecCollector specs) {
        String packageName() {
            return unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
        }

        Specs.TypeSpec typeSpec() {
            return specs.types.get(decl);
        }
    }

    /** A supertype and the substitution of its type parameters by the arguments written in extends/implements. */
    record Super(TypeInfo info, Map<String, String> substitution, boolean isClass) {
    }

    private final Map<String, List<TypeInfo>> bySimpleName = new HashMap<>();
    private final Map<TypeDeclaration<?>, TypeInfo> byDecl = new HashMap<>();

    void add(CompilationUnit unit, String file, SpecCollector specs) {
        for (TypeDeclaration<?> type : unit.findAll(TypeDeclaration.class)) {
            TypeInfo info = new TypeInfo(type, unit, file, specs);
            bySimpleName.computeIfAbsent(type.getNameAsString(), k -> new ArrayList<>()).add(info);
            byDecl.put(type, info);
        }
    }

    TypeInfo info(TypeDeclaration<?> type) {
        return byDecl.get(type);
    }

    /** Direct supertypes in the source set. */
    List<Super> supertypes(TypeInfo type) {
        List<Super> supers = new ArrayList<>();
        if (type.decl() instanceof ClassOrInterfaceDeclaration c) {
            for (ClassOrInterfaceType t : c.getExtendedTypes()) {
                resolve(type, t, !c.isInterface()).ifPresent(supers::add);
            }
            for (ClassOrInterfaceType t : c.getImplementedTypes()) {
                resolve(type, t, false).ifPresent(supers::add);
            }
        } else if (type.decl() instanceof EnumDeclaration e) {
            e.getImplementedTypes().forEach(t -> resolve(type, t, false).ifPresent(supers::add));
        } else if (type.decl() instanceof RecordDeclaration r) {
            r.getImplementedTypes().forEach(t -> resolve(type, t, false).ifPresent(supers::add));
        }
        return supers;
    }

    /** All supertypes, transitively, nearest first, each once. */
    List<Super> allSupertypes(TypeInfo type) {
        List<Super> all = new ArrayList<>();
        Set<TypeDeclaration<?>> seen = new HashSet<>();
        List<Super> frontier = supertypes(type);
        while (!frontier.isEmpty()) {
            List<Super> next = new ArrayList<>();
            for (Super s : frontier) {
                if (seen.add(s.info().decl())) {
                    all.add(s);
                    for (Super up : supertypes(s.info())) {
                        Map<String, String> composed = new LinkedHashMap<>();
                        up.substitution().forEach((k, v) -> composed.put(k, substitute(v, s.substitution())));
                        next.add(new Super(up.info(), composed, up.isClass()));
                    }
                }
            }
            frontier = next;
        }
        return all;
    }

    private java.util.Optional<Super> resolve(TypeInfo from, ClassOrInterfaceType t, boolean isClass) {
        List<TypeInfo> candidates = bySimpleName.getOrDefault(t.getNameAsString(), List.of());
        TypeInfo chosen = null;
        if (candidates.size() == 1) {
            chosen = candidates.getFirst();
        } else {
            for (TypeInfo candidate : candidates) {
                if (candidate.packageName().equals(from.packageName()) || imported(from.unit(), candidate)) {
                    chosen = candidate;
                    break;
                }
            }
        }
        if (chosen == null) {
            return java.util.Optional.empty();
        }
        Map<String, String> substitution = new LinkedHashMap<>();
        List<TypeParameter> params = typeParameters(chosen.decl());
        List<Type> args = t.getTypeArguments().map(List::copyOf).orElse(List.of());
        for (int i = 0; i < params.size() && i < args.size(); i++) {
            substitution.put(params.get(i).getNameAsString(), args.get(i).asString());
        }
        return java.util.Optional.of(new Super(chosen, substitution, isClass));
    }

    private static boolean imported(CompilationUnit unit, TypeInfo candidate) {
        for (ImportDeclaration i : unit.getImports()) {
            String name = i.getNameAsString();
            if (name.endsWith("." + candidate.decl().getNameAsString()) || (i.isAsterisk() && name.equals(candidate.packageName()))) {
                return true;
            }
        }
        return false;
    }

    private static List<TypeParameter> typeParameters(TypeDeclaration<?> decl) {
        if (decl instanceof ClassOrInterfaceDeclaration c) {
            return c.getTypeParameters();
        }
        if (decl instanceof RecordDeclaration r) {
            return r.getTypeParameters();
        }
        return List.of();
    }

    private static String substitute(String type, Map<String, String> substitution) {
        return substitution.getOrDefault(type, type);
    }

    /** Whether {@code sub} overrides {@code sup} (same name, arity and erased parameter types after substitution). */
    static boolean overrides(MethodDeclaration sub, MethodDeclaration sup, Map<String, String> substitution) {
        if (!sub.getNameAsString().equals(sup.getNameAsString())
                || sub.getParameters().size() != sup.getParameters().size() || sup.isStatic() || sup.isPrivate()) {
            return false;
        }
        Set<String> variables = new HashSet<>();
        sup.getTypeParameters().forEach(p -> variables.add(p.getNameAsString()));
        for (int i = 0; i < sub.getParameters().size(); i++) {
            String want = erase(substitute(sup.getParameter(i).getType().asString(), substitution));
            String have = erase(sub.getParameter(i).getType().asString());
            boolean typeVariable = variables.contains(want) || (substitution.isEmpty() && want.length() == 1);
            if (!typeVariable && !want.equals(have)) {
                return false;
            }
        }
        return true;
    }

    static String erase(String type) {
        String t = type.replaceAll("<.*>", "").replace("final ", "").trim();
        if (t.endsWith("...")) {
            t = t.substring(0, t.length() - 3) + "[]";
        }
        int dot = t.lastIndexOf('.', t.indexOf('[') < 0 ? t.length() : t.indexOf('['));
        return dot < 0 ? t : t.substring(dot + 1);
    }

    /** True when the sources declare {@code name/arity} on {@code type} or a supertype and none is pure. */
    boolean declaredNotPure(TypeInfo type, String name, int arity) {
        List<TypeInfo> scope = new ArrayList<>();
        scope.add(type);
        allSupertypes(type).forEach(s -> scope.add(s.info()));
        boolean declared = false;
        for (TypeInfo t : scope) {
            for (MethodDeclaration m : t.decl().getMethodsByName(name)) {
                if (m.getParameters().size() != arity) {
                    continue;
                }
                declared = true;
                Specs.MethodSpec spec = t.specs().methods.get(m);
                if ((spec != null && spec.isPure()) || t.typeSpec().modifiers.contains("pure")) {
                    return false;
                }
            }
        }
        return declared;
    }

    /** Whether the type or a supertype in the source set declares {@code contractContext()}. */
    boolean hasContractContext(TypeInfo type) {
        List<TypeInfo> scope = new ArrayList<>();
        scope.add(type);
        allSupertypes(type).forEach(s -> scope.add(s.info()));
        for (TypeInfo t : scope) {
            for (MethodDeclaration m : t.decl().getMethodsByName("contractContext")) {
                if (m.getParameters().isEmpty() && !m.isStatic() && !m.getType().isVoidType()) {
                    return true;
                }
            }
        }
        return false;
    }

    static String signature(TypeDeclaration<?> owner, Node callable) {
        StringBuilder out = new StringBuilder(owner.getNameAsString()).append('.');
        if (callable instanceof CallableDeclaration<?> c) {
            out.append(c instanceof MethodDeclaration ? c.getNameAsString() : "<init>").append('(');
            for (int i = 0; i < c.getParameters().size(); i++) {
                out.append(i == 0 ? "" : ", ").append(erase(c.getParameter(i).getType().asString()))
                        .append(c.getParameter(i).isVarArgs() ? "..." : "");
            }
            return out.append(')').toString();
        }
        return out.append("<init>(canonical)").toString();
    }
}
