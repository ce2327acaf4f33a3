package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.ClauseKind;
import io.decree.contracts.ContractContext;
import io.decree.contracts.ContractViolation;
import io.decree.contracts.ExpectedViolations;
import io.decree.contracts.ViolationRecorder;
import io.decree.contracts.report.Json;
import io.decree.engine.protocol.Mutant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Engine mutants caught first by a JML contract: in the simulator, against the contract-checked engine,
 * the first thing that breaks is a named clause of the engine's protocol classes (not a simulator
 * invariant, not the history checker), and the violation report lists it, under "expected", with the
 * clause text, kind and file:line. Which clause catches which mutant is docs/spec-mapping.md's business;
 * here each expectation is the clause's source line, found in the engine's sources (not a copy of it).
 */
class ContractMutantsTest {
    static final int SEED_BUDGET = 500;
    static final Path ENGINE = Paths.get("../engine/src/main/java/io/decree/engine/protocol");

    /** The clause expected to catch each mutant first: kind, file, and a substring of its source line. */
    private record Expected(ClauseKind kind, String file, String line) {
    }

    private static Expected expected(Mutant mutant) {
        return switch (mutant) {
            // Phase2a's SafeValue: the leader re-proposes the highest-ballot vote phase 1 reported.
            case NO_VALUE_ADOPTION -> new Expected(ClauseKind.ENSURES, "Proposer.java", "adopted(slot, config) != null ==> \\result != null");
            // Phase2b's Accepts2a: LessEq(promised[a], m.bal).
            case VOTE_BELOW_PROMISE -> new Expected(ClauseKind.ENSURES, "Acceptor.java", "\\result ==> ballot >= \\old(promised);");
            // IsQuorum: 2 * Cardinality(Q) > Cardinality(C).
            case QUORUM_OF_HALF -> new Expected(ClauseKind.ENSURES, "Proposer.java", "2 * \\result > c.size()");
            // Phase2a's InWindow(r, s): s < FirstUnknown(r) + Window (alpha, in the reconfiguration spec).
            case RECONFIG_WITHOUT_WINDOW -> new Expected(ClauseKind.ENSURES, "Proposer.java", "nextSlot <= learner.firstUnchosen() + options.window();");
            // A lease read needs this ballot's promises from a quorum of every configuration of the window.
            case LEASE_IGNORES_NEW_CONFIGURATIONS -> new Expected(ClauseKind.ENSURES, "Proposer.java", "contains(c); promisedBy(c));");
            // A local read needs leadership (and a live lease).
            case READ_AFTER_LOSING_LEADERSHIP -> new Expected(ClauseKind.ENSURES, "Proposer.java", "\\result ==> role == Role.LEADER;");
            default -> throw new IllegalArgumentException(mutant + " has no contract expectation");
        };
    }

