package io.decree.sim.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.ExpectedViolations;
import io.decree.engine.protocol.Mutant;
import io.decree.engine.protocol.Mutants;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.spec.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A protocol mutant on real threads, caught by validating the merged per-process traces: with
 * NO_VALUE_ADOPTION a new leader proposes its own value in a slot where a quorum reported a vote, which
 * spec Phase2a (SafeValue) refuses. Leader changes under load leave such slots: the followers voted for the
 * old leader's last proposals, whose commits the isolation cut off.
 */
class MutantRealRunTraceTest {

    @Test
    void noValueAdoptionIsCaughtInTheMergedTraceOfARealRun(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        int changes = 0;
        try (var expected = ExpectedViolations.onAllThreads("mutant NO_VALUE_ADOPTION on real threads, for trace validation");
             TracedCluster cluster = new TracedCluster(3, 7, dir, ReplicaOptions.defaults(),
                     Mutants.enable(Set.of(Mutant.NO_VALUE_ADOPTION)), SuspendContracts::new)) {
            TracedCluster.await("a first leader", 60_000, () -> cluster.leader() != 0);
            cluster.startLoad(1);
            try {
                for (; changes < 6; changes++)
                    if (!cluster.changeLeader(32, 20_000)) break;
            } catch (TimeoutException e) {
                // the mutant may have broken the cluster (a replica that learned two values stops): validate what it did
            }
        }
        TraceCheckResult r = TraceCheck.run(List.of(dir));
        System.out.printf("mutant NO_VALUE_ADOPTION on real threads: %d leader changes, %d ms in all%n%s", changes,
                (System.nanoTime() - start) / 1_000_000, r.report());
        assertFalse(r.ok(), "the merged trace must show the mutant: " + r.report());
        assertInstanceOf(Step.Phase2a.class, r.failure().event().step(), r.report());
        assertTrue(r.failure().reason().contains("SafeValue"), r.report());
    }
}
