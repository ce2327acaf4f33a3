package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trace validation through {@link Replay}: unbounded steps apply, wrong steps fail naming the false conjunct. */
class ReplayTest {
    private static final Value DECREE = Value.client(new byte[] {1, 2, 3, (byte) 0xff});
    private static final Value OTHER = Value.client("other-decree-hash");
    private static final Ballot B = Ballot.of(1_000_000_007L, 1);    // beyond any model bound
    private static final long SLOT = 9_000_000_000L;                 // beyond any model bound (window is huge here)

    private static Replay replay() {
        return new Replay(new MultiPaxosSpec(Model.replay(3, Long.MAX_VALUE / 2)));
    }

    private static void phase1(Replay r, Ballot b, int... acceptors) {
        r.apply(new Step.Phase1a(b.owner(), b));
        for (int a : acceptors) {
            r.apply(new Step.Phase1b(a, b));
        }
    }

    @Test
    void aWholeRoundWithUnboundedBallotSlotAndOpaqueValueReplays() {
        Replay r = replay();
        phase1(r, B, 1, 2);
        r.apply(new Step.Phase1b(2, B));                       // duplicate 1a answered again: allowed
        r.apply(new Step.Phase2a(1, B, SLOT, DECREE));
        r.apply(new Step.Phase2b(2, B, SLOT, DECREE));
        r.apply(new Step.Phase2b(3, B, SLOT, DECREE));
        SpecState s = r.apply(new Step.Learn(1, SLOT, DECREE));
        r.apply(new Step.Learn(1, SLOT, DECREE));              // duplicate Commit: a no-op
        assertEquals(DECREE, s.learned(1).get(SLOT));
        assertEquals(B, s.promised(2));
        assertEquals(new Vote(B, DECREE), s.votes(3).get(SLOT));
        assertEquals(8, r.applied().size() - 1);
    }

    @Test
    void voteBelowThePromiseIsRefusedNamingAccepts2a() {
        Replay r = replay();
        Ballot low = Ballot.of(5, 1);
        Ballot high = Ballot.of(5, 2);
        phase1(r, low, 1, 2);
        r.apply(new Step.Phase2a(1, low, 1, DECREE));
        phase1(r, high, 2, 3);                                  // 2 now promised the higher ballot
        var e = assertThrows(Replay.ReplayException.class, () -> r.apply(new Step.Phase2b(2, low, 1, DECREE)));
        assertTrue(e.reason().contains("Accepts2a(a, m)"), e.getMessage());
        assertTrue(e.getMessage().contains("promised = ["), "the failure prints the spec state");
        assertEquals(high, e.state().promised(2));
        r.apply(new Step.Phase2b(1, low, 1, DECREE));          // acceptor 1 has not promised high: fine
    }

    @Test
    void aNewLeaderMustAdoptTheHighestReportedVote() {
        Replay r = replay();
        Ballot first = Ballot.of(1, 1);
        Ballot second = Ballot.of(2, 3);
        phase1(r, first, 1, 2);
        r.apply(new Step.Phase2a(1, first, 4, DECREE));
        r.apply(new Step.Phase2b(2, first, 4, DECREE));
        phase1(r, second, 2, 3);                                // 2 reports its vote for DECREE
        var e = assertThrows(Replay.ReplayException.class, () -> r.apply(new Step.Phase2a(3, second, 4, OTHER)));
        assertTrue(e.reason().contains("SafeValue(Q1b, s, v)"), e.getMessage());
        r.apply(new Step.Phase2a(3, second, 4, DECREE));
    }

