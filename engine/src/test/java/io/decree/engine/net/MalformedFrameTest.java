package io.decree.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Heartbeat;
import io.decree.engine.protocol.Command;
import io.decree.engine.wire.WireCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** A malformed frame on an authenticated connection closes that connection only, is counted, and reaches nobody. */
class MalformedFrameTest {
    private final TestPki pki = new TestPki();

    private static byte[] frame(io.decree.engine.message.Message m) {
        byte[] bytes = new byte[WireCodec.encodedLength(m)];
        new WireCodec().encode(m, 0, new UnsafeBuffer(bytes), 0);
        return bytes;
    }

    @Test void aBadChecksumFromAClientClosesThatConnectionOnly() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (TcpTransport replica = new TcpTransport(pki.replica(1), TestPki.LOOPBACK_ANY, Map.of(), TestPki.options());
             ClientConnector connector = new ClientConnector(pki.client(5), TestPki.options())) {
            InetSocketAddress address = replica.start((f, m) -> true, (request, sink) -> {
                requests.incrementAndGet();
                sink.reply(ClientReply.ok(request.command().clientId(), request.command().sequence(), new byte[] {42}));
            });
            ClientConnection bad = connector.connect(address).get(10, TimeUnit.SECONDS);
            ClientConnection good = connector.connect(address).get(10, TimeUnit.SECONDS);
            byte[] corrupt = frame(new ClientRequest(new Command(5, 1, new byte[] {1, 2, 3})));
            corrupt[corrupt.length - 6] ^= 0x40; // a payload bit: the CRC32C no longer matches
            bad.channel().writeAndFlush(Unpooled.wrappedBuffer(corrupt));
            Await.until("the corrupt connection is closed", () -> !bad.isOpen());
            assertEquals(1, replica.stats().malformedFrames());
            assertEquals(0, requests.get(), "the corrupt request reached the handler");
            ClientReply reply = good.request(new ClientRequest(new Command(6, 1, new byte[] {1}))).get(10, TimeUnit.SECONDS);
            assertEquals(42, reply.result()[0]);
            assertEquals(1, requests.get());
        }
    }

    @Test void anAnnouncedLengthAboveTheMaximumClosesTheConnectionBeforeItIsBuffered() throws Exception {
        try (TcpTransport replica = new TcpTransport(pki.replica(1), TestPki.LOOPBACK_ANY, Map.of(), TestPki.options());
             ClientConnector connector = new ClientConnector(pki.client(5), TestPki.options())) {
            InetSocketAddress address = replica.start((f, m) -> true, (request, sink) -> { throw new AssertionError("no request may arrive"); });
            ClientConnection c = connector.connect(address).get(10, TimeUnit.SECONDS);
            byte[] header = frame(new ClientRequest(new Command(5, 1, new byte[0])));
            new UnsafeBuffer(header).putInt(8, Integer.MAX_VALUE, java.nio.ByteOrder.BIG_ENDIAN); // 2 GiB announced
            c.channel().writeAndFlush(Unpooled.wrappedBuffer(header, 0, 20)); // header only: nothing else follows
            Await.until("the connection is closed", () -> !c.isOpen());
            assertEquals(1, replica.stats().malformedFrames());
        }
    }

    @Test void aCorruptFrameBetweenReplicasClosesThatConnectionThenTheDialerReconnects() {
        try (Mesh mesh = new Mesh(pki, 3, TestPki.options())) {
            mesh.awaitConnected();
            Channel oneToTwo = mesh.t(1).channelTo(2);
            assertNotNull(oneToTwo);
            byte[] corrupt = frame(new Heartbeat(1, 2, 3));
            corrupt[1] = 'X'; // the magic
            oneToTwo.writeAndFlush(Unpooled.wrappedBuffer(corrupt));
            Await.until("replica 2 counts the malformed frame", () -> mesh.t(2).stats().malformedFrames() == 1);
            Await.until("the closed connection is noticed", () -> !oneToTwo.isActive());
            assertEquals(0, mesh.sink(2).count(), "nothing of the corrupt frame was delivered");
            Await.until("replica 1 redials replica 2", () -> mesh.t(1).connectedPeers().contains(2) && mesh.t(1).channelTo(2) != oneToTwo);
            Await.until("a heartbeat gets through again", () -> {
                mesh.t(1).send(1, 2, new Heartbeat(1, 2, 4));
                return mesh.sink(2).count() > 0;
            });
            assertEquals(0, mesh.t(3).stats().connectionsClosed(), "the other connections were not touched");
        }
    }
}
