package io.decree.contracts.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Clause coverage: per woven JML clause, how often it was evaluated and, for an implication
 * ({@code a ==> b}, {@code b <== a}), how often its antecedent was true. A check that holds only because its
 * antecedent never did (a vacuous clause) looks exactly like a check that holds; these counters tell them apart.
 *
 * <p>The translator writes one catalogue class per instrumented tree ({@code io.decree.contracts.generated.ClauseTable},
 * one {@link Table} listing every clause it wove, ids 0..n-1) and makes each check call {@link Table#evaluated}
 * before evaluating its clause and wrap a top-level antecedent in {@link Table#antecedent}. The catalogue lists
 * every clause, so a clause whose method never ran still shows up, with zero evaluations.
 *
 * <p>Cost. Counting is off unless switched on ({@link #enable()}, or {@code -Ddecree.contracts.coverage=true});
 * off, each call is one read of a plain static field and a branch, inlined by the JIT. The flag is not
 * volatile on purpose (a volatile read per clause would cost the hot paths ordering they do not need):
 * switch it before starting the threads whose checks should count, as {@code decree verify} does.
 */
public final class ClauseCoverage {
    /** Whether checks count. Plain static: see the class comment. */
    static boolean on = Boolean.getBoolean("decree.contracts.coverage");
    private static final List<Table> TABLES = new CopyOnWriteArrayList<>();
    /** The catalogue's generated class, in every instrumented tree. */
    public static final String TABLE_CLASS = "io.decree.contracts.generated.ClauseTable";

    private ClauseCoverage() {
    }

    /** Starts counting (for checks run by threads started after this call, and this thread). */
    public static void enable() {
        on = true;
    }

    public static void disable() {
        on = false;
    }

    public static boolean enabled() {
        return on;
    }

    /** One woven clause: its keyword, text, the file and line it was written at, where it is checked. */
    public record Clause(String kind, String text, String file, int line, String where, boolean implication) {
        /** "file:line". */
        public String location() {
            return file + ":" + line;
        }
    }

    /** A clause with its counts at the time of {@link #snapshot()}. */
    public record Count(Clause clause, long evaluations, long antecedentTrue) {
        /** Never evaluated in the run. */
        public boolean unexercised() {
            return evaluations == 0;
        }

        /** An implication evaluated but whose antecedent was never true: it held without checking anything. */
        public boolean vacuous() {
            return clause.implication() && evaluations > 0 && antecedentTrue == 0;
        }
    }

    /** The counters of one instrumented tree; generated code calls the two methods below. */
    public static final class Table {
        private final List<Clause> clauses;
        private final AtomicLongArray evaluations;
        private final AtomicLongArray antecedents;

        Table(List<Clause> clauses) {
            this.clauses = List.copyOf(clauses);
            this.evaluations = new AtomicLongArray(clauses.size());
            this.antecedents = new AtomicLongArray(clauses.size());
        }

        /** The check of clause {@code id} is about to evaluate it. */
        public void evaluated(int id) {
            if (on) {
                evaluations.incrementAndGet(id);
            }
        }

        /** Returns {@code holds} unchanged, counting it for clause {@code id} when true. */
        public boolean antecedent(int id, boolean holds) {
            if (holds && on) {
                antecedents.incrementAndGet(id);
            }
            return holds;
        }

        List<Clause> clauses() {
            return clauses;
        }
    }

    /**
     * Builds and registers a tree's table. Each row is {@code kind \t file \t line \t implication(0|1) \t where
     * \t text}, in id order; called once, from the generated catalogue's static initialiser.
     */
    public static Table table(String... rows) {
        List<Clause> clauses = new ArrayList<>(rows.length);
        for (String row : rows) {
            String[] f = row.split("\t", 6);
            if (f.length != 6) {
                throw new IllegalArgumentException("malformed clause catalogue row: " + row);
            }
            clauses.add(new Clause(f[0], f[5], f[1], Integer.parseInt(f[2]), f[4], f[3].equals("1")));
        }
        Table t = new Table(clauses);
        TABLES.add(t);
        return t;
    }

    /**
     * Loads the catalogue of the instrumented tree visible from {@code loader}, so that its clauses are listed
     * even if none ran. Returns false when that loader sees no instrumented tree (a production build).
     */
    public static boolean load(ClassLoader loader) {
        try {
            Class.forName(TABLE_CLASS, true, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Every registered clause with its counts now. */
    public static List<Count> snapshot() {
        List<Count> out = new ArrayList<>();
        for (Table t : TABLES) {
            for (int i = 0; i < t.clauses.size(); i++) {
                out.add(new Count(t.clauses.get(i), t.evaluations.get(i), t.antecedents.get(i)));
            }
        }
        return out;
    }

    /** Zeroes every counter (a new run). */
    public static void reset() {
        for (Table t : TABLES) {
            for (int i = 0; i < t.clauses.size(); i++) {
                t.evaluations.set(i, 0);
                t.antecedents.set(i, 0);
            }
        }
    }
}
