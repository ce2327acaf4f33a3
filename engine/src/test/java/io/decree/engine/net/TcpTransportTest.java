package io.decree.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Heartbeat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TcpTransportTest {
    private final TestPki pki = new TestPki();

    @Test void twoReplicasExchangeFramesBothWaysAndStampLamportClocks() {
        AtomicLong[] clocks = {new AtomicLong(100), new AtomicLong(500)};
        List<ConcurrentLinkedQueue<Long>> received = List.of(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
        try (Mesh mesh = new Mesh(pki, 2, TestPki.options(), id -> clocks[id - 1]::incrementAndGet, id -> received.get(id - 1)::add)) {
            mesh.awaitConnected();
            for (int i = 0; i < 100; i++) {
                mesh.t(1).send(1, 2, new Heartbeat(7, i, i));
                mesh.t(2).send(2, 1, new Heartbeat(9, i, -i));
            }
            Await.until("100 heartbeats each way", () -> mesh.sink(1).count() == 100 && mesh.sink(2).count() == 100);
            for (int i = 0; i < 100; i++) {
                // One connection, FIFO: order is kept, and the sender is the authenticated peer.
                RecordingSink.Delivery at2 = mesh.sink(2).from(1).get(i);
                assertEquals(new Heartbeat(7, i, i), at2.message());
                assertEquals(new Heartbeat(9, i, -i), mesh.sink(1).from(2).get(i).message());
            }
            assertEquals(List.copyOf(received.get(1)), java.util.stream.LongStream.rangeClosed(101, 200).boxed().toList(), "replica 2 saw replica 1's send clocks in order");
            assertEquals(List.copyOf(received.get(0)), java.util.stream.LongStream.rangeClosed(501, 600).boxed().toList());
            NetStats.Report s1 = mesh.t(1).stats();
            assertEquals(100, s1.framesSent());
            assertEquals(100, s1.framesReceived());
            assertEquals(0, s1.droppedNoConnection() + s1.droppedBackPressure() + s1.malformedFrames() + s1.refusedTotal(), s1.toString());
        }
    }

    @Test void threeReplicasUseOneConnectionPerPairAndReachEveryone() {
        try (Mesh mesh = new Mesh(pki, 3, TestPki.options())) {
            mesh.awaitConnected();
            for (int from = 1; from <= 3; from++)
                for (int to = 1; to <= 3; to++)
                    if (from != to) for (int i = 0; i < 50; i++) mesh.t(from).send(from, to, new Heartbeat(from, to, i));
            Await.until("every replica hears 50 from each other", () -> mesh.sink(1).count() == 100 && mesh.sink(2).count() == 100 && mesh.sink(3).count() == 100);
            for (int to = 1; to <= 3; to++)
                for (RecordingSink.Delivery d : mesh.sink(to).deliveries) {
                    Heartbeat h = (Heartbeat) d.message();
                    assertEquals(h.ballot(), d.from(), "sender attributed from the connection");
                    assertEquals(h.firstUnchosen(), to);
                }
            // The lower id dials: 1 dials 2 and 3, 2 dials 3: three connections in all, one per pair.
            long authenticated = 0;
            for (int id = 1; id <= 3; id++) authenticated += mesh.t(id).stats().connectionsAuthenticated();
            assertEquals(6, authenticated, "each of the 3 connections authenticates at both ends");
            assertEquals(2, mesh.t(1).stats().connectAttempts());
            assertEquals(1, mesh.t(2).stats().connectAttempts());
            assertEquals(0, mesh.t(3).stats().connectAttempts());
        }
    }

    @Test void aMessageToItselfIsDeliveredLocally() {
        try (Mesh mesh = new Mesh(pki, 2, TestPki.options())) {
            mesh.t(1).send(1, 1, new Heartbeat(1, 2, 3));
            assertEquals(1, mesh.sink(1).count());
            assertEquals(new RecordingSink.Delivery(1, new Heartbeat(1, 2, 3)), mesh.sink(1).deliveries.peek());
            assertEquals(0, mesh.t(1).stats().framesSent());
        }
    }

    @Test void sendToUnknownOrUnconnectedPeerDropsAndCounts() {
        try (Mesh mesh = new Mesh(pki, 2, TestPki.options())) {
            mesh.t(1).send(1, 42, new Heartbeat(1, 1, 1));
            mesh.t(1).send(1, TcpTransport.FIRST_CLIENT_ADDRESS + 5, new Heartbeat(1, 1, 1));
            assertEquals(2, mesh.t(1).stats().droppedNoConnection());
        }
    }

    @Test void theDialerReconnectsAfterTheListeningPeerRestarts() {
        NetOptions options = TestPki.options();
        try (Mesh mesh = new Mesh(pki, 2, options)) {
            mesh.awaitConnected();
            int port = mesh.addresses.get(2).getPort();
            mesh.t(2).close();
            Await.until("replica 1 sees the connection gone", () -> mesh.t(1).connectedPeers().isEmpty());
            mesh.t(1).send(1, 2, new Heartbeat(1, 0, 0));
            assertEquals(1, mesh.t(1).stats().droppedNoConnection(), "no connection: dropped, not queued");

            RecordingSink sink = new RecordingSink();
            try (TcpTransport restarted = new TcpTransport(pki.replica(2), new java.net.InetSocketAddress("127.0.0.1", port), mesh.addresses, options)) {
                restarted.start(sink);
                Await.until("replica 1 redials the restarted replica 2", () -> mesh.t(1).connectedPeers().contains(2));
                Await.until("a heartbeat gets through after the restart", 10_000, () -> {
                    mesh.t(1).send(1, 2, new Heartbeat(1, 1, 1));
                    return sink.count() > 0;
                }, () -> mesh.t(1).stats().toString());
                assertTrue(mesh.t(1).stats().connectAttempts() >= 2, "redialed");
                restarted.send(2, 1, new Heartbeat(2, 2, 2));
                Await.until("and back on the same connection", () -> mesh.sink(1).deliveries.stream().anyMatch(d -> d.message().equals(new Heartbeat(2, 2, 2))));
            }
        }
    }

    @Test void theListenerTakesTheDialersNewConnectionAfterTheDialerRestarts() {
        NetOptions options = TestPki.options();
        try (Mesh mesh = new Mesh(pki, 2, options)) {
            mesh.awaitConnected();
            mesh.t(1).close();
            Await.until("replica 2 sees the connection gone", () -> mesh.t(2).connectedPeers().isEmpty());
            RecordingSink sink = new RecordingSink();
            try (TcpTransport restarted = new TcpTransport(pki.replica(1), TestPki.LOOPBACK_ANY, Map.of(2, mesh.addresses.get(2)), options)) {
                restarted.start(sink);
                Await.until("replica 2 accepts the restarted replica 1", () -> mesh.t(2).connectedPeers().contains(1));
                mesh.t(2).send(2, 1, new Heartbeat(2, 3, 4));
                Await.until("replica 2 reaches the restarted replica 1", () -> sink.count() == 1);
                assertEquals(new Heartbeat(2, 3, 4), sink.deliveries.peek().message());
            }
        }
    }

    @Test void aRemovedMemberIsDisconnectedAndRefusedWhenItRedials() {
        try (Mesh mesh = new Mesh(pki, 3, TestPki.options())) {
            mesh.awaitConnected();
            // Reconfiguration drops replica 1 at 2 and 3; replica 1 still believes in them and keeps redialing.
            Map<Integer, java.net.InetSocketAddress> without1 = Map.of(2, mesh.addresses.get(2), 3, mesh.addresses.get(3));
            mesh.t(2).setPeers(without1);
            mesh.t(3).setPeers(without1);
            Await.until("1 is disconnected", 10_000, () -> mesh.t(1).connectedPeers().isEmpty(), () -> mesh.t(1).connectedPeers().toString());
            Await.until("1's redials are refused as a non-member by 2 and 3", 10_000,
                    () -> mesh.t(2).stats().refused(Refusal.NOT_MEMBER) >= 1 && mesh.t(3).stats().refused(Refusal.NOT_MEMBER) >= 1,
                    () -> mesh.t(2).stats() + " " + mesh.t(3).stats());
            int before = mesh.sink(2).count() + mesh.sink(3).count();
            mesh.t(1).send(1, 2, new Heartbeat(1, 1, 1));
            mesh.t(1).send(1, 3, new Heartbeat(1, 1, 1));
            assertTrue(mesh.t(1).stats().droppedNoConnection() >= 2, mesh.t(1).stats().toString());
            assertEquals(before, mesh.sink(2).count() + mesh.sink(3).count(), "nothing from the removed replica is delivered");
            assertEquals(java.util.Set.of(3), mesh.t(2).connectedPeers(), "2 and 3 stay connected");
        }
    }
}
