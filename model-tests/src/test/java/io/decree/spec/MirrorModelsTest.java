package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mirror on every correct specs-tla MC config, exactly as the cfg says (constants, INVARIANTS, PROPERTIES):
 * it breaks nothing (MutantsTest covers the MCMutant* configs). Configs marked {@code \* tier: long}
 * run only with {@code -Dtier=long}. Whether the counts equal TLC's is TlcParityTest's job (it runs TLC).
 */
class MirrorModelsTest {

    /** The correct models; MutantsTest runs the MCMutant* ones (with their counterexamples replayed). */
    static Stream<String> models() {
        return McConfig.names(McConfig.specsDir()).stream().filter(n -> !n.startsWith("MCMutant"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void modelHasItsVerdict(String name) {
        McConfig mc = McConfig.load(name);
        assumeTrue(!mc.longTier() || "long".equals(System.getProperty("tier")), name + ": long-tier model, run with -Dtier=long");
        ModelChecker.Result r = mc.check(Long.MAX_VALUE);
        System.out.println(r);
        assertTrue(r.ok(), () -> String.valueOf(r.violation()));
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
