package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests from network clients (ClientRequest messages) on {@link LocalCluster}: each answer goes back to
 * the client's address with its status, a retry of an executed request is answered from the session, and
 * an oversized or malformed command is refused before it reaches the log.
 */
class LocalClusterClientsTest {
    private static final int CLIENT = 1_000; // an address that is no replica

    private static List<ClientReply> replies(LocalCluster c) {
        return c.toClients.stream().filter(e -> e.to() == CLIENT).map(e -> (ClientReply) e.message()).toList();
    }

    private static void request(LocalCluster c, Replica r, Command command, boolean read) {
        r.onMessage(CLIENT, new ClientRequest(command, read));
        r.flush();
        c.deliverAll();
    }

    @Test
    void aClientsRequestIsAnsweredAtItsAddressAndARetryFromTheSession() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 41);
        Replica leader = c.awaitLeader();
        Command put = new Command(5, 1, KvCommand.put("c", "1").encode());
        request(c, leader, put, false);
        c.runUntil(() -> replies(c).size() == 1, 2_000, "the reply");
        ClientReply ok = replies(c).get(0);
        assertEquals(ClientReply.Status.OK, ok.status());
        assertEquals(5, ok.clientId());
        assertEquals(1, ok.sequence());
        assertArrayEquals(KvStateMachine.encodeResult(null), ok.result());
        long applied = leader.applied();
        request(c, leader, put, false);
        assertEquals(2, replies(c).size(), "a retry is answered at once");
        assertArrayEquals(KvStateMachine.encodeResult(null), replies(c).get(1).result(), "with the first result");
        c.tick(50);
        assertEquals(applied, leader.applied(), "and not proposed again");
        request(c, leader, new Command(5, 0, KvCommand.put("c", "old").encode()), false);
        assertEquals(2, replies(c).size(), "a request older than the latest is not answered: the client moved on");
    }

    @Test
    void aFollowerAnswersNotLeaderWithAHintAndRefusalsNameTheirCause() {
        ReplicaOptions options = ReplicaOptions.defaults();
        LocalCluster c = new LocalCluster(3, options, 42);
        Replica leader = c.awaitLeader();
        c.tick(options.heartbeatInterval());
        Replica follower = c.replica(leader.id() % 3 + 1);
        request(c, follower, new Command(6, 1, KvCommand.put("n", "1").encode()), false);
        ClientReply notLeader = replies(c).get(0);
        assertEquals(ClientReply.Status.NOT_LEADER, notLeader.status());
        assertEquals(leader.id(), notLeader.leaderHint());
        request(c, leader, new Command(6, 2, new byte[options.maxCommandBytes() + 1]), false);
        assertEquals(ClientReply.Status.TOO_LARGE, replies(c).get(1).status());
        request(c, leader, new Command(6, 3, new byte[] {99}), false);
        assertEquals(ClientReply.Status.MALFORMED, replies(c).get(2).status());
        assertTrue(replies(c).get(2).error() != null && !replies(c).get(2).error().isEmpty(), "the refusal says why");
        assertEquals(0, leader.firstUnchosen(), "nothing refused reached the log");
    }

    @Test
    void aReadRequestIsAnsweredFromTheLeaseOrThroughTheLogAndAWriteAsAReadIsRefused() {
        LocalCluster c = new LocalCluster(3, ReplicaOptions.defaults(), 43);
        Replica leader = c.awaitLeader();
        c.submit(leader, KvCommand.put("r", "v").encode());
        c.runUntil(leader::holdsLease, 2_000, "a lease");
        long first = leader.firstUnchosen();
        request(c, leader, new Command(7, 1, KvCommand.get("r").encode()), true);
        ClientReply read = replies(c).get(0);
        assertEquals(ClientReply.Status.OK, read.status());
        assertArrayEquals(KvStateMachine.encodeResult("v"), read.result());
        assertEquals(first, leader.firstUnchosen(), "a lease read writes no slot");
        request(c, leader, new Command(7, 2, KvCommand.put("r", "w").encode()), true);
        assertEquals(ClientReply.Status.MALFORMED, replies(c).get(1).status(), "a PUT sent as a read is no query");
        Replica follower = c.replica(leader.id() % 3 + 1);
        request(c, follower, new Command(8, 1, KvCommand.get("r").encode()), true);
        assertEquals(ClientReply.Status.NOT_LEADER, replies(c).get(2).status(), "a follower has no lease: the read goes to the log, which it cannot use");
    }
}
