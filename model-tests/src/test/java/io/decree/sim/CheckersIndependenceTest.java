package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.ContractsSuspended;
import io.decree.contracts.ViolationRecorder;
import io.decree.engine.protocol.Learner;
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
 * {@link ContractMutantsTest} are still caught: by Agreement (the simulator's invariant across replicas,
 * or the engine's own Learner refusing a second value for a slot), or by the history checker. Nothing is recorded as a contract violation meanwhile: a contract firing would have stopped
 * the run before the other checker could show what it sees.
 */
class CheckersIndependenceTest {
    static final int READ_SEED_BUDGET = 2_000;
    /** What the simulator checks itself (SafetyChecker and the lease check), by the names it reports. */
    static final Set<String> SIMULATOR_INVARIANTS = Set.of("Agreement", "Validity", "PromiseMonotonic", "DurablePromise",
            "NoVoteAbovePromise", "VoteRespectsPromise", "StateMachineConsistency", "DurableVote", "LeaseSafety",
            "ChosenByQuorum", "CompactionFloor", "LeaseBackedByGrants", "SessionReply", "QuorumOfOneBallot", "LearnFromCommit",
            "LeasePromisedInWindow");

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

    /** The lease-over-configurations mutant, without contracts: the simulator's checkers catch it on their own. */
    @Test
    void simulatorCatchesLeasesThatIgnoreNewConfigurations() {
        long before = recorded();
        SimResult caught;
        try (var off = ContractsSuspended.onThisThread("simulator alone: LEASE_IGNORES_NEW_CONFIGURATIONS")) {
            caught = ContractMutantsTest.firstFailure(Mutant.LEASE_IGNORES_NEW_CONFIGURATIONS, READ_SEED_BUDGET, r -> true);
        }
        assertEquals(before, recorded(), "no contract may fire while suspended");
        assertNotNull(caught, "LEASE_IGNORES_NEW_CONFIGURATIONS survived " + READ_SEED_BUDGET + " seeds without contracts");
        String by = caught.violation().invariant();
        assertTrue(Set.of("Linearizability", "LeaseSafety", "LeasePromisedInWindow").contains(by), caught.report());
        System.out.printf("LEASE_IGNORES_NEW_CONFIGURATIONS, contracts suspended: caught by %s at seed %d%n", by, caught.seed());
    }

    @ParameterizedTest
    @EnumSource(value = Mutant.class, names = {"NO_VALUE_ADOPTION", "VOTE_BELOW_PROMISE", "QUORUM_OF_HALF"})
    void agreementCheckersAloneCatchTheMutant(Mutant mutant) {
        long before = recorded();
        SimResult caught;
        List<String> others = new ArrayList<>();
        try (var off = ContractsSuspended.onThisThread("simulator invariants alone: " + mutant)) {
            caught = ContractMutantsTest.firstFailure(mutant, ContractMutantsTest.SEED_BUDGET, r -> {
                boolean agreement = bySimulator(r) || byLearner(r);
                if (!agreement) others.add("seed " + r.seed() + ": " + r.violation().invariant());
                return agreement;
            });
        }
        assertEquals(before, recorded(), "no contract may fire while suspended");
        assertNotNull(caught, mutant + " broke no safety invariant in " + ContractMutantsTest.SEED_BUDGET + " seeds without contracts; other failures: " + others);
        assertTrue(others.stream().noneMatch(o -> o.endsWith("ContractViolation")), "no contract fired: " + others);
        System.out.printf("%s, contracts suspended: caught by %s at seed %d (earlier failing seeds: %s)%n%s%n", mutant,
                bySimulator(caught) ? "the simulator's " + caught.violation().invariant() : "the engine's own Agreement check (Learner.AgreementViolation)",
                caught.seed(), others, caught.report());
    }

    /** One of the simulator's own invariants, checked after the step (not an exception from the engine). */
    private static boolean bySimulator(SimResult r) {
        return SIMULATOR_INVARIANTS.contains(r.violation().invariant()) && r.violation().getCause() == null;
    }

    /**
     * Agreement as one replica sees it, in the engine's code: its Learner refuses a second value for a slot.
     * That is the engine's body, not a contract (those are suspended). VOTE_BELOW_PROMISE usually breaks
     * Agreement in this form first: the replica that learns two values throws during the step, before the
     * simulator compares replicas after it.
     */
    private static boolean byLearner(SimResult r) {
        return r.violation().getCause() instanceof Learner.AgreementViolation;
    }

    /** Every contract violation recorded in this JVM so far, expected or not. */
    private static long recorded() {
        long n = 0;
        for (var e : ViolationRecorder.global().entries()) n += e.count();
        for (var e : ViolationRecorder.global().expectedEntries()) n += e.count();
        return n;
    }
}
