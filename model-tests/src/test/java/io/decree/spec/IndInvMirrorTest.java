package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mirror's inductive-invariant check (IndInvCheck), on the constants of specs-tla/IndInvCheck.cfg: every
 * step from every bounded IndInv state keeps IndInv, Consistent and Agreement; and the check can fail: with a
 * vote below a promise allowed (ACCEPT_BELOW_PROMISE) or the promise lost on restart (FORGET_PROMISE_ON_RESTART)
 * some step breaks IndInv.
 */
class IndInvMirrorTest {
    /** specs-tla/IndInvCheck.cfg's constants (MaxMsgs = 2). */
    static final Model MODEL = Model.of(3, 1, 1, List.of("v1"), 1, Config.of(1, 2), Config.of(1), Config.of(1));
    static final int MAX_MSGS = 2;

    @Test
    void indInvIsInductiveOnTheBoundedStates() {
        IndInvCheck.Result r = new IndInvCheck(new MultiPaxosSpec(MODEL)).run(MAX_MSGS);
        System.out.println(r);
        assertTrue(r.ok(), r::toString);
        assertTrue(r.initialStates() > 1000 && r.successors() > r.initialStates(), r::toString);
    }

    @Test
    void theCheckFailsForMutants() {
        for (Mutant m : List.of(Mutant.ACCEPT_BELOW_PROMISE, Mutant.FORGET_PROMISE_ON_RESTART)) {
            IndInvCheck.Result r = new IndInvCheck(new MultiPaxosSpec(MODEL, EnumSet.of(m))).run(MAX_MSGS);
            System.out.println(m + ": " + r);
            assertFalse(r.ok(), m + " kept IndInv");
            assertEquals("IndInv", r.broken());
        }
    }
}
