package io.decree.lin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The verdict of {@link LinearizabilityChecker#check}: linearizable, a violation, or unknown (budget exceeded). */
public sealed interface CheckResult<I, O> {

    /** True only for {@link Linearizable}; an {@link Unknown} result is not a pass. */
    default boolean isLinearizable() {
        return this instanceof Linearizable<I, O>;
    }

    /** One line for logs. */
    String summary();

    /**
     * Every partition has a linearization.
     *
     * @param operations operations checked (after dropping unknown-outcome reads, which constrain nothing)
     * @param partitions independent sub-histories checked (keys, for a key-value model)
     * @param steps      search steps spent
     */
    record Linearizable<I, O>(int operations, int partitions, long steps,
            java.util.Map<Object, java.util.List<Operation<I, O>>> linearization) implements CheckResult<I, O> {

        /** Without the linearization (compared by value, e.g. in tests). */
        public Linearizable(int operations, int partitions, long steps) {
            this(operations, partitions, steps, java.util.Map.of());
        }

        /**
         * @param linearization per partition key (null: the whole history), a sequential order of its operations
         *                      that the model accepts and that respects real time; unknown-outcome operations appear
         *                      only if they took effect
         */
        public Linearizable {
            linearization = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(linearization));
        }

        @Override
        public boolean equals(Object o) { // steps and counts only: two linearizations may both be right
            return o instanceof Linearizable<?, ?> other && operations == other.operations
                    && partitions == other.partitions && steps == other.steps;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(operations, partitions, steps);
        }

        @Override
        public String summary() {
            return "linearizable (" + operations + " operations, " + partitions + " partitions, " + steps + " steps)";
        }
    }

    /**
     * The history is not linearizable; {@link #minimal} is a sub-history of one partition that is not linearizable
     * either, shrunk greedily.
     *
     * <p>The report ({@link #text}, {@link #html}) and the {@link #longestPartial} linearization are rendered when
     * first asked for, not by the check: rendering an unshrunk violation of hundreds of operations (a text table,
     * an SVG timeline) cost more than the search that found it, and most callers want only the verdict.
     */
    final class Violation<I, O> implements CheckResult<I, O> {
        private final Object partitionKey;
        private final History<I, O> minimal;
        private final boolean oneMinimal;
        private final int partitionSize;
        private final String shrinking;
        private final java.util.function.Supplier<java.util.List<Operation<I, O>>> partialSource;
        private final java.util.function.Function<java.util.List<Operation<I, O>>, Report> render;
        private java.util.List<Operation<I, O>> longestPartial; // when first asked for
        private Report report; // when first asked for
        private String html; // when first asked for

        /** The rendered report: the text, and the HTML page that embeds it. */
        record Report(String text, java.util.function.Supplier<String> html) {
        }

        /**
         * @param partitionKey  the key of the offending partition (null when the model does not partition)
         * @param minimal       the shrunk non-linearizable sub-history
         * @param oneMinimal    true when shrinking completed: no single operation of {@code minimal} can be dropped
         *                      (in the sense of the {@link LinearizabilityChecker.Shrink} mode used); false if
         *                      shrinking was off or ran out of budget
         * @param partitionSize operations in the offending partition before shrinking
         * @param shrinking     how far shrinking got, e.g. {@code shrunk 823 -> 1 operations in 31 candidates,
         *                      52,000 steps}, with the budget that stopped it if it stopped early
         * @param longestPartial gives the longest partial linearization (called at most once, when first asked for)
         * @param render        renders the report from the longest partial linearization (called at most once)
         */
        Violation(Object partitionKey, History<I, O> minimal, boolean oneMinimal, int partitionSize,
                String shrinking, java.util.function.Supplier<java.util.List<Operation<I, O>>> longestPartial,
                java.util.function.Function<java.util.List<Operation<I, O>>, Report> render) {
            this.partitionKey = partitionKey;
            this.minimal = java.util.Objects.requireNonNull(minimal, "minimal");
            this.oneMinimal = oneMinimal;
            this.partitionSize = partitionSize;
            this.shrinking = java.util.Objects.requireNonNull(shrinking, "shrinking");
            this.partialSource = java.util.Objects.requireNonNull(longestPartial, "longestPartial");
            this.render = java.util.Objects.requireNonNull(render, "render");
        }

        /** The key of the offending partition (null when the model does not partition). */
        public Object partitionKey() {
            return partitionKey;
        }

        /** The shrunk non-linearizable sub-history. */
        public History<I, O> minimal() {
            return minimal;
        }

        /** True when shrinking completed: no single operation of {@link #minimal} can be dropped. */
        public boolean oneMinimal() {
            return oneMinimal;
        }

        /** Operations in the offending partition before shrinking. */
        public int partitionSize() {
            return partitionSize;
        }

        /** How far shrinking got, with the budget that stopped it if it stopped early. */
        public String shrinking() {
            return shrinking;
        }

        /**
         * The longest partial linearization of the offending partition the search found (in order): after it, no
         * pending operation can be linearized next.
         */
        public synchronized java.util.List<Operation<I, O>> longestPartial() {
            if (longestPartial == null) {
                longestPartial = java.util.List.copyOf(partialSource.get());
            }
            return longestPartial;
        }

        /** Readable rendering: the operations with their intervals, and the real-time order. */
        public String text() {
            return report().text();
        }

        /** A standalone HTML page with an SVG timeline (one lane per client, offending operations in red). */
        public synchronized String html() {
            if (html == null) {
                html = report().html().get();
            }
            return html;
        }

        private synchronized Report report() {
            if (report == null) {
                report = render.apply(longestPartial());
            }
            return report;
        }

        @Override
        public String summary() {
            return "NOT linearizable" + (partitionKey == null ? "" : " on key " + partitionKey) + ": "
                    + minimal.size() + " of " + partitionSize + " operations"
                    + (oneMinimal ? " (minimal)" : "");
        }

        /** Writes {@link #html()} to {@code file}, creating parent directories. */
        public Path writeHtml(Path file) {
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                return Files.writeString(file, html());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the violation report to " + file, e);
            }
        }

        @Override
        public boolean equals(Object o) { // the report is a function of these (and of the checked history)
            return o instanceof Violation<?, ?> other && java.util.Objects.equals(partitionKey, other.partitionKey)
                    && minimal.operations().equals(other.minimal.operations()) && oneMinimal == other.oneMinimal
                    && partitionSize == other.partitionSize && shrinking.equals(other.shrinking);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(partitionKey, minimal.operations(), oneMinimal, partitionSize, shrinking);
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * The search could not decide within its budget: the history may or may not be linearizable.
     *
     * @param reason which budget ran out, and where
     * @param steps  search steps spent
     */
    record Unknown<I, O>(String reason, long steps) implements CheckResult<I, O> {
        @Override
        public String summary() {
            return "unknown (budget exceeded): " + reason;
        }
    }
}
