package io.decree.server.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code decree verify} run (or a merge of shards) found, as plain records: the JSON report
 * is exactly this, so {@code merge-reports} reads shards back into it and every other format (JUnit XML,
 * SARIF, HTML) is rendered from it alone.
 *
 * @param depth     quick, standard or deep
 * @param shards    the shards merged into this report ("1/1" for an unsharded run; "1/4,2/4" after a merge)
 * @param mutant    the mutant planted with {@code --mutant}, or null
 * @param wallMillis wall time of the run (the largest shard's after a merge)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record VerifyReport(String depth, List<String> shards, String mutant, long wallMillis, List<Stage> stages,
                           List<Finding> findings, List<MutantRow> mutants, Coverage coverage) {

    /** Passes when no stage failed (a skipped stage says why and does not fail the run); in the JSON for CI scripts. */
    @com.fasterxml.jackson.annotation.JsonProperty("passed")
    public boolean passed() {
        return stages.stream().noneMatch(s -> s.status() == Status.FAIL);
    }

    public enum Status { PASS, FAIL, SKIPPED }

    /**
     * One stage of the kit.
     *
     * @param counts what it checked and how much (states, seeds, steps, ops, ...), in insertion order
     */
    public record Stage(String name, Status status, String detail, Map<String, Long> counts, long millis) {}

    /**
     * A counterexample: a violated invariant or clause ({@code rule}), with what replays it.
     *
     * @param shape    the run's shape (a verify sweep: default, lease-reads, reconfiguration, storage) or the spec model
     * @param schedule the (shrunk, when {@code shrunk}) fault schedule
     * @param replay   the command that replays it
     * @param events   the counterexample's events (simulator trace lines or spec steps), for the space-time diagram
     */
    public record Finding(String stage, String rule, String message, String shape, long seed, String schedule,
                          boolean shrunk, String replay, List<String> events) {}

    /** One built-in mutant: caught (by which invariant, at which seed, after how many runs) or not. */
    public record MutantRow(String name, boolean caught, String invariant, long seed, String shape, long runs, long millis) {}

    /**
     * Coverage that exposes vacuous checks.
     *
     * @param actions     spec actions (with the kind of value for Phase2a and Learn) seen by trace validation, with counts
     * @param required    actions that must have been seen; an absent one fails verify
     * @param invariants  per simulator invariant, the number of states in which it compared something
     * @param contracts   per woven JML clause, evaluations and antecedent-true counts during the simulated sweeps;
     *                    empty when the engine ran without its contracts (contractsNote says why)
     * @param requiredClauses {@code FILE | CLAUSE} of the clauses that must be evaluated, and non-vacuously
     */
    public record Coverage(Map<String, Long> actions, List<String> required, Map<String, Long> invariants,
                           List<ClauseRow> contracts, String contractsNote, List<String> requiredClauses) {
        public static Coverage empty() {
            return new Coverage(new LinkedHashMap<>(), new ArrayList<>(), new LinkedHashMap<>(), new ArrayList<>(), "", new ArrayList<>());
        }

        /** Required actions never exercised. */
        public List<String> unexercised() {
            return required.stream().filter(a -> actions.getOrDefault(a, 0L) == 0).toList();
        }
    }

    /**
     * One JML clause's coverage.
     *
     * @param location       file:line where the clause is written
     * @param where          the method (or type, for an invariant) that checks it
     * @param antecedentTrue for an implication, how often its antecedent was true
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record ClauseRow(String kind, String clause, String location, String where, boolean implication,
                            long evaluations, long antecedentTrue, boolean required) {
        /** An implication evaluated whose antecedent was never true: it held without checking anything. */
        @com.fasterxml.jackson.annotation.JsonProperty("vacuous")
        public boolean vacuous() {
            return implication && evaluations > 0 && antecedentTrue == 0;
        }

        /** Merges the same clause's counts from another shard. */
        public ClauseRow plus(ClauseRow o) {
            return new ClauseRow(kind, clause, location, where, implication, evaluations + o.evaluations, antecedentTrue + o.antecedentTrue, required || o.required);
        }
    }
}
