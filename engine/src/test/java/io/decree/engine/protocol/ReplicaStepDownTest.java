package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.NotLeaderException;
import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase1a;
import io.decree.engine.message.Phase2a;
import io.decree.engine.statemachine.KvCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * A leader whose acceptor promises a higher ballot, on a 1a (once the lease it granted itself ran out) or a
 * 2a, steps down at once and gives back the commands it queued but never proposed: a local submission fails with
 * {@link NotLeaderException}, a network client is answered NOT_LEADER at its address,
 * each exactly once, without waiting for the request time-out.
 */
class ReplicaStepDownTest {
    private static final int CLIENT = 1_000;

    /** Elects a leader, queues a local and a network command at it (not proposed: no flush), then delivers {@code higher}. */
    private static void preemptedBy(String what, LongFunction<Message> higher) {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 51);
        Replica leader = c.awaitLeader();
        int other = leader.id() % 3 + 1;
        long ballot = Ballot.next(leader.ballot(), other);
        CompletableFuture<byte[]> local = leader.submit(KvCommand.put("local", "v").encode());
        leader.onMessage(CLIENT, new ClientRequest(new Command(9, 1, KvCommand.put("net", "v").encode()), false));
        assertEquals(1, leader.pendingLocal());
        c.now += ReplicaOptions.defaults().leaseDuration(); // no tick: the lease its own acceptor granted it has run out
        leader.onMessage(other, higher.apply(ballot));
        assertTrue(leader.role() != Proposer.Role.LEADER, what + ": stepped down");
        assertTrue(local.isCompletedExceptionally(), what + ": the local command fails at once");
        assertInstanceOf(NotLeaderException.class, LocalCluster.failureOf(local), what);
        assertEquals(0, leader.pendingLocal(), what + ": forgotten");
        leader.flush();
        List<ClientReply> replies = c.toClients.stream().filter(x -> x.to() == CLIENT).map(x -> (ClientReply) x.message()).toList();
        assertEquals(1, replies.size(), what + ": one answer to the network client");
        assertEquals(ClientReply.Status.NOT_LEADER, replies.get(0).status(), what);
        assertEquals(9, replies.get(0).clientId());
    }

    @Test void aHigherPhase1a() { preemptedBy("1a", b -> new Phase1a(b, 0)); }

    @Test void aHigherPhase2a() { preemptedBy("2a", b -> new Phase2a(b, 0, Decree.NOOP)); }

}
