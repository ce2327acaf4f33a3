package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parallel search finds what the sequential one finds: the same distinct states, states generated and depth
 * on correct models (static, reconfiguration, snapshots, stable-leader liveness), and on a mutant model the
 * same broken property with a counterexample of the same length. TlcParityTest compares the sequential search
 * with TLC, so this carries the parity over to any worker count.
 */
class ParallelSearchTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MCReconfig", "MCSnapshot", "MCLiveStable", "MCMutantNoValueAdoption"})
    void countsDoNotDependOnWorkers(String name) {
        McConfig mc = McConfig.load(name);
        ModelChecker.Result one = ModelChecker.check(name, mc.spec(), mc.properties(), 5_000_000, 1);
        ModelChecker.Result four = ModelChecker.check(name, mc.spec(), mc.properties(), 5_000_000, 4);
        System.out.println("1 worker: " + one + "\n4 workers: " + four);
        assertEquals(one.ok(), four.ok(), "verdict");
        assertEquals(one.depth(), four.depth(), "depth");
        if (one.ok()) {
            assertEquals(one.distinctStates(), four.distinctStates(), "distinct states");
            assertEquals(one.statesGenerated(), four.statesGenerated(), "states generated");
        } else {
            assertEquals(one.violation().property(), four.violation().property());
            assertEquals(one.violation().length(), four.violation().length());
        }
        assertEquals(!mc.isMutant(), one.ok(), name + ": a correct model broke something, or a mutant nothing");
    }
}