    @Test
    void wrongStepsNameTheirConditions() {
        Replay r = replay();
        assertCondition(r, new Step.Phase1a(1, Ballot.of(1, 2)), "Owner(b) = r");
        assertCondition(r, new Step.Phase1b(1, Ballot.of(1, 1)), "m \\in msgs");
        phase1(r, Ballot.of(1, 1), 1);
        assertCondition(r, new Step.Phase1a(1, Ballot.of(1, 1)), "Less(Max(promised[r], leader[r]), b)");
        assertCondition(r, new Step.Phase2a(2, Ballot.of(1, 1), 1, DECREE), "leader[r] = b");
        assertCondition(r, new Step.Phase2a(1, Ballot.of(1, 1), 1, DECREE), "\\E Q \\in Quorums");  // only 1 of 3 answered
        r.apply(new Step.Phase1b(3, Ballot.of(1, 1)));
        r.apply(new Step.Phase2a(1, Ballot.of(1, 1), 1, DECREE));
        assertCondition(r, new Step.Phase2a(1, Ballot.of(1, 1), 1, OTHER), "m.type = \"2a\" /\\ m.bal = b /\\ m.slot = s");
        assertCondition(r, new Step.Phase2b(2, Ballot.of(1, 1), 1, OTHER), "m \\in msgs /\\ m.type = \"2a\"");
        r.apply(new Step.Phase2b(2, Ballot.of(1, 1), 1, DECREE));
        assertCondition(r, new Step.Learn(2, 1, DECREE), "ChosenIn");                         // one vote is no quorum
        r.apply(new Step.Phase2b(3, Ballot.of(1, 1), 1, DECREE));
        r.apply(new Step.Learn(2, 1, DECREE));
        assertCondition(r, new Step.Learn(2, 1, OTHER), "learned[r][s] \\in {None, v}");
        r.apply(new Step.Crash(1));
        assertCondition(r, new Step.Phase2a(1, Ballot.of(1, 1), 2, DECREE), "up[r]");
        assertCondition(r, new Step.Crash(1), "up[r]");
        SpecState back = r.apply(new Step.Restart(1));
        assertEquals(Ballot.ZERO, back.leader(1), "the ballot led is volatile");
        assertEquals(Ballot.of(1, 1), back.promised(1), "the promise is durable");
        assertCondition(r, new Step.Phase2a(1, Ballot.of(1, 1), 2, DECREE), "leader[r] = b");
    }

    @Test
    void pipeliningBeyondTheWindowIsRefused() {
        Replay r = new Replay(new MultiPaxosSpec(Model.replay(3, 2)));
        phase1(r, Ballot.of(1, 1), 1, 2);
        r.apply(new Step.Phase2a(1, Ballot.of(1, 1), 2, DECREE));
        assertCondition(r, new Step.Phase2a(1, Ballot.of(1, 1), 3, DECREE), "InWindow(r, s)");
    }

    @Test
    void replayWithReconfigurationCountsVotesInTheGoverningConfiguration() {
        Replay r = new Replay(new MultiPaxosReconfigSpec(Model.replayReconfig(3, 1, Config.of(1, 2))));
        Ballot b = Ballot.of(1, 1);
        Value change = Value.configChange(Config.of(3));
        phase1(r, b, 1, 2, 3);
        r.apply(new Step.Phase2a(1, b, 1, change));
        assertCondition(r, new Step.Phase2a(1, b, 2, DECREE), "InWindow(r, s)");    // slot 1 not known yet
        r.apply(new Step.Phase2b(1, b, 1, change));
        r.apply(new Step.Phase2b(2, b, 1, change));
        r.apply(new Step.Learn(1, 1, change));
        SpecState s = r.apply(new Step.Phase2a(1, b, 2, DECREE));
        assertTrue(s.contains(new Msg.M2a(b, 2, DECREE, Config.of(3))), "slot 2 is governed by {3}");
        r.apply(new Step.Phase2b(1, b, 2, DECREE));
        r.apply(new Step.Phase2b(2, b, 2, DECREE));
        assertCondition(r, new Step.Learn(2, 2, DECREE), "ChosenIn");               // {1,2} is no quorum of {3}
        r.apply(new Step.Phase2b(3, b, 2, DECREE));
        r.apply(new Step.Learn(2, 2, DECREE));
    }

