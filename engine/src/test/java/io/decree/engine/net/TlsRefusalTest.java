package io.decree.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Heartbeat;
import io.decree.engine.net.tls.NodeName;
import io.decree.engine.wire.WireCodec;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a connection can fail to authenticate is refused, logged and counted by reason, and changes no
 * state: replica 2 (members 1, 2, 3) never delivers a message nor hands a request to its client handler.
 */
class TlsRefusalTest {
    private final TestPki pki = new TestPki();
    private final RecordingSink sink = new RecordingSink();
    private final AtomicInteger clientRequests = new AtomicInteger();
    private TcpTransport replica2;
    private InetSocketAddress address;

    @BeforeEach void start() {
        // 1 and 3 are members but not running: only the intruders below ever connect.
        Map<Integer, InetSocketAddress> peers = Map.of(1, new InetSocketAddress("127.0.0.1", 1), 3, new InetSocketAddress("127.0.0.1", 1));
        replica2 = new TcpTransport(pki.replica(2), TestPki.LOOPBACK_ANY, peers, TestPki.options());
        address = replica2.start(sink, (request, reply) -> clientRequests.incrementAndGet());
    }

    @AfterEach void stop() {
        replica2.close();
        assertEquals(0, sink.count(), "a refused connection delivered a message");
        assertEquals(0, clientRequests.get(), "a refused connection reached the client handler");
        assertEquals(0, replica2.stats().connectionsAuthenticated(), replica2.stats().toString());
    }

    @Test void aPlaintextPeerIsRefused() throws Exception {
        byte[] frame = new byte[WireCodec.HELLO_FRAME_LENGTH];
        new WireCodec().encodeHello(new io.decree.engine.wire.Hello(io.decree.engine.wire.Hello.Role.REPLICA, 1), 0, new UnsafeBuffer(frame), 0);
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(frame); // a perfectly good HELLO, in the clear
            out.flush();
            InputStream in = s.getInputStream();
            // The listener closes without a word of application data (it may send a TLS alert first).
            while (in.read() >= 0) { }
        }
        awaitRefused(Refusal.TLS);
    }

    @Test void aCertificateFromAnotherCaIsRefusedAtTheHandshake() {
        try (ClientConnector stranger = new ClientConnector(TestPki.foreign(NodeName.client(1)), TestPki.options())) {
            assertThrows(ExecutionException.class, () -> stranger.connect(address).get(10, TimeUnit.SECONDS));
            assertTrue(stranger.stats().refusedTotal() + replica2.stats().refusedTotal() >= 1, "refused at one end or both");
        }
        awaitRefused(Refusal.TLS);
        // The same for a replica of another CA that dials replica 2 as its peer.
        try (TcpTransport foreign = new TcpTransport(TestPki.foreign(NodeName.replica(1)), TestPki.LOOPBACK_ANY, Map.of(2, address), TestPki.options())) {
            foreign.start(new RecordingSink());
            Await.until("the foreign replica 1 is refused", 10_000, () -> replica2.stats().refused(Refusal.TLS) >= 2, () -> replica2.stats().toString());
            foreign.send(1, 2, new Heartbeat(1, 1, 1));
            assertEquals(0, foreign.connectedPeers().size());
        }
    }

    @Test void aReplicaCertificateOutsideTheMembershipIsRefused() {
        // Replica 1 has a valid certificate of the cluster CA, but the membership no longer names it.
        try (TcpTransport nonMember = new TcpTransport(pki.replica(1), TestPki.LOOPBACK_ANY, Map.of(2, address), TestPki.options())) {
            replica2.setPeers(Map.of(3, new InetSocketAddress("127.0.0.1", 1))); // 1 leaves the membership
            nonMember.start(new RecordingSink());
            awaitRefused(Refusal.NOT_MEMBER);
            nonMember.send(1, 2, new Heartbeat(1, 1, 1));
            assertTrue(nonMember.connectedPeers().isEmpty());
        }
    }

    @Test void aClientCertificateCannotSpeakAsAReplica() {
        try (ClientConnector impostor = new ClientConnector(pki.client(1), TestPki.options(), new LyingCodec(NodeName.replica(1)))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> impostor.connect(address).get(10, TimeUnit.SECONDS));
            assertInstanceOf(ConnectionLostException.class, e.getCause());
        }
        awaitRefused(Refusal.WRONG_ROLE);
    }

    @Test void aHelloThatNamesAnotherReplicaThanTheCertificateIsRefused() {
        try (TcpTransport impostor = new TcpTransport(pki.replica(1), TestPki.LOOPBACK_ANY, Map.of(2, address), TestPki.options(),
                () -> 0L, c -> { }, new LyingCodec(NodeName.replica(3)))) {
            impostor.start(new RecordingSink());
            awaitRefused(Refusal.HELLO_MISMATCH);
            impostor.send(1, 2, new Heartbeat(1, 1, 1));
            assertTrue(impostor.connectedPeers().isEmpty());
        }
    }

    @Test void aClientHelloThatNamesAnotherClientIsRefused() {
        try (ClientConnector impostor = new ClientConnector(pki.client(1), TestPki.options(), new LyingCodec(NodeName.client(2)))) {
            CompletionException e = assertThrows(CompletionException.class, () -> impostor.connect(address).join());
            assertInstanceOf(ConnectionLostException.class, e.getCause());
        }
        awaitRefused(Refusal.HELLO_MISMATCH);
    }

    private void awaitRefused(Refusal reason) {
        Await.until("a refusal for " + reason, 10_000, () -> replica2.stats().refused(reason) >= 1, () -> replica2.stats().toString());
    }
}
