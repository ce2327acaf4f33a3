package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stable-leader liveness check can fail, and says which goal and where. MCLiveStable and MCLiveReconfig
 * (in MirrorModelsTest and TlcParityTest) show that it holds on the spec as written.
 */
class StableLeaderLivenessTest {
    private static final ModelChecker.Properties GOALS = new ModelChecker.Properties(List.of(), false, false,
            List.of("StableLeaderLearnsEverything", "StableLeaderLearnsProposals"));

    /**
     * A leader that is not a learner never moves its window: with two slots and Window 1, slot 2 is never
     * proposed (NoOp only, to keep it small), so a fair behaviour with a stable leader ends with learner 2 knowing slot 1 only. TLC finds the
     * same on this model (specs-tla/README.md, "Liveness").
     */
    @Test
    void aLeaderThatDoesNotLearnStallsAtItsWindow() {
        Model m = Model.of(3, 1, 2, List.of(), 1, Config.of(1), Config.of(2), null);
        ModelChecker.Result r = ModelChecker.check("leader not a learner", new MultiPaxosSpec(m), GOALS, 1_000_000, 1);
        System.out.println(r);
        assertFalse(r.ok());
        assertEquals("StableLeaderLearnsEverything", r.violation().property());
        SpecState end = r.violation().states().getLast();
        assertTrue(end.learned(2).get(2) == null, "slot 2 unlearned at the end of the counterexample");
    }

    /** With the leader a learner too, both goals hold on the same model. */
    @Test
    void theSameModelWithALearningLeaderHolds() {
        Model m = Model.of(3, 1, 2, List.of(), 1, Config.of(1), Config.of(1), null);
        ModelChecker.Result r = ModelChecker.check("leader learns", new MultiPaxosSpec(m), GOALS, 1_000_000, 1);
        System.out.println(r);
        assertTrue(r.ok(), () -> String.valueOf(r.violation()));
    }

    /**
     * A spec whose learners can never learn (nothing ever counts as chosen): the stable leader's proposals are
     * never learned, and the check names StableLeaderLearnsProposals when it is the only goal.
     */
    @Test
    void unlearnedProposalsAreCaught() {
        Model m = Model.of(3, 1, 1, List.of("v1"), 1, Config.of(1), Config.of(1, 2), null);
        MultiPaxosSpec deaf = new MultiPaxosSpec(m) {
            @Override
            protected boolean chosenIn(SpecState st, long s, Value v) {
                return false;
            }
        };
        ModelChecker.Properties proposals = new ModelChecker.Properties(List.of(), false, false,
                List.of("StableLeaderLearnsProposals"));
        ModelChecker.Result r = ModelChecker.check("learners never learn", deaf, proposals, 1_000_000, 1);
        System.out.println(r);
        assertFalse(r.ok());
        assertEquals("StableLeaderLearnsProposals", r.violation().property());
    }
}
