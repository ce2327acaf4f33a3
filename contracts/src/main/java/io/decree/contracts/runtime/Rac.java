package io.decree.contracts.runtime;

import io.decree.contracts.ClauseKind;
import io.decree.contracts.ContractContext;
import io.decree.contracts.ContractViolation;
import io.decree.contracts.ViolationRecorder;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What instrumented code calls. Not an API for people: the translator generates every call.
 *
 * <p>Spec mode: while a clause, an invariant or an {@code \old} expression is evaluated the thread is "in
 * a spec", and an instrumented method called from there (a pure method used in a clause) runs its body
 * without checks. That is what makes {@code invariant size() >= 0} with a public {@code size()} terminate,
 * and it follows JML, where a spec's own method calls are not checked against invariants again.
 *
 * <p>Nothing here allocates on the path where every clause holds: values and context are gathered only
 * when a violation is built.
 */
public final class Rac {
    private static final int MAX_VALUE_CHARS = 240;
    /** Per thread: [0] spec depth, [1] suspension depth ({@link io.decree.contracts.ContractsSuspended}). */
    private static final ThreadLocal<int[]> SPEC_DEPTH = ThreadLocal.withInitial(() -> new int[2]);

    private Rac() {
    }

    /** A named value a clause mentions, computed only if the clause fails. */
    public record Value(String name, Supplier<?> value) {
    }

    public static Value v(String name, Supplier<?> value) {
        return new Value(name, value);
    }

    /**
     * True when instrumented code must run bodies without checks: inside a spec, or while checks are
     * suspended on this thread. The wrappers call this first, so a suspended call costs this one check.
     */
    public static boolean inSpec() {
        int[] depth = SPEC_DEPTH.get();
        return (depth[0] | depth[1]) != 0;
    }

    /**
     * This thread's counters, for generated method wrappers, which fetch them once per call: index 0 is
     * the spec depth ({@link #enterSpec()}), index 1 the suspension depth ({@link #suspend()}); checks run
     * only when both are zero. Wrappers update index 0 in balanced pairs and never touch index 1.
     */
    public static int[] depth() {
        return SPEC_DEPTH.get();
    }

    /** Suspends every check on this thread until the matching {@link #resume()}; suspensions nest. */
    public static void suspend() {
        SPEC_DEPTH.get()[1]++;
    }

    public static void resume() {
        int[] depth = SPEC_DEPTH.get();
        if (depth[1] == 0) {
            throw new IllegalStateException("contract checks resumed more often than suspended on this thread");
        }
        depth[1]--;
    }

    /** True while checks are suspended on this thread. */
    public static boolean suspended() {
        return SPEC_DEPTH.get()[1] > 0;
    }

    public static void enterSpec() {
        SPEC_DEPTH.get()[0]++;
    }

    public static void exitSpec() {
        SPEC_DEPTH.get()[0]--;
    }

    /**
     * Builds and records the violation of a clause that evaluated to false. The caller throws it, so the
     * thrown error and the recorded one are the same object.
     */
    public static ContractViolation violated(ClauseKind kind, String clause, String file, int line, String method,
                                             Supplier<?> objectContext, Throwable cause, Value... values) {
        Map<String, String> rendered = new LinkedHashMap<>();
        for (Value value : values) {
            rendered.putIfAbsent(value.name(), render(value.value()));
        }
        ContractViolation violation = new ContractViolation(kind, clause, file, line, method,
                context(objectContext), rendered, cause);
        ViolationRecorder.global().record(violation);
        return violation;
    }

    /**
     * A clause whose evaluation threw instead of yielding true or false. JML counts that as the clause
     * not holding; the exception is the violation's cause.
     */
    public static ContractViolation threw(ClauseKind kind, String clause, String file, int line, String method,
                                          Supplier<?> objectContext, Throwable evaluationError, Value... values) {
        Map<String, String> rendered = new LinkedHashMap<>();
        rendered.put("evaluation threw", String.valueOf(evaluationError));
        for (Value value : values) {
            rendered.putIfAbsent(value.name(), render(value.value()));
        }
        ContractViolation violation = new ContractViolation(kind, clause, file, line, method,
                context(objectContext), rendered, evaluationError);
        ViolationRecorder.global().record(violation);
        return violation;
    }

    private static String context(Supplier<?> objectContext) {
        String harness = ContractContext.current();
        String object = "";
        if (objectContext != null) {
            enterSpec();
            try {
                Object value = objectContext.get();
                object = value == null ? "" : String.valueOf(value);
            } catch (RuntimeException | LinkageError e) {
                object = "contractContext() threw " + e;
            } finally {
                exitSpec();
            }
        }
        if (harness.isEmpty()) {
            return object;
        }
        return object.isEmpty() ? harness : harness + "; " + object;
    }

    private static String render(Supplier<?> supplier) {
        enterSpec();
        try {
            return clip(show(supplier.get()));
        } catch (RuntimeException | LinkageError e) {
            return "<threw " + e + ">";
        } finally {
            exitSpec();
        }
    }

    private static String show(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        return switch (value) {
            case int[] a -> Arrays.toString(a);
            case long[] a -> Arrays.toString(a);
            case byte[] a -> Arrays.toString(a);
            case short[] a -> Arrays.toString(a);
            case char[] a -> Arrays.toString(a);
            case boolean[] a -> Arrays.toString(a);
            case double[] a -> Arrays.toString(a);
            case float[] a -> Arrays.toString(a);
            case String s -> quoted(s);
            default -> String.valueOf(value);
        };
    }

    private static String quoted(String s) {
        return '"' + s + '"';
    }

    private static String clip(String text) {
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "...(" + text.length() + " chars)";
    }
}
