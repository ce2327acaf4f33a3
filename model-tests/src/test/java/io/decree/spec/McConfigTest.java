package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mirror reads every model from its specs-tla cfg (McConfig): these check that it reads them as TLC does
 * and refuses what it cannot mirror, instead of silently checking something else.
 */
class McConfigTest {

    @Test
    void everyCfgParsesAndNamesOnlyInvariantsTheMirrorHas() {
        List<String> names = McConfig.names(McConfig.specsDir());
        assertTrue(names.size() >= 18, "MC configs found: " + names);
        for (String name : names) {
            McConfig mc = McConfig.load(name);
            MultiPaxosSpec spec = mc.spec();
            for (String inv : mc.properties().invariants()) {
                assertEquals(inv, spec.invariant(inv).name(), name);
            }
            assertEquals(name.startsWith("MCMutant"), mc.isMutant(), name + ": a mutant model is named MCMutant*");
        }
    }

    @Test
    void handBuiltModelsEqualTheirCfgs() {
        assertEquals(Models.SMALL, McConfig.load("MCSmall").model());
        assertEquals(Models.SNAPSHOT, McConfig.load("MCSnapshot").model());
        assertEquals(Models.RECONFIG, McConfig.load("MCReconfig").model());
        assertEquals(Models.TWO_LEADERS, McConfig.load("MCTwoLeaders").model());
        assertEquals(Models.TWO_LEADERS_CRASH, McConfig.load("MCTwoLeadersCrash").model());
    }

    @Test
    void readsConstantsOverridesAndProperties() {
        McConfig mc = McConfig.load("MCMutantReconfigNoWindow");
        assertEquals("MultiPaxosReconfig", mc.module());
        assertEquals(EnumSet.of(Mutant.RECONFIG_WITHOUT_WINDOW), mc.mutants());
        assertEquals(Config.of(1, 2), mc.model().leaders());
        assertEquals(null, mc.model().crashable());
        assertEquals(List.of(Config.of(3)), mc.model().configs());
        assertEquals(List.of("TypeOK", "Agreement", "Validity"), mc.properties().invariants());
        assertTrue(mc.properties().refinement());
        assertFalse(mc.properties().liveness());
        assertTrue(McConfig.load("MCLiveness").properties().liveness());
        assertEquals(ModelChecker.STABLE_GOALS, McConfig.load("MCLiveReconfig").properties().stableGoals());
        assertTrue(McConfig.load("MCTwoRounds").longTier());
        assertTrue(McConfig.load("MCTwoRounds").tlcLongTier());
        assertTrue(McConfig.load("MCPipeline").tlcLongTier() && !McConfig.load("MCPipeline").longTier());
        assertFalse(McConfig.load("MCSmall").longTier());
        assertTrue(McConfig.load("MCReconfigDeep").tlcBeyondHour() && McConfig.load("MCReconfigDeep").tlcLongTier());
        assertFalse(McConfig.load("MCSnapshotBallots").tlcBeyondHour());
    }

    @Test
    void refusesWhatItCannotMirror() {
        String tla = "EXTENDS MultiPaxos";
        String base = "CONSTANTS\n N = 3\n MaxRound = 1\n MaxSlot = 1\n Values = {v1}\n Window = 1\n Leaders = {1}\n"
                + " Learners = {1}\n Crashable = {}\n NoOp = NoOp\n None = None\n SnapshotTransfer = FALSE\n";
        var unknownOverride = assertThrows(IllegalArgumentException.class,
                () -> McConfig.parse("X", tla, base + " Phase1b <- MutPhase1b\nINIT Init\nNEXT Next\n"));
        assertTrue(unknownOverride.getMessage().contains("Phase1b"), unknownOverride.getMessage());
        // A misspelt marker must not silently become "runs in CI" (or "may be cut").
        var unknownMarker = assertThrows(IllegalArgumentException.class,
                () -> McConfig.parse("X", tla, "\\* tlc: beyond-an-hour\n" + base + "INIT Init\nNEXT Next\n"));
        assertTrue(unknownMarker.getMessage().contains("beyond-an-hour"), unknownMarker.getMessage());
        assertTrue(McConfig.parse("X", tla, "\\* tlc: beyond-hour (why)\n" + base + "INIT Init\nNEXT Next\n").tlcBeyondHour());
        var unknownProperty = assertThrows(IllegalArgumentException.class,
                () -> McConfig.parse("X", tla, base + "INIT Init\nNEXT Next\nPROPERTIES Liveness2\n"));
        assertTrue(unknownProperty.getMessage().contains("Liveness2"), unknownProperty.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> McConfig.parse("X", tla, base.replace(" Window = 1\n", "") + "INIT Init\nNEXT Next\n"));
        assertTrue(missing.getMessage().contains("Window"), missing.getMessage());
        var unknownInvariant = assertThrows(IllegalArgumentException.class,
                () -> McConfig.parse("X", tla, base + "INIT Init\nNEXT Next\nINVARIANTS Foo\n").spec().invariant("Foo"));
        assertTrue(unknownInvariant.getMessage().contains("Foo"), unknownInvariant.getMessage());
    }
}
