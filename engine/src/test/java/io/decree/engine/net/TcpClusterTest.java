package io.decree.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Replica;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.runtime.ReplicaRunner;
import io.decree.engine.runtime.RunnerOptions;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three real replicas ({@link ReplicaRunner}, in-memory storage, the key-value state machine), each on its
 * own {@link TcpTransport} over TLS on loopback: they elect a leader, commit commands a client submits
 * through {@link ClientConnector}, and carry on after the leader is stopped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TcpClusterTest {
    private static final long CLIENT_ID = 0x5E55_1000L;
    private final TestPki pki = new TestPki();
    private final TcpTransport[] transports = new TcpTransport[3];
    private final ReplicaRunner[] runners = new ReplicaRunner[3];
    private final Map<Integer, InetSocketAddress> addresses = new HashMap<>();
    private final Map<Integer, ClientConnection> connections = new HashMap<>();
    private long sequence;
    private int target = 1;

    @Test void threeReplicasOverTlsElectALeaderAndCommitClientCommands() throws Exception {
        Configuration members = Configuration.ofSize(3);
        for (int id = 1; id <= 3; id++) {
            transports[id - 1] = new TcpTransport(pki.replica(id), TestPki.LOOPBACK_ANY, Map.of(), TestPki.options());
            Replica.Builder replica = Replica.builder().configuration(members).options(ReplicaOptions.defaults())
                    .stateMachine(new KvStateMachine()).storage(new InMemoryAcceptorStorage());
            runners[id - 1] = new ReplicaRunner(id, replica, transports[id - 1], RunnerOptions.defaults(0xC0FFEEL + id));
            addresses.put(id, transports[id - 1].start(MessageSink.of(runners[id - 1])));
        }
        Mesh.introduce(transports, addresses);
        for (ReplicaRunner r : runners) r.start();
        try (ClientConnector client = new ClientConnector(pki.client(1), TestPki.options())) {
            int leader = awaitLeader(0);
            for (int i = 0; i < 100; i++) assertEquals(null, execute(client, KvCommand.put("k" + i, "v" + i), false));
            assertEquals("v42", execute(client, KvCommand.get("k42"), false));
            assertEquals("v7", execute(client, KvCommand.get("k7"), true)); // a read-only query (lease read at the leader)
            assertEquals("true", execute(client, KvCommand.cas("k0", "v0", "w0"), false));
            assertEquals("w0", execute(client, KvCommand.get("k0"), false));
            Await.until("every replica applies every command", 20_000,
                    () -> runners[0].applied() == runners[1].applied() && runners[1].applied() == runners[2].applied() && runners[0].applied() >= 102,
                    () -> runners[0].applied() + " " + runners[1].applied() + " " + runners[2].applied());

            // Stop the leader: its process is gone, connections and all; the other two elect and carry on.
            runners[leader - 1].close();
            transports[leader - 1].close();
            int next = awaitLeader(leader);
            assertNotEquals(leader, next);
            assertEquals("w0", execute(client, KvCommand.get("k0"), false));
            for (int i = 100; i < 120; i++) assertEquals(null, execute(client, KvCommand.put("k" + i, "v" + i), false));
            assertEquals("v119", execute(client, KvCommand.get("k119"), false));

            for (TcpTransport t : transports) {
                NetStats.Report s = t.stats();
                assertEquals(0, s.malformedFrames(), s.toString());
                assertEquals(0, s.refusedTotal(), s.toString());
                assertTrue(s.framesSent() > 0 && s.framesReceived() > 0, s.toString());
            }
            System.out.println("tcp cluster: leader " + leader + " then " + next + "; replica 1 " + transports[0].stats());
        } catch (AssertionError e) {
            for (ReplicaRunner r : runners) {
                r.close();
                Replica x = r.replicaAfterClose();
                System.out.println("DEBUG replica " + x.id() + " role=" + x.role() + " ballot=" + x.ballot() + " promised=" + x.promised() + " firstUnchosen=" + x.firstUnchosen()
                        + " applied=" + x.applied() + " votes=" + x.votes() + " hint=" + x.leaderHint());
            }
            throw e;
        } finally {
            for (ReplicaRunner r : runners) r.close();
            for (TcpTransport t : transports) t.close();
        }
    }

    private int awaitLeader(int not) {
        int[] found = {0};
        Await.until("a leader other than " + not, 20_000, () -> {
            for (ReplicaRunner r : runners) if (r.id() != not && r.isRunning() && r.isLeader()) found[0] = r.id();
            return found[0] != 0;
        }, () -> "");
        return found[0];
    }

    /** Runs one command exactly once: same sequence on every retry; follows NOT_LEADER hints, moves on from dead replicas. */
    private String execute(ClientConnector client, KvCommand command, boolean read) throws Exception {
        Command c = new Command(CLIENT_ID, ++sequence, command.encode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                ClientReply reply = connection(client, target).request(new ClientRequest(c, read)).get(2, TimeUnit.SECONDS);
                switch (reply.status()) {
                    case OK -> { return KvStateMachine.result(reply.result()); }
                    case NOT_LEADER -> target = reply.leaderHint() > 0 ? reply.leaderHint() : target % 3 + 1;
                    default -> throw new AssertionError("refused: " + reply);
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
                connections.remove(target);
                target = target % 3 + 1;
            }
            if (last != null) Thread.onSpinWait();
        }
        StringBuilder state = new StringBuilder();
        for (ReplicaRunner r : runners)
            state.append(String.format("%n  replica %d running=%s leader=%s hint=%d ballot=%d applied=%d failure=%s", r.id(), r.isRunning(), r.isLeader(), r.leaderHint(), r.ballot(), r.applied(), r.failure()) + " " + transports[r.id() - 1].stats());
        state.append("\n  client ").append(client.stats());
        throw new AssertionError("no outcome for " + command + " within 20 s" + state, last);
    }

    private ClientConnection connection(ClientConnector client, int replica) throws Exception {
        ClientConnection c = connections.get(replica);
        if (c != null && c.isOpen()) return c;
        c = client.connect(addresses.get(replica), replica).get(5, TimeUnit.SECONDS);
        connections.put(replica, c);
        return c;
    }
}
