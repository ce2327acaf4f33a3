package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.CommandTooLargeException;
import io.decree.engine.client.NotLeaderException;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.statemachine.MalformedCommandException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The client API's results and its errors: not-leader with a hint, time-out, oversized, malformed. */
class ClientApiTest {
    private static Throwable failure(CompletableFuture<?> f) { return Outcomes.failure(f); }


    @Test
    void submitReturnsTheStateMachineResult() {
        ClusterDriver c = new ClusterDriver(3, 3);
        assertNull(KvStateMachine.result(c.execute(KvCommand.put("a", "1").encode())));
        assertEquals("1", KvStateMachine.result(c.execute(KvCommand.get("a").encode())));
        assertEquals("true", KvStateMachine.result(c.execute(KvCommand.cas("a", "1", "2").encode())));
        assertEquals("false", KvStateMachine.result(c.execute(KvCommand.cas("a", "1", "3").encode())));
        assertEquals("2", KvStateMachine.result(c.execute(KvCommand.delete("a").encode())));
    }

    @Test
    void aFollowerRefusesWithTheLeaderAsHint() {
        ClusterDriver c = new ClusterDriver(5, 3);
        int leader = c.awaitLeader();
        c.execute(KvCommand.put("x", "y").encode()); // followers learn who leads from its traffic
        c.sim.runUntil(() -> false, c.sim.now() + 100);
        int follower = leader % 3 + 1;
        Throwable t = failure(c.sim.submit(follower, KvCommand.get("x").encode()));
        NotLeaderException e = assertInstanceOf(NotLeaderException.class, t);
        assertEquals(leader, e.leaderHint());
        assertTrue(e.getMessage().contains("try replica " + leader), e.getMessage());
    }

    @Test
    void oversizedAndMalformedCommandsAreRefusedWithAReason() {
        ClusterDriver c = new ClusterDriver(9, 3);
        int leader = c.awaitLeader();
        byte[] huge = KvCommand.put("k", "v".repeat(70_000)).encode();
        Throwable tooLarge = failure(c.sim.submit(leader, huge));
        assertInstanceOf(CommandTooLargeException.class, tooLarge);
        assertTrue(tooLarge.getMessage().contains(huge.length + " bytes exceeds the limit of 65536"), tooLarge.getMessage());

        Throwable malformed = failure(c.sim.submit(leader, new byte[] {9, 0, 0}));
        assertInstanceOf(MalformedCommandException.class, malformed);
        assertTrue(malformed.getMessage().contains("unknown key-value operation code 9"), malformed.getMessage());

        Throwable truncated = failure(c.sim.submit(leader, new byte[] {1, 0, 0, 0, 5, 'a'}));
        assertTrue(truncated.getMessage().contains("key length 5 exceeds the 1 bytes left"), truncated.getMessage());
    }

    @Test
    void aLeaderWithoutAQuorumTimesOut() {
        ClusterDriver c = new ClusterDriver(11, 3);
        int leader = c.awaitLeader();
        for (int id = 1; id <= 3; id++) if (id != leader) c.sim.inject(new FaultEvent(c.sim.now(), FaultEvent.Kind.STOP, id, 0));
        CompletableFuture<byte[]> f = c.submitAndWait(leader, KvCommand.put("k", "v").encode());
        Throwable t = failure(f);
        assertInstanceOf(TimeoutException.class, t);
        assertTrue(t.getMessage().contains("may or may not have been executed"), t.getMessage());
    }
}
