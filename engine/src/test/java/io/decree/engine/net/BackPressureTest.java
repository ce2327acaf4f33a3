package io.decree.engine.net;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.SnapshotChunk;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A peer that stops reading (its I/O thread is stuck) must not stall the sender: {@code send} keeps
 * returning, drops beyond the bounds and counts them, and the connection carries traffic again once the
 * peer reads.
 */
class BackPressureTest {
    private final TestPki pki = new TestPki();

    @Test void aPeerThatStopsReadingMakesTheSenderDropNotBlock() throws Exception {
        // Small socket buffers and watermarks so the stall shows after a few hundred KiB, not many MiB.
        NetOptions options = TestPki.options().withWriteBuffer(32 << 10, 128 << 10, 32 << 10);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink received = new RecordingSink();
        MessageSink slow = (from, message) -> {
            stuck.countDown();
            try {
                release.await(); // blocks replica 2's only I/O thread: it reads nothing more
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return received.deliver(from, message);
        };
        try (TcpTransport one = new TcpTransport(pki.replica(1), TestPki.LOOPBACK_ANY, Map.of(), options);
             TcpTransport two = new TcpTransport(pki.replica(2), TestPki.LOOPBACK_ANY, Map.of(), options)) {
            var a1 = one.start(new RecordingSink());
            var a2 = two.start(slow);
            one.setPeers(Map.of(2, a2));
            two.setPeers(Map.of(1, a1));
            Await.until("connected", () -> one.connectedPeers().contains(2));
            one.send(1, 2, new Heartbeat(1, 0, 0));
            assertTrue(stuck.await(10, TimeUnit.SECONDS), "replica 2 received the first message and is now stuck");

            byte[] data = new byte[4096];
            int sends = 20_000; // 80 MiB offered to a peer that reads nothing
            long[] slowestNanos = {0};
            long t0loop = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int i = 0; i < sends; i++) {
                    long t0 = System.nanoTime();
                    one.send(1, 2, new SnapshotChunk(1, i, sends * data.length, data));
                    slowestNanos[0] = Math.max(slowestNanos[0], System.nanoTime() - t0);
                }
            }, "send blocked on a peer that does not read");
            long loopMillis = (System.nanoTime() - t0loop) / 1_000_000;
            NetStats.Report s = one.stats();
            assertTrue(s.droppedBackPressure() > sends / 2, "most sends are dropped at the bound: " + s);
            assertTrue(s.framesSent() < sends, s.toString());
            System.out.println("back-pressure: " + sends + " sends of 4 KiB, dropped " + s.droppedBackPressure()
                    + ", written " + s.framesSent() + ", slowest send " + slowestNanos[0] / 1000 + " us, all sends " + loopMillis + " ms");
            long t0drain = System.nanoTime();

            release.countDown();
            // Every frame not dropped at the bound arrives, exactly once, once the peer reads again.
            long accepted = 1 + sends - s.droppedBackPressure() - s.droppedNoConnection();
            Await.until("the " + accepted + " accepted frames arrive once the peer reads again", 20_000,
                    () -> received.count() == accepted, () -> received.count() + " of " + accepted);
            System.out.println("back-pressure: queued frames delivered " + (System.nanoTime() - t0drain) / 1_000_000 + " ms after the peer resumed");
            Await.until("and new sends go through", 20_000, () -> {
                one.send(1, 2, new Heartbeat(1, 9, 9));
                return received.deliveries.stream().anyMatch(d -> d.message().equals(new Heartbeat(1, 9, 9)));
            }, () -> one.stats().toString());
        }
    }
}
