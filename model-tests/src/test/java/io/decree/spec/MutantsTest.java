package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bug zoo: every mutant is caught by the model checker on the model its MCMutant*.cfg uses, with the
 * shortest counterexample breaking the expected property. The counterexample must also replay step by step
 * on the mutant spec (the replay API reaches the same broken state) and be refused by the correct spec.
 */
class MutantsTest {

    @ParameterizedTest(name = "{0} on {1}: {2} broken, trace of {3} states")
    @CsvSource({
            "QUORUM_HALF,               MCTwoLeaders, Agreement,                   11",
            "NO_VALUE_ADOPTION,         MCTwoLeaders, Agreement,                   15",
            "ACCEPT_BELOW_PROMISE,      MCTwoLeaders, Agreement,                   15",
            "FORGET_PROMISE_ON_RESTART, MCSmall,      VoteBelowPromise,            8",
            "RECONFIG_WITHOUT_WINDOW,   MCReconfig,   ProposalsUseGoverningConfig, 9",
    })
    void mutantIsCaught(Mutant mutant, String model, String property, int traceLength) {
        MultiPaxosSpec spec = Models.BY_NAME.get(model).apply(EnumSet.of(mutant));
        ModelChecker.Result r = ModelChecker.check(model + "+" + mutant, spec, false);
        System.out.println(r);
        assertFalse(r.ok(), mutant + " was not caught");
        System.out.println(r.violation());
        assertEquals(property, r.violation().property());
        assertEquals(traceLength, r.violation().length(), "shortest counterexample length");

        // The trace replays on the mutant spec and ends in the broken state...
        Replay replay = new Replay(Models.BY_NAME.get(model).apply(EnumSet.of(mutant)));
        var steps = r.violation().steps();
        for (int i = 0; i < steps.size() - 1; i++) {
            replay.apply(steps.get(i));
        }
        Replay.ReplayException broken = assertThrows(Replay.ReplayException.class, () -> replay.apply(steps.getLast()));
        assertTrue(broken.reason().contains("invariant " + property), broken.getMessage());

        // ...while the correct spec either refuses one of its steps or runs it without breaking any invariant.
        Replay correct = new Replay(Models.BY_NAME.get(model).apply(EnumSet.noneOf(Mutant.class)));
        try {
            correct.applyAll(steps);
        } catch (Replay.ReplayException e) {
            assertTrue(e.reason().startsWith("enabling condition"), e.getMessage());
        }
    }
}