    /** Leader 1 with acceptors {1, 2} gets {@code vs[i]} chosen in slot i + 1; {@code learners} learn each. */
    private static void choose(Replay r, List<Value> vs, int... learners) {
        for (int i = 0; i < vs.size(); i++) {
            r.apply(new Step.Phase2a(1, B, i + 1, vs.get(i)));
            r.apply(new Step.Phase2b(1, B, i + 1, vs.get(i)));
            r.apply(new Step.Phase2b(2, B, i + 1, vs.get(i)));
            for (int l : learners) {
                r.apply(new Step.Learn(l, i + 1, vs.get(i)));
            }
        }
    }

    @Test
    void aLaggingReplicaInstallsASnapshotOfALearnedPrefix() {
        Replay r = replay();
        phase1(r, B, 1, 2);
        choose(r, List.of(DECREE, Value.NOOP, OTHER), 1);
        r.apply(new Step.Learn(3, 2, Value.NOOP));              // 3 learned slot 2 itself: the same value
        SpecState s = r.apply(new Step.InstallSnapshot(3, 1, 3));
        assertEquals(s.learned(1), s.learned(3), "3 now knows slots 1..3 as 1 does");
        assertSame(s, r.apply(new Step.InstallSnapshot(3, 1, 2)), "a shorter snapshot teaches nothing new");
        r.apply(new Step.Crash(1));
        SpecState t = r.apply(new Step.InstallSnapshot(2, 1, 2));   // 1 is down: its snapshot was taken earlier
        assertEquals(DECREE, t.learned(2).get(1));
        assertEquals(null, t.learned(2).get(3), "slots above k stay unknown");
        assertEquals("InstallSnapshot(r=2, q=1, k=2)", r.applied().getLast().toString());
    }

    @Test
    void aSnapshotOfAPrefixTheSourceHasNotLearnedIsRefused() {
        Replay r = replay();
        phase1(r, B, 1, 2);
        choose(r, List.of(DECREE, OTHER), 2);
        r.apply(new Step.Learn(1, 2, OTHER));                   // 1 knows slot 2 but not slot 1
        assertCondition(r, new Step.InstallSnapshot(3, 1, 2), "\\A i \\in 1..k : learned[q][i] # None");
        assertCondition(r, new Step.InstallSnapshot(3, 1, 0), "k \\in Slots");
        assertCondition(r, new Step.InstallSnapshot(4, 2, 1), "r \\in Learners");
        r.apply(new Step.Crash(3));
        assertCondition(r, new Step.InstallSnapshot(3, 2, 2), "up[r]");
        r.apply(new Step.InstallSnapshot(1, 2, 2));              // 2 knows both: 1 fills slot 1
    }

    @Test
    void aSnapshotContradictingWhatTheTargetLearnedIsRefused() {
        // Impossible in a correct run (Agreement); the QUORUM_HALF mutant (one acceptor is a quorum of three)
        // lets 1 and 2 learn different values in slot 1. Actions are applied directly: Replay would stop at
        // the Agreement violation first.
        MultiPaxosSpec spec = new MultiPaxosSpec(Model.replay(3, 1), EnumSet.of(Mutant.QUORUM_HALF));
        Ballot b2 = Ballot.of(1, 2);
        SpecState st = spec.init();
        for (Step step : List.of(new Step.Phase1a(1, B), new Step.Phase1b(1, B), new Step.Phase2a(1, B, 1, DECREE),
                new Step.Phase2b(1, B, 1, DECREE), new Step.Learn(1, 1, DECREE),
                new Step.Phase1a(2, b2), new Step.Phase1b(2, b2), new Step.Phase2a(2, b2, 1, OTHER),
                new Step.Phase2b(2, b2, 1, OTHER), new Step.Learn(2, 1, OTHER))) {
            st = spec.apply(st, step, Why.SILENT);
            assertTrue(st != null, step + " is enabled under the mutant");
        }
        Why.Recorder why = new Why.Recorder();
        assertEquals(null, spec.apply(st, new Step.InstallSnapshot(2, 1, 1), why));
        assertEquals("\\A i \\in 1..k : learned[r][i] \\in {None, learned[q][i]}", why.condition);
    }

