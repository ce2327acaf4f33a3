package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.protocol.Command;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A client's retry of the same request (same client id and sequence) never applies twice, across leader changes. */
class ExactlyOnceTest {

    @Test
    void aRetryAtTheNextLeaderReturnsTheFirstResultAndDoesNotApplyAgain() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            ClusterDriver c = new ClusterDriver(seed, 3);
            c.execute(KvCommand.put("k", "before").encode());
            // The request is executed by the leader, which then dies: its client never hears the answer.
            Command put = new Command(500, 1, KvCommand.put("k", "once").encode());
            assertEquals("before", KvStateMachine.result(c.execute(put)));
            int first = c.awaitLeader();
            c.sim.inject(new FaultEvent(c.sim.now(), FaultEvent.Kind.STOP, first, 0));
            // Another client overwrites the key at the new leader; then the first client retries.
            int second = c.awaitLeader();
            assertNotEquals(first, second);
            c.execute(KvCommand.put("k", "after").encode());
            CompletableFuture<byte[]> retry = c.sim.submit(second, put);
            assertTrue(c.sim.runUntil(retry::isDone, c.sim.now() + 10_000), "the retry completes");
            assertEquals("before", KvStateMachine.result(retry.get()), "seed " + seed + ": the retry returns the first execution's result");
            // Had the retry applied again, k would be "once" now.
            assertEquals("after", KvStateMachine.result(c.execute(KvCommand.get("k").encode())), "seed " + seed);
        }
    }

    /**
     * The session table is part of a snapshot: a replica that learned the request's execution only from a
     * snapshot (it was down while the request ran and the log below it was truncated) still refuses to
     * apply the retry again, and answers it with the first result.
     */
    @Test
    void sessionsSurviveSnapshots() throws Exception {
        for (long seed = 1; seed <= 10; seed++) {
            ClusterDriver c = new ClusterDriver(seed, SimConfig.defaults().withClients(0, 0).withSnapshots(8));
            int leader = c.awaitLeader();
            int behind = leader % 3 + 1;
            c.sim.inject(new FaultEvent(c.sim.now(), FaultEvent.Kind.CRASH, behind, 0));
            Command put = new Command(500, 1, KvCommand.put("k", "once").encode());
            c.execute(put);
            c.execute(KvCommand.put("k", "after").encode());
            for (int i = 0; i < 30; i++) c.execute(KvCommand.put("filler", "" + i).encode()); // past several checkpoints
            c.sim.inject(new FaultEvent(c.sim.now(), FaultEvent.Kind.RESTART, behind, 0));
            var restored = c.sim.replica(behind);
            assertTrue(c.sim.runUntil(() -> restored.snapshotsInstalled() > 0 && restored.applied() >= c.sim.replica(c.awaitLeader()).applied(), c.sim.now() + 20_000),
                    "seed " + seed + ": the restarted replica caught up by a snapshot");
            // The restarted replica never executed the put itself: only its snapshot says it ran. Its session
            // table must answer the retry with the first execution's result (k had no value: null), not run
            // it again (as a leader) or refuse it (as a follower).
            CompletableFuture<byte[]> retry = c.sim.submit(behind, put);
            assertTrue(retry.isDone() && !retry.isCompletedExceptionally(), "seed " + seed + ": answered from the restored session table");
            assertEquals(null, KvStateMachine.result(retry.get()), "seed " + seed + ": the first execution's result");
            assertEquals("after", KvStateMachine.result(c.execute(KvCommand.get("k").encode())), "seed " + seed + ": the retry did not apply again");
        }
    }
}
