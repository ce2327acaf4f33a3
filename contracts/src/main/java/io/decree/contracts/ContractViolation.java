package io.decree.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JML clause that did not hold at run time.
 *
 * <p>It is an {@link AssertionError}, not a RuntimeException, on purpose: code under test often catches
 * {@code Exception} (a replica turning a storage failure into a reply, say), and a broken contract must not
 * be mistaken for an ordinary failure and handled. Even if something does catch it, it has already been
 * handed to the {@link ViolationRecorder}, so the CI gate still sees it.
 */
public final class ContractViolation extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final ClauseKind kind;
    private final String clause;
    private final String file;
    private final int line;
    private final String method;
    private final String context;
    private final Map<String, String> values;

    public ContractViolation(ClauseKind kind, String clause, String file, int line, String method,
                             String context, Map<String, String> values, Throwable cause) {
        super(describe(kind, clause, file, line, method, context, values), cause);
        this.kind = kind;
        this.clause = clause;
        this.file = file;
        this.line = line;
        this.method = method;
        this.context = context;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    private static String describe(ClauseKind kind, String clause, String file, int line, String method,
                                   String context, Map<String, String> values) {
        StringBuilder text = new StringBuilder()
                .append("JML ").append(kind.id()).append(" violated: ").append(clause)
                .append(" (").append(file).append(':').append(line).append(", ").append(method).append(')');
        if (!values.isEmpty()) {
            text.append(" with ");
            String sep = "";
            for (Map.Entry<String, String> entry : values.entrySet()) {
                text.append(sep).append(entry.getKey()).append(" = ").append(entry.getValue());
                sep = ", ";
            }
        }
        if (context != null && !context.isEmpty()) {
            text.append(" [").append(context).append(']');
        }
        return text.toString();
    }

    public ClauseKind kind() {
        return kind;
    }

    /** The clause as written in the JML, whitespace normalised. */
    public String clause() {
        return clause;
    }

    /** The source file of the clause, relative to the repository root when the translator could tell. */
    public String file() {
        return file;
    }

    /** The line of the clause in the original (not instrumented) source. */
    public int line() {
        return line;
    }

    /** The checked method, e.g. {@code Acceptor.onPhase1a(Phase1a)} or {@code Acceptor.<init>(int)}. */
    public String method() {
        return method;
    }

    /** What the engine and the test harness said about where this happened (replica, slot, seed), or "". */
    public String context() {
        return context;
    }

    /** The values of the variables, field accesses, \old values and \result the clause mentions. */
    public Map<String, String> values() {
        return values;
    }
}
