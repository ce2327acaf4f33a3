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
}
