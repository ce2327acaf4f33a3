package io.decree.contracts.translate;

import java.util.List;

/**
 * The sources use JML the checker does not support, or use it wrongly. Thrown at build time with every
 * problem found, each as {@code file:line:column: message}, so the build stops instead of silently
 * running with fewer checks than the source promises.
 */
public final class JmlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** One unsupported or malformed piece of JML. */
    public record Problem(String file, int line, int column, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + message;
        }
    }

    public JmlException(List<Problem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    private static String summary(List<Problem> problems) {
        StringBuilder text = new StringBuilder(problems.size() + " JML problem(s):");
        for (Problem problem : problems) {
            text.append("\n  ").append(problem);
        }
        return text.toString();
    }

    public List<Problem> problems() {
        return problems;
    }
}