    @ParameterizedTest
    @EnumSource(value = Mutant.class, names = {"NO_VALUE_ADOPTION", "VOTE_BELOW_PROMISE", "QUORUM_OF_HALF", "READ_AFTER_LOSING_LEADERSHIP", "RECONFIG_WITHOUT_WINDOW",
            "LEASE_IGNORES_NEW_CONFIGURATIONS"})
    void mutantIsCaughtFirstByANamedClause(Mutant mutant) throws IOException {
        Expected want = expected(mutant);
        Path source = ENGINE.resolve(want.file);
        int line = lineOf(source, want.line);
        String clause = clauseAt(source, line, want.kind);
        String reason = "contract catches mutant " + mutant;

        SimResult caught;
        try (var expected = ExpectedViolations.onThisThread(reason)) {
            caught = firstFailure(mutant, SEED_BUDGET, r -> true, false);
        }
        assertNotNull(caught, mutant + " survived " + SEED_BUDGET + " seeds");
        assertEquals("ContractViolation", caught.violation().invariant(),
                "the run's first violation must be a contract's: " + caught.report());
        ContractViolation v = assertInstanceOf(ContractViolation.class, caught.violation().getCause());
        assertEquals(want.kind, v.kind(), v.getMessage());
        assertEquals(clause, v.clause(), v.getMessage());
        assertEquals("engine/src/main/java/io/decree/engine/protocol/" + want.file, v.file(), v.getMessage());
        assertEquals(line, v.line(), v.getMessage());
        assertTrue(v.context().contains("seed " + caught.seed()), "the violation names the run: " + v.context());

        // The reports: the JSON lists it under "expected" with the reason; SARIF (unexpected only) does not.
        Path json = ViolationRecorder.global().writeReports();
        Map<?, ?> report = (Map<?, ?>) Json.parse(Files.readString(json));
        Map<?, ?> entry = find((List<?>) report.get("expected"), v, reason);
        assertNotNull(entry, "expected violations in " + json + " must list " + v.clause());
        assertTrue(((Long) entry.get("count")) >= 1);
        assertFalse(find((List<?>) report.get("violations"), v, null) != null, "not an unexpected violation");
        Map<?, ?> sarif = (Map<?, ?>) Json.parse(Files.readString(json.resolveSibling(ViolationRecorder.SARIF_FILE)));
        List<?> results = (List<?>) ((Map<?, ?>) ((List<?>) sarif.get("runs")).getFirst()).get("results");
        assertTrue(results.stream().noneMatch(r -> String.valueOf(((Map<?, ?>) ((Map<?, ?>) r).get("message")).get("text")).contains(v.clause())),
                "SARIF lists only unexpected violations");

        System.out.printf("%s caught first by JML %s %s at %s:%d (seed %d)%n  %s%n  report entry: %s%n%s%n",
                mutant, v.kind().id(), v.clause(), v.file(), v.line(), caught.seed(), v.getMessage(), entry, caught.report());
    }

    /**
     * The first seed whose run fails and satisfies {@code accept}, or null, in the mutant's shape of run
     * ({@link MutantShapes}).
     */
    static SimResult firstFailure(Mutant mutant, int seeds, Predicate<SimResult> accept) {
        return firstFailure(mutant, seeds, accept, true);
    }

    /**
     * @param simulatorInvariants false turns the simulator's own safety invariants off: some of them watch
     *                            the engine's spec-level events from inside a step, before a method's
     *                            postcondition is evaluated at its exit, and would otherwise win the race
     */
    static SimResult firstFailure(Mutant mutant, int seeds, Predicate<SimResult> accept, boolean simulatorInvariants) {
        SimConfig config = MutantShapes.config(mutant);
        boolean reads = MutantShapes.readsLocally(mutant);
        try {
            for (long seed = 1; seed <= seeds; seed++) {
                // The harness's half of a violation's context: which run to replay.
                ContractContext.set("mutant " + mutant + ", seed " + seed + (reads ? ", lease reads" : ""));
                Simulation sim = new Simulation(seed, config, MutantShapes.schedule(mutant, seed));
                if (!simulatorInvariants) sim.withoutSafetyInvariants();
                SimResult r = sim.run();
                if (!r.ok() && accept.test(r)) return r;
            }
            return null;
        } finally {
            ContractContext.clear();
        }
    }

    private static Map<?, ?> find(List<?> entries, ContractViolation v, String reason) {
        for (Object o : entries) {
            Map<?, ?> e = (Map<?, ?>) o;
            if (v.kind().id().equals(e.get("kind")) && v.clause().equals(e.get("clause")) && v.file().equals(e.get("file"))
                    && Long.valueOf(v.line()).equals(e.get("line")) && (reason == null || reason.equals(e.get("expectedBecause"))))
                return e;
        }
        return null;
    }

    static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("//@") && lines.get(i).contains(text)) {
                assertEquals(-1, found, "ambiguous clause '" + text + "' in " + file);
                found = i + 1;
            }
        }
        assertTrue(found > 0, "no JML line with '" + text + "' in " + file);
        return found;
    }

    /** The clause on a one-line {@code //@ kind clause;} annotation, as the checker reports it. */
    private static String clauseAt(Path file, int line, ClauseKind kind) throws IOException {
        String text = Files.readAllLines(file).get(line - 1).trim();
        String prefix = "//@ " + kind.id() + " ";
        assertTrue(text.startsWith(prefix) && text.endsWith(";"), text);
        return text.substring(prefix.length(), text.length() - 1).trim();
    }
}
