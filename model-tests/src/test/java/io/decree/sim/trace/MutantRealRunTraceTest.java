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
 * spec Phase2a (SafeValue) refuses.
 *
 * <p>The run makes that slot on purpose rather than hoping a leader change happens to leave one: the leader's
 * commits and heartbeats are cut, so its followers keep voting for its proposals without learning them, until
 * the leader has learned a slot neither follower has; then the leader is isolated. Whichever follower leads
 * next finds that vote in its quorum's 1b replies. (Relying on chance failed in CI once batching made the
 * window between a quorum's votes and the commit a few microseconds wide: six leader changes left no such slot.)
 */
class MutantRealRunTraceTest {

    @Test
    void noValueAdoptionIsCaughtInTheMergedTraceOfARealRun(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        String outcome = "the new leader proposed in the unlearned slots";
        try (var expected = ExpectedViolations.onAllThreads("mutant NO_VALUE_ADOPTION on real threads, for trace validation");
             TracedCluster cluster = new TracedCluster(3, 7, dir, ReplicaOptions.defaults(),
                     Mutants.enable(Set.of(Mutant.NO_VALUE_ADOPTION)), SuspendContracts::new)) {
            TracedCluster.await("a first leader", 60_000, () -> cluster.leader() != 0);
            cluster.startLoad(1);
            int old = cluster.leader();
            long oldBallot = cluster.runner(old).ballot();
            long before = cluster.completed();
            cluster.allowUpTo(before + 64);
            TracedCluster.await("progress under leader " + old, 60_000, () -> cluster.completed() >= before + 16);
            cluster.cutCommits(old);
            TracedCluster.await("leader " + old + " learns a slot its followers voted for but cannot learn", 60_000,
                    () -> cluster.runner(old).applied() > maxAppliedOfOthers(cluster, old));
            cluster.isolate(old);
            long learnedByOld = cluster.runner(old).applied();
            TracedCluster.await("a new leader after isolating " + old, 60_000,
                    () -> cluster.leader() != 0 && cluster.leader() != old && cluster.runner(cluster.leader()).ballot() > oldBallot);
            int successor = cluster.leader();
            try {
                TracedCluster.await("leader " + successor + " proposes in the slots " + old + " left unlearned", 30_000,
                        () -> cluster.runner(successor).applied() >= learnedByOld);
            } catch (TimeoutException e) {
                // the mutant may have broken the cluster (a replica that learned two values stops): validate what it did
                outcome = e.getMessage();
            }
        }
        TraceCheckResult r = TraceCheck.run(List.of(dir));
        System.out.printf("mutant NO_VALUE_ADOPTION on real threads: %s, %d ms in all%n%s", outcome,
                (System.nanoTime() - start) / 1_000_000, r.report());
        assertFalse(r.ok(), "the merged trace must show the mutant: " + r.report());
        assertInstanceOf(Step.Phase2a.class, r.failure().event().step(), r.report());
        assertTrue(r.failure().reason().contains("SafeValue"), r.report());
    }

    private static long maxAppliedOfOthers(TracedCluster cluster, int leader) {
        long max = 0;
        for (int id = 1; id <= 3; id++) if (id != leader) max = Math.max(max, cluster.runner(id).applied());
        return max;
    }
}
