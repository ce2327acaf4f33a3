package io.decree.engine.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientConnectionTest {
    private final TestPki pki = new TestPki();

    @Test void aRequestGoesThroughTheProtocolPathAndTheReplyComesBackOnTheSameConnection() throws Exception {
        // The default client handler delivers the request as a message from the connection's address; the
        // "replica" here answers like Replica does: Transport.send(self, thatAddress, reply).
        ConcurrentLinkedQueue<RecordingSink.Delivery> requests = new ConcurrentLinkedQueue<>();
        TcpTransport[] self = new TcpTransport[1];
        MessageSink replica = (from, message) -> {
            requests.add(new RecordingSink.Delivery(from, message));
            ClientRequest r = (ClientRequest) message;
            byte[] result = ("echo-" + r.command().sequence()).getBytes();
            self[0].send(2, from, ClientReply.ok(r.command().clientId(), r.command().sequence(), result));
            return true;
        };
        try (TcpTransport transport = new TcpTransport(pki.replica(2), TestPki.LOOPBACK_ANY, Map.of(), TestPki.options());
             ClientConnector connector = new ClientConnector(pki.client(5), TestPki.options())) {
            self[0] = transport;
            InetSocketAddress address = transport.start(replica);
            ClientConnection c = connector.connect(address).get(10, TimeUnit.SECONDS);
            assertEquals(2, c.replicaId());
            for (long seq = 1; seq <= 20; seq++) {
                ClientReply reply = c.request(new ClientRequest(new Command(77, seq, new byte[] {(byte) seq}))).get(10, TimeUnit.SECONDS);
                assertEquals(ClientReply.Status.OK, reply.status());
                assertEquals(seq, reply.sequence());
                assertArrayEquals(("echo-" + seq).getBytes(), reply.result());
            }
            assertEquals(20, requests.size());
            int address0 = requests.peek().from();
            assertTrue(address0 >= TcpTransport.FIRST_CLIENT_ADDRESS, "clients get addresses above every replica id: " + address0);
            assertTrue(requests.stream().allMatch(d -> d.from() == address0), "one connection, one address");
            assertEquals(0, c.pendingRequests());
            assertEquals(1, transport.clientConnections());

            // A second connection gets its own address.
            ClientConnection c2 = connector.connect(address, 2).get(10, TimeUnit.SECONDS);
            c2.request(new ClientRequest(new Command(78, 1, new byte[0]))).get(10, TimeUnit.SECONDS);
            Message last = null;
            int lastFrom = 0;
            for (RecordingSink.Delivery d : requests) { last = d.message(); lastFrom = d.from(); }
            assertEquals(78, ((ClientRequest) last).command().clientId());
            assertTrue(lastFrom != address0 && lastFrom >= TcpTransport.FIRST_CLIENT_ADDRESS);

            // After the client hangs up, a reply to its address is dropped and counted, not an error.
            c.close();
            Await.until("the replica sees the client gone", () -> transport.clientConnections() == 1);
            long before = transport.stats().droppedNoConnection();
            transport.send(2, address0, ClientReply.ok(77, 99, new byte[0]));
            assertEquals(before + 1, transport.stats().droppedNoConnection());
        }
    }

    @Test void pendingRequestsFailWhenTheConnectionCloses() throws Exception {
        CompletableFuture<ClientRequestHandler.ReplySink> held = new CompletableFuture<>();
        try (TcpTransport transport = new TcpTransport(pki.replica(1), TestPki.LOOPBACK_ANY, Map.of(), TestPki.options());
             ClientConnector connector = new ClientConnector(pki.client(5), TestPki.options())) {
            InetSocketAddress address = transport.start((from, m) -> true, (request, sink) -> held.complete(sink)); // never answers
            ClientConnection c = connector.connect(address).get(10, TimeUnit.SECONDS);
            CompletableFuture<ClientReply> reply = c.request(new ClientRequest(new Command(5, 1, new byte[] {1})));
            ClientRequestHandler.ReplySink sink = held.get(10, TimeUnit.SECONDS);
            assertEquals(5, sink.clientId());
            assertEquals(1, c.pendingRequests());
            transport.close(); // the replica goes away
            ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(10, TimeUnit.SECONDS));
            assertInstanceOf(ConnectionLostException.class, e.getCause());
            ExecutionException late = assertThrows(ExecutionException.class,
                    () -> c.request(new ClientRequest(new Command(5, 2, new byte[] {1}))).get(10, TimeUnit.SECONDS));
            assertInstanceOf(ConnectionLostException.class, late.getCause());
        }
    }

    @Test void aClientRefusesAListenerThatIsNotTheExpectedReplica() throws Exception {
        try (TcpTransport transport = new TcpTransport(pki.replica(3), TestPki.LOOPBACK_ANY, Map.of(), TestPki.options());
             ClientConnector connector = new ClientConnector(pki.client(5), TestPki.options())) {
            InetSocketAddress address = transport.start((from, m) -> true);
            ExecutionException e = assertThrows(ExecutionException.class, () -> connector.connect(address, 1).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("WRONG_PEER"), e.getCause().getMessage());
            assertEquals(1, connector.stats().refused(Refusal.WRONG_PEER));
        }
    }

    @Test void aListenerWithoutAClientHandlerRefusesClients() {
        try (TcpTransport transport = new TcpTransport(pki.replica(3), TestPki.LOOPBACK_ANY, Map.of(), TestPki.options());
             ClientConnector connector = new ClientConnector(pki.client(5), TestPki.options())) {
            InetSocketAddress address = transport.start((from, m) -> true, null);
            assertThrows(ExecutionException.class, () -> connector.connect(address).get(10, TimeUnit.SECONDS));
            Await.until("refused", () -> transport.stats().refused(Refusal.NO_CLIENTS) == 1);
        }
    }

    @Test void connectingToNothingFailsWithTheConnectError() throws Exception {
        InetSocketAddress nobody;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nobody = new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
        try (ClientConnector connector = new ClientConnector(pki.client(5), TestPki.options())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> connector.connect(nobody).get(10, TimeUnit.SECONDS));
            assertInstanceOf(java.net.ConnectException.class, e.getCause());
        }
    }
}
