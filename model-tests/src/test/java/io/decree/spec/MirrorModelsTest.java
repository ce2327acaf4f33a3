package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mirror on every specs-tla MC config, exactly as the cfg says (constants, mutant override, INVARIANTS,
 * PROPERTIES): a correct model breaks nothing; a mutant model is caught, and by Agreement or Refinement (the
 * properties that matter), not by an invariant that restates the mutation. Configs marked {@code \* tier: long}
 * run only with {@code -Dtier=long}. Whether the counts equal TLC's is TlcParityTest's job (it runs TLC).
 */
class MirrorModelsTest {

    static Stream<String> models() {
        return McConfig.names(McConfig.specsDir()).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void modelHasItsVerdict(String name) {
        McConfig mc = McConfig.load(name);
        assumeTrue(!mc.longTier() || "long".equals(System.getProperty("tier")), name + ": long-tier model, run with -Dtier=long");
        ModelChecker.Result r = mc.check(Long.MAX_VALUE);
        System.out.println(r);
        if (mc.isMutant()) {
            assertFalse(r.ok(), name + ": mutant not caught");
            assertTrue(List.of("Agreement", "Refinement").contains(r.violation().property()),
                    name + " caught only by " + r.violation().property());
        } else {
            assertTrue(r.ok(), () -> String.valueOf(r.violation()));
        }
    }

    /**
     * InstallSnapshot only shortcuts Learn steps: MCSnapshot with SnapshotTransfer FALSE reaches as many states
     * (TLC: 41,226 both ways, depth 24 instead of 23).
     */
    @Test
    void snapshotTransferAddsNoReachableState() {
        McConfig on = McConfig.load("MCSnapshot");
        Model m = on.model();
        Model off = Model.of(m.n(), m.maxRound(), m.maxSlot(), List.of(), m.window(), m.leaders(), m.learners(),
                m.crashable(), false);
        ModelChecker.Result withIt = on.check(Long.MAX_VALUE);
        ModelChecker.Result without = ModelChecker.check("MCSnapshot, SnapshotTransfer = FALSE", new MultiPaxosSpec(off),
                on.properties(), Long.MAX_VALUE);
        assertTrue(withIt.ok() && without.ok());
        assertEquals(withIt.distinctStates(), without.distinctStates());
        assertEquals(withIt.depth() + 1, without.depth());
    }
}
