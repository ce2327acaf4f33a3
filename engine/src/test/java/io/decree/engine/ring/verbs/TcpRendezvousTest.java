package io.decree.engine.ring.verbs;

import io.decree.engine.ring.FabricException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP rendezvous carries the writer's hello and the receiver's reply intact, and turns every way it can
 * fail (nothing exposed, a listener that refuses, nobody listening) into a {@link FabricException} that says
 * which. Runs without a device: the listener here stands in for a verbs region. Loopback only.
 */
class TcpRendezvousTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test void helloAndReplyCrossIntact() throws Exception {
        AtomicReference<VerbsRendezvous.Hello> heard = new AtomicReference<>();
        VerbsRendezvous.Reply reply = new VerbsRendezvous.Reply(new QpEndpoint(0x00abcd, 0x123456, 0, 0xfe80000000000000L,
                0x0202c0fffe000001L), 0x7f00_0000_1040L, 0x7f00_0000_1000L, 0x5eed, 4096, 77, 64, 3);
        try (TcpRendezvous receiver = new TcpRendezvous(ANY_LOOPBACK, id -> null)) {
            receiver.listen(1, 2, hello -> {
                heard.set(hello);
                return reply;
            });
            try (TcpRendezvous writer = new TcpRendezvous(ANY_LOOPBACK, Map.of(1, receiver.address())::get)) {
                VerbsRendezvous.Hello hello = new VerbsRendezvous.Hello(new QpEndpoint(0x000042, 0x0000ff, 0x17, 0, 0),
                        0x7f11_2233_4000L, 0x77);
                assertEquals(reply, writer.connect(1, 2, hello));
                assertEquals(hello, heard.get());

                FabricException none = assertThrows(FabricException.class, () -> writer.connect(1, 3, hello));
                assertTrue(none.getMessage().contains("has not exposed a ring for writer 3"), none.getMessage());

                receiver.listen(1, 3, h -> { throw new FabricException("verbs: writer 3 is revoked (epoch 4, fence 640)"); });
                FabricException refused = assertThrows(FabricException.class, () -> writer.connect(1, 3, hello));
                assertTrue(refused.getMessage().contains("refused writer 3") && refused.getMessage().contains("revoked (epoch 4"),
                        refused.getMessage());

                FabricException unknown = assertThrows(FabricException.class, () -> writer.connect(9, 2, hello));
                assertTrue(unknown.getMessage().contains("no rendezvous address for replica 9"), unknown.getMessage());
            }
        }
    }

    @Test void aReceiverThatIsNotListeningIsNamed() throws Exception {
        InetSocketAddress closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = (InetSocketAddress) s.getLocalSocketAddress();
        }
        try (TcpRendezvous writer = new TcpRendezvous(ANY_LOOPBACK, id -> closedPort)) {
            FabricException e = assertThrows(FabricException.class, () -> writer.connect(1, 2,
                    new VerbsRendezvous.Hello(new QpEndpoint(1, 1, 1, 0, 0), 0, 0)));
            assertTrue(e.getMessage().contains("cannot reach the rendezvous of replica 1 at " + closedPort), e.getMessage());
        }
    }
}