    @Test
    void installSnapshotNeedsSnapshotTransfer() {
        MultiPaxosSpec off = new MultiPaxosSpec(Models.SMALL);
        Why.Recorder why = new Why.Recorder();
        assertEquals(null, off.apply(off.init(), new Step.InstallSnapshot(1, 2, 1), why));
        assertEquals("SnapshotTransfer", why.condition, "the bounded models leave it off unless asked");
        MultiPaxosSpec on = new MultiPaxosSpec(Models.SNAPSHOT);
        assertEquals(null, on.apply(on.init(), new Step.InstallSnapshot(1, 2, 1), why));
        assertEquals("\\A i \\in 1..k : learned[q][i] # None", why.condition, "on: the next conjunct decides");
    }

    @Test
    void modelCheckerTracesReplay() {
        ModelChecker.Result res = ModelChecker.check("MCMutantForgetPromise",
                new MultiPaxosSpec(Models.SMALL, EnumSet.of(Mutant.FORGET_PROMISE_ON_RESTART)), false);
        Replay r = new Replay(new MultiPaxosSpec(Models.SMALL, EnumSet.of(Mutant.FORGET_PROMISE_ON_RESTART)));
        List<Step> steps = res.violation().steps();
        for (int i = 0; i < steps.size() - 1; i++) {
            assertTrue(res.violation().states().get(i + 1).sameState(r.apply(steps.get(i))), "replay reaches the checker's state");
        }
        assertSame(Replay.ReplayException.class,
                assertThrows(Replay.ReplayException.class, () -> r.apply(steps.getLast())).getClass());
    }

    @Test
    void amortizedCheckingNamesTheSameStepAsCheckingEveryStep() {
        ModelChecker.Result res = ModelChecker.check("MCMutantForgetPromise",
                new MultiPaxosSpec(Models.SMALL, EnumSet.of(Mutant.FORGET_PROMISE_ON_RESTART)), false);
        List<Step> steps = res.violation().steps();
        Replay every = new Replay(new MultiPaxosSpec(Models.SMALL, EnumSet.of(Mutant.FORGET_PROMISE_ON_RESTART)));
        var expected = assertThrows(Replay.ReplayException.class, () -> every.applyAll(steps));

        // One batch longer than the trace: every step is applied unchecked, then finish() walks back to the culprit.
        Replay batched = Replay.amortized(new MultiPaxosSpec(Models.SMALL, EnumSet.of(Mutant.FORGET_PROMISE_ON_RESTART)), steps.size() + 1);
        for (Step s : steps) batched.apply(s);
        var found = assertThrows(Replay.ReplayException.class, batched::finish);
        assertEquals(expected.index(), found.index());
        assertEquals(expected.step(), found.step());
        assertEquals(expected.reason(), found.reason());
        assertTrue(expected.state().sameState(found.state()), "the state after the culprit step");
        assertTrue(every.state().sameState(batched.state()), "both stay at the last good state");
        assertEquals(expected.index(), batched.applied().size());

        // A batch boundary inside the trace: the failure surfaces at a later apply() or finish(), same step.
        Replay small = Replay.amortized(new MultiPaxosSpec(Models.SMALL, EnumSet.of(Mutant.FORGET_PROMISE_ON_RESTART)), 3);
        var again = assertThrows(Replay.ReplayException.class, () -> small.applyAll(steps));
        assertEquals(expected.index(), again.index());
        assertEquals(expected.reason(), again.reason());
    }

    private static void assertCondition(Replay r, Step step, String conjunct) {
        SpecState before = r.state();
        var e = assertThrows(Replay.ReplayException.class, () -> r.apply(step), step + " should be refused");
        assertTrue(e.reason().contains(conjunct), "expected the condition " + conjunct + ", got: " + e.reason());
        assertSame(before, r.state(), "a refused step leaves the replay at the last good state");
    }
}
