package io.decree.engine.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.ClientRequest;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.statemachine.MalformedCommandException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DecreeClient}'s own logic against three real replicas in process (no network): it finds the leader
 * from any starting replica, follows it across a leader change, sequences its session's commands in order
 * and retries each with its own sequence, and gives up with a time-out naming what it tried. The TCP
 * version of this is in the server module ({@code DecreeClientTcpTest}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DecreeClientInProcessTest {
    private static final DecreeClient.Options FAST = new DecreeClient.Options(300, 10_000);

    private static String run(DecreeClient client, KvCommand command) throws Exception {
        return KvStateMachine.result(command.op() == KvCommand.Op.GET ? client.read(command.encode()) : client.execute(command.encode()));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "messages through the wire codec: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void followsTheLeaderAcrossAChangeWithOneSequencePerCommand(boolean throughWireCodec) throws Exception {
        try (RoutedCluster cluster = new RoutedCluster(11, throughWireCodec);
             DecreeClient client = new DecreeClient(cluster, cluster.members(), DecreeClient.newSessionId(), FAST)) {
            int first = cluster.awaitLeader(10_000);
            assertNull(run(client, KvCommand.put("k", "0")));
            assertEquals(first, client.leader());
            for (int i = 0; i < 10; i++) assertEquals("true", run(client, KvCommand.cas("k", "" + i, "" + (i + 1))));
            assertEquals("10", run(client, KvCommand.get("k")));

            cluster.stop(first);
            for (int i = 10; i < 20; i++) assertEquals("true", run(client, KvCommand.cas("k", "" + i, "" + (i + 1))));
            assertEquals("20", run(client, KvCommand.get("k")));
            assertNotEquals(first, client.leader());
            assertEquals(cluster.leader().orElseThrow(), client.leader());

            // Each command took the next sequence, and every retry of it carried the same payload.
            Map<Long, byte[]> bySequence = new HashMap<>();
            long highest = 0;
            for (ClientRequest r : cluster.sent) {
                assertEquals(client.sessionId(), r.command().clientId());
                byte[] before = bySequence.putIfAbsent(r.command().sequence(), r.command().payload());
                if (before != null) assertTrue(Arrays.equals(before, r.command().payload()), "sequence " + r.command().sequence() + " reused for another command");
                assertTrue(r.command().sequence() >= highest, "sequence went back from " + highest + " to " + r.command().sequence());
                highest = r.command().sequence();
            }
            assertEquals(23, bySequence.size()); // a put, 10 cas, a get, 10 cas, a get
            assertEquals(23, highest);
            assertTrue(cluster.sent.size() > 23, "the leader change should have cost at least one retry: " + cluster.sent.size() + " requests");
        }
    }

    @Test
    void asyncCommandsOfASessionRunInSubmissionOrder() throws Exception {
        try (RoutedCluster cluster = new RoutedCluster(12);
             DecreeClient client = new DecreeClient(cluster, cluster.members(), DecreeClient.newSessionId(), FAST)) {
            cluster.awaitLeader(10_000);
            List<CompletableFuture<byte[]>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) futures.add(client.executeAsync(KvCommand.put("k", "" + i).encode()));
            for (int i = 0; i < 30; i++) assertEquals(i == 0 ? null : "" + (i - 1), KvStateMachine.result(futures.get(i).get(20, TimeUnit.SECONDS)));
            assertEquals("29", KvStateMachine.result(client.readAsync(KvCommand.get("k").encode()).get(20, TimeUnit.SECONDS)));
        }
    }

    @Test
    void aRefusedCommandFailsAtOnceAndANoLeaderClusterTimesOut() throws Exception {
        try (RoutedCluster cluster = new RoutedCluster(13);
             DecreeClient client = new DecreeClient(cluster, cluster.members(), DecreeClient.newSessionId(), new DecreeClient.Options(100, 1_500))) {
            cluster.awaitLeader(10_000);
            assertThrows(MalformedCommandException.class, () -> client.execute(new byte[] {42}));
            cluster.stop(1);
            cluster.stop(2);
            cluster.stop(3);
            TimeoutException e = assertThrows(TimeoutException.class, () -> client.execute(KvCommand.put("k", "v").encode()));
            assertTrue(e.getMessage().contains("no replica answered as leader"), e.getMessage());
            assertTrue(e.getMessage().contains("refuses connections"), e.getMessage());
        }
    }
}
