package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.ContractsSuspended;
import io.decree.contracts.ViolationRecorder;
import io.decree.engine.protocol.Mutant;
import io.decree.lin.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kit's checkers do not lean on each other: with the engine's contracts suspended (the instrumented
 * classes run unchecked, see docs/contracts.md), the mutants that a contract catches first in
 * {@link ContractMutantsTest} are still caught, by the simulator's own invariants or by the history
 * checker. Nothing is recorded as a contract violation meanwhile: a contract firing would have stopped
 * the run before the other checker could show what it sees.
 */
class CheckersIndependenceTest {
    static final int READ_SEED_BUDGET = 2_000;
    /** What the simulator checks itself (SafetyChecker and the lease check), by the names it reports. */
    static final Set<String> SIMULATOR_INVARIANTS = Set.of("Agreement", "Validity", "PromiseMonotonic", "DurablePromise",
            "NoVoteAbovePromise", "StateMachineConsistency", "DurableVote", "LeaseSafety");

    @Test
    void historyCheckerAloneCatchesReadsAfterLosingLeadership() {
        long before = recorded();
        SimResult caught;
        try (var off = ContractsSuspended.onThisThread("history checker alone: READ_AFTER_LOSING_LEADERSHIP")) {
            caught = ContractMutantsTest.firstFailure(Mutant.READ_AFTER_LOSING_LEADERSHIP, READ_SEED_BUDGET, r -> true);
        }
        assertEquals(before, recorded(), "no contract may fire while suspended");
        assertNotNull(caught, "READ_AFTER_LOSING_LEADERSHIP survived " + READ_SEED_BUDGET + " seeds without contracts");
        assertEquals("Linearizability", caught.violation().invariant(), caught.report());
        // The report carries the offending sub-history: the checker's minimal non-linearizable history.
        CheckResult.Violation<?, ?> v = assertInstanceOf(CheckResult.Violation.class, HistoryCheck.check(caught.history()));
        assertTrue(v.minimal().size() >= 2 && v.minimal().size() <= v.partitionSize(), v.summary());
        assertTrue(caught.report().contains(v.summary()) && caught.report().contains(v.text()), caught.report());
        System.out.printf("READ_AFTER_LOSING_LEADERSHIP, contracts suspended: caught by the history checker at seed %d%n%s%n",
                caught.seed(), caught.report());
    }

    @ParameterizedTest
    @EnumSource(value = Mutant.class, names = {"NO_VALUE_ADOPTION", "VOTE_BELOW_PROMISE", "QUORUM_OF_HALF"})
    void simulatorInvariantsAloneCatchTheMutant(Mutant mutant) {
        long before = recorded();
        SimResult caught;
        List<String> others = new ArrayList<>();
        try (var off = ContractsSuspended.onThisThread("simulator invariants alone: " + mutant)) {
            // Some runs are stopped first by the engine's own defensive check (the Learner's
            // AgreementViolation): that is the engine, not the kit, so look on for a run the simulator stops.
            caught = ContractMutantsTest.firstFailure(mutant, ContractMutantsTest.SEED_BUDGET, r -> {
                boolean simulator = SIMULATOR_INVARIANTS.contains(r.violation().invariant());
                if (!simulator) others.add("seed " + r.seed() + ": " + r.violation().invariant());
                return simulator;
            });
        }
        assertEquals(before, recorded(), "no contract may fire while suspended");
        assertNotNull(caught, mutant + " broke no simulator invariant in " + ContractMutantsTest.SEED_BUDGET + " seeds without contracts; other failures: " + others);
        assertTrue(others.stream().noneMatch(o -> o.endsWith("ContractViolation")), "no contract fired: " + others);
        assertNull(caught.violation().getCause(), "a simulator invariant, not an exception from the engine");
        System.out.printf("%s, contracts suspended: caught by the simulator's %s at seed %d (earlier failing seeds stopped by the engine itself: %s)%n%s%n",
                mutant, caught.violation().invariant(), caught.seed(), others, caught.report());
    }

    /** Every contract violation recorded in this JVM so far, expected or not. */
    private static long recorded() {
        long n = 0;
        for (var e : ViolationRecorder.global().entries()) n += e.count();
        for (var e : ViolationRecorder.global().expectedEntries()) n += e.count();
        return n;
    }
}
