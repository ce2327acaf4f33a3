package io.decree.server.verify;

import io.decree.engine.protocol.Replica;
import java.lang.reflect.Method;

/**
 * The contract gate. The engine's JML contracts are woven into a test-only copy of its classes
 * (model-tests/target/generated-test-sources/contract-checked-engine, docs/contracts.md); the distribution
 * ships the production engine, compiled with the comments ignored. So in-process, the honest choice is:
 * when the engine on the class path is the contract-checked one (its methods are wrappers around
 * {@code name$body}), every simulated run of verify evaluates every contract on every call, and a broken
 * contract ends its run as a finding named ContractViolation ({@code ./decree verify} builds that engine with
 * the distribution and puts it first on the class path by default); when it is not ({@code --no-contracts}, a
 * hand-built class path), the stage is skipped and says how to run the gate. Either way it never claims a
 * check it did not run.
 */
public final class ContractStage {
    /** The command that runs the gate over the simulator's suites (instrumented engine, violations in SARIF). */
    static final String GATE_COMMAND = "./decree mvn -pl model-tests -am verify";

    /** Whether the engine classes loaded here carry the woven contract checks. */
    public static boolean engineInstrumented() {
        for (Method m : Replica.class.getDeclaredMethods()) if (m.getName().endsWith("$body")) return true;
        return false;
    }

    static String skippedReason() {
        return "the engine on the class path is the production build, compiled without JML checks (--no-contracts, or a class path "
                + "built by hand); ./decree verify puts the contract-checked engine it builds with the distribution first, and "
                + GATE_COMMAND + " runs the gate over the test suites (violations in model-tests/target/contract-violations.sarif)";
    }
}
