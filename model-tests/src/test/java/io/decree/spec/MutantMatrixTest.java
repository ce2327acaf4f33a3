package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every spec mutant on every feature model with competing ballots (two leaders, a crash; pipelining, snapshot
 * transfer, reconfiguration, reconfiguration with snapshots, a change racing a leader change): each is caught by
 * Refinement with a shortest counterexample of the recorded length (the mutant x model table of
 * specs-tla/README.md). The properties are the MCMutant* models' (TypeOK, Agreement, Validity, Refinement), not
 * the feature model's invariants that restate a mutation (ProposalsUseGoverningConfig, VoteBelowPromise), and
 * states are counted by the VIEW (the feature models declare it). Rows marked long run with {@code -Dtier=long}.
 * {@link MutantMatrixTlcTest} runs TLC on the same cells.
 */
class MutantMatrixTest {
    static final ModelChecker.Properties MUTANT_PROPERTIES =
            new ModelChecker.Properties(List.of("TypeOK", "Agreement", "Validity"), true, false).withView(true);

    /** mutant, feature model, first violated property, shortest trace length (states), tier. */
    static Stream<Arguments> cells() {
        return Stream.of(
                Arguments.of(Mutant.QUORUM_HALF, "MCPipelineBallots", "Refinement", 9, "default"),
                Arguments.of(Mutant.NO_VALUE_ADOPTION, "MCPipelineBallots", "Refinement", 13, "long"),
                Arguments.of(Mutant.ACCEPT_BELOW_PROMISE, "MCPipelineBallots", "Refinement", 13, "long"),
                Arguments.of(Mutant.FORGET_PROMISE_ON_RESTART, "MCPipelineBallots", "Refinement", 15, "long"),
                Arguments.of(Mutant.QUORUM_HALF, "MCSnapshotBallots", "Refinement", 9, "default"),
                Arguments.of(Mutant.NO_VALUE_ADOPTION, "MCSnapshotBallots", "Refinement", 13, "default"),
                Arguments.of(Mutant.ACCEPT_BELOW_PROMISE, "MCSnapshotBallots", "Refinement", 13, "default"),
                Arguments.of(Mutant.FORGET_PROMISE_ON_RESTART, "MCSnapshotBallots", "Refinement", 15, "long"),
                Arguments.of(Mutant.QUORUM_HALF, "MCReconfigBallots", "Refinement", 9, "default"),
                Arguments.of(Mutant.NO_VALUE_ADOPTION, "MCReconfigBallots", "Refinement", 13, "default"),
                Arguments.of(Mutant.ACCEPT_BELOW_PROMISE, "MCReconfigBallots", "Refinement", 13, "default"),
                Arguments.of(Mutant.RECONFIG_WITHOUT_WINDOW, "MCReconfigBallots", "Refinement", 15, "long"),
                Arguments.of(Mutant.QUORUM_HALF, "MCReconfigSnapshotBallots", "Refinement", 9, "default"),
                Arguments.of(Mutant.NO_VALUE_ADOPTION, "MCReconfigSnapshotBallots", "Refinement", 13, "default"),
                Arguments.of(Mutant.ACCEPT_BELOW_PROMISE, "MCReconfigSnapshotBallots", "Refinement", 13, "default"),
                Arguments.of(Mutant.RECONFIG_WITHOUT_WINDOW, "MCReconfigSnapshotBallots", "Refinement", 15, "long"),
                Arguments.of(Mutant.QUORUM_HALF, "MCReconfigRace", "Refinement", 9, "default"),
                Arguments.of(Mutant.NO_VALUE_ADOPTION, "MCReconfigRace", "Refinement", 13, "default"),
                Arguments.of(Mutant.ACCEPT_BELOW_PROMISE, "MCReconfigRace", "Refinement", 13, "default"));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}, {3} states")
    @MethodSource("cells")
    void mutantIsCaughtOnFeatureModel(Mutant mutant, String model, String property, int traceLength, String tier) {
        assumeTrue(tier.equals("default") || "long".equals(System.getProperty("tier")), "long tier: run with -Dtier=long");
        ModelChecker.Result r = check(mutant, model);
        assertFalse(r.ok(), mutant + " not caught on " + model);
        assertEquals(property, r.violation().property());
        assertEquals(traceLength, r.violation().length(), "shortest counterexample length");
    }

    static ModelChecker.Result check(Mutant mutant, String model) {
        McConfig mc = McConfig.load(model);
        Set<Mutant> mutants = EnumSet.of(mutant);
        MultiPaxosSpec spec = mc.module().equals("MultiPaxosReconfig")
                ? new MultiPaxosReconfigSpec(mc.model(), mutants) : new MultiPaxosSpec(mc.model(), mutants);
        ModelChecker.Result r = ModelChecker.check(model + "+" + mutant, spec, MUTANT_PROPERTIES, 20_000_000,
                ModelChecker.defaultWorkers());
        System.out.println(r);
        return r;
    }
}
