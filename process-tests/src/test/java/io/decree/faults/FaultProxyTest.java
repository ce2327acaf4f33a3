package io.decree.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy with plain sockets: three echo servers stand in for three replicas' peer ports. */
class FaultProxyTest {
    /**
     * Only a hang guard (reads and awaited counters end as soon as the proxy acts): 10 s failed twice at a load
     * average of 40-58, where the proxy's threads waited that long for a core.
     */
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private final Map<Integer, EchoServer> replicas = new java.util.TreeMap<>();
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        for (int id = 1; id <= 3; id++) replicas.put(id, new EchoServer("r" + id));
        proxy = FaultProxy.forReplicas(List.of(1, 2, 3), id -> replicas.get(id).port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        for (EchoServer e : replicas.values()) e.close();
    }

    /** A connection from {@code from} to {@code to} through the proxy. */
    private Peer dial(int from, int to) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port(from, to));
        s.setSoTimeout((int) LIMIT.toMillis()); // a read that hangs fails the test instead of hanging it
        return new Peer(s);
    }

    private record Peer(Socket socket, BufferedReader in) implements AutoCloseable {
        Peer(Socket socket) throws IOException {
            this(socket, new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)));
        }

        String ask(String line) throws IOException {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return in.readLine();
        }

        @Override public void close() throws IOException { socket.close(); }
    }

    @Test
    void passForwardsBytesToTheRightPeerInBothDirections() throws Exception {
        try (Peer p12 = dial(1, 2); Peer p13 = dial(1, 3); Peer p21 = dial(2, 1)) {
            assertEquals("r2:hello", p12.ask("hello"));
            assertEquals("r3:x", p13.ask("x"));
            assertEquals("r1:y", p21.ask("y"));
            String big = "z".repeat(100_000); // several chunks
            assertEquals("r2:" + big, p12.ask(big));
        }
        assertTrue(proxy.stats(1, 2).bytes() > 200_000, proxy.stats(1, 2).toString());
    }

    @Test
    void dropCutsOpenConnectionsAndRefusesNewOnesUntilHealed() throws Exception {
        try (Peer p12 = dial(1, 2)) {
            assertEquals("r2:a", p12.ask("a"));
            proxy.set(1, 2, LinkMode.DROP);
            // The open connection is closed by the proxy: the reader sees end of stream or a reset.
            assertCut(p12);
        }
        try (Peer again = dial(1, 2)) { // the listener still accepts (as a cut network would let SYNs time out, we close)
            assertCut(again);
        }
        try (Peer other = dial(2, 3)) {
            assertEquals("r3:b", other.ask("b"), "other links are untouched");
        }
        Await.until("the refused connection is counted", LIMIT, () -> proxy.stats(1, 2).refused() >= 1);
        proxy.heal();
        try (Peer healed = dial(1, 2); Peer reverse = dial(2, 1)) {
            assertEquals("r2:c", healed.ask("c"));
            assertEquals("r1:d", reverse.ask("d"));
        }
    }

    private static void assertCut(Peer p) {
        try {
            String reply = p.ask("after the cut");
            assertEquals(null, reply, "a dropped link must not deliver");
        } catch (IOException expected) {
            // reset by the proxy: also a cut
        }
    }

    @Test
    void delayHoldsEveryChunkAtLeastTheDelayAndKeepsOrder() throws Exception {
        proxy.set(1, 2, LinkMode.delay(150));
        try (Peer p = dial(1, 2)) {
            long start = System.nanoTime();
            assertEquals("r2:slow", p.ask("slow"));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            // Both directions pass the delayed link: the round trip is at least twice the delay.
            assertTrue(elapsedMillis >= 300, "round trip took " + elapsedMillis + " ms through a 150 ms link");
            for (int i = 0; i < 20; i++) p.socket().getOutputStream().write(("m" + i + "\n").getBytes());
            for (int i = 0; i < 20; i++) assertEquals("r2:m" + i, p.in().readLine(), "order kept under delay");
            proxy.heal();
            long healedStart = System.nanoTime();
            assertEquals("r2:fast", p.ask("fast"));
            assertTrue((System.nanoTime() - healedStart) / 1_000_000 < 10_000);
        }
    }

    @Test
    void partitionCutsExactlyThePairsItSeparates() throws Exception {
        proxy.apply(Partition.isolate(1, List.of(1, 2, 3)));
        assertEquals(LinkMode.DROP, proxy.mode(1, 2));
        assertEquals(LinkMode.DROP, proxy.mode(3, 1));
        assertEquals(LinkMode.PASS, proxy.mode(2, 3));
        try (Peer p23 = dial(2, 3); Peer p32 = dial(3, 2); Peer p21 = dial(2, 1)) {
            assertEquals("r3:e", p23.ask("e"));
            assertEquals("r2:f", p32.ask("f"));
            assertCut(p21);
        }
        proxy.heal();
        try (Peer p21 = dial(2, 1)) {
            assertEquals("r1:g", p21.ask("g"));
        }
    }

    @Test
    void aDownPeerLooksLikeAClosedConnection() throws Exception {
        replicas.get(3).close();
        try (Peer p = dial(1, 3)) {
            assertCut(p);
        }
        Await.until("the refused dial is counted", LIMIT, () -> proxy.stats(1, 3).refused() >= 1);
    }

    @Test
    void unknownLinksAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> proxy.port(1, 4));
        assertTrue(e.getMessage().contains("1->4"), e.getMessage());
    }
}
