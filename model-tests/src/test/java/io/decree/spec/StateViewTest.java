package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLA+ {@code View} as the mirror computes it ({@link StateView}): a 1b of ballot b loses what it says about
 * a slot once a 2a of b for that slot is out, and disappears once every slot has one; before that it counts.
 * Counting views changes no verdict and no counterexample length, only the number of states (TlcParityTest
 * checks the counts against TLC's {@code VIEW View} on every cfg that declares it).
 */
class StateViewTest {
    private static final Ballot B1 = new Ballot(1, 1);
    private static final Value V1 = Value.client("v1");

    private static SpecState step(SpecState st) {
        assertNotNull(st, "step not enabled");
        return st;
    }

    @Test
    void aOneBIsDeadOnlyOnceItsBallotProposedInEverySlot() {
        MultiPaxosSpec spec = new MultiPaxosSpec(Models.TWO_LEADERS);   // one slot
        SpecState st = spec.init();
        st = step(spec.Phase1a(st, 1, B1, Why.SILENT));
        Msg.M1a oneA = new Msg.M1a(B1);
        st = step(spec.Phase1b(st, 1, oneA, Why.SILENT));
        st = step(spec.Phase1b(st, 2, oneA, Why.SILENT));
        StateCodec codec = new StateCodec(3, spec.init().table());
        StateView view = new StateView(spec.init().table(), 1);
        int header = 4 * 3 + 1;
        // Before any 2a of B1, its 1b messages may still complete a quorum: the view is the state.
        char[] before = codec.encode(st);
        assertArrayEquals(before, view.of(st, before, header));
        // Acceptor 1 votes for B1's 2a, then answers B1's 1a again: a new 1b, reporting the vote. Nothing reads
        // 1b messages of B1 any more (its only slot has a 2a): one view, though the states differ.
        st = step(spec.Phase2a(st, 1, B1, 1, V1, Why.SILENT));
        SpecState voted = step(spec.Phase2b(st, 1, new Msg.M2a(B1, 1, V1, Config.all(3)), Why.SILENT));
        SpecState reAnswered = step(spec.Phase1b(voted, 1, oneA, Why.SILENT));
        assertFalse(Arrays.equals(codec.encode(voted), codec.encode(reAnswered)));
        assertArrayEquals(view.of(voted, codec.encode(voted), header),
                view.of(reAnswered, codec.encode(reAnswered), header));
    }

    @Test
    void aOneBLosesOnlyTheSlotsItsBallotProposedIn() {
        Model twoSlots = Model.of(3, 1, 2, java.util.List.of("v1"), 2, Config.of(1, 2), Config.of(1), Config.of(1));
        MultiPaxosSpec spec = new MultiPaxosSpec(twoSlots);
        Ballot b2 = new Ballot(1, 2);
        SpecState st = spec.init();
        // Acceptor 1 votes in slot 2 at B1, then reports it to ballot b2 twice: before and after b2 proposes
        // in slot 2. Only b2's slot 1 is still open; the vote for slot 2 is dead once b2's 2a for slot 2 is out.
        st = step(spec.Phase1a(st, 1, B1, Why.SILENT));
        st = step(spec.Phase1b(st, 1, new Msg.M1a(B1), Why.SILENT));
        st = step(spec.Phase1b(st, 2, new Msg.M1a(B1), Why.SILENT));
        st = step(spec.Phase2a(st, 1, B1, 2, V1, Why.SILENT));
        SpecState voted = step(spec.Phase2b(st, 1, new Msg.M2a(B1, 2, V1, Config.all(3)), Why.SILENT));
        st = step(spec.Phase1a(voted, 2, b2, Why.SILENT));
        st = step(spec.Phase1b(st, 2, new Msg.M1a(b2), Why.SILENT));
        st = step(spec.Phase1b(st, 3, new Msg.M1a(b2), Why.SILENT));
        SpecState proposed = step(spec.Phase2a(st, 2, b2, 2, Value.NOOP, Why.SILENT));
        SpecState reported = step(spec.Phase1b(proposed, 1, new Msg.M1a(b2), Why.SILENT));
        MsgTable table = spec.init().table();
        StateCodec codec = new StateCodec(3, table);
        char[] v = new StateView(table, 2).of(reported, codec.encode(reported), 4 * 3 + 1);
        int asSent = table.id(new Msg.M1b(1, b2, voted.votes(1)));
        int live = table.id(new Msg.M1b(1, b2, SlotMap.empty()));
        assertTrue(holds(codec.encode(reported), asSent), "the 1b as sent reports the vote in slot 2");
        // The view keeps acceptor 1's 1b (slot 1 is open) but without the dead vote for slot 2.
        assertFalse(holds(v, asSent));
        assertTrue(holds(v, live));
    }

    private static boolean holds(char[] enc, int msgId) {
        for (int i = 4 * 3 + 1; i < enc.length; i++) {
            if (enc[i] == msgId) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MCSmall", "MCReconfig", "MCMutantQuorumHalf", "MCMutantNoValueAdoption"})
    void theViewChangesCountsNotVerdicts(String name) {
        McConfig mc = McConfig.load(name);
        ModelChecker.Result full = ModelChecker.check(name, mc.spec(), mc.properties().withView(false), 5_000_000);
        ModelChecker.Result viewed = ModelChecker.check(name + " (VIEW)", mc.spec(), mc.properties().withView(true), 5_000_000);
        System.out.println(full + "\n" + viewed);
        assertEquals(full.ok(), viewed.ok(), "verdict");
        assertEquals(!mc.isMutant(), full.ok(), name + ": a correct model broke something, or a mutant nothing");
        if (full.ok()) {
            assertTrue(viewed.distinctStates() < full.distinctStates(), "the view merges states");
            assertTrue(viewed.depth() <= full.depth(), "a view is reached no later than any of its states");
        } else {
            assertEquals(full.violation().property(), viewed.violation().property());
            assertEquals(full.violation().length(), viewed.violation().length(), "shortest counterexample length");
        }
    }
}
