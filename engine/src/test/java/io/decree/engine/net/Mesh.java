package io.decree.engine.net;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/** N replica transports on loopback that know each other's (ephemeral) addresses. */
final class Mesh implements AutoCloseable {
    final TestPki pki;
    final TcpTransport[] transports;
    final RecordingSink[] sinks;
    final Map<Integer, InetSocketAddress> addresses = new HashMap<>();

    Mesh(TestPki pki, int n, NetOptions options) {
        this(pki, n, options, id -> () -> 0L, id -> c -> { });
    }

    Mesh(TestPki pki, int n, NetOptions options, java.util.function.IntFunction<LongSupplier> sendClock,
         java.util.function.IntFunction<LongConsumer> receiveClock) {
        this.pki = pki;
        transports = new TcpTransport[n];
        sinks = new RecordingSink[n];
        for (int i = 0; i < n; i++) {
            int id = i + 1;
            transports[i] = new TcpTransport(pki.replica(id), TestPki.LOOPBACK_ANY, Map.of(), options, sendClock.apply(id), receiveClock.apply(id));
            sinks[i] = new RecordingSink();
            addresses.put(id, transports[i].start(sinks[i]));
        }
        introduce(transports, addresses);
    }

    /**
     * Gives every transport the membership, highest id first. A replica dials only the peers with higher ids
     * ({@code Peer.dials}), and a replica refuses a replica it does not yet know as a member (NOT_MEMBER); in this
     * order every dial reaches a replica that already knows the dialer, so no refusal depends on which thread ran
     * first. (The addresses are ephemeral ports, known only once every transport has started, so the membership
     * cannot be given at construction as a replica process gives it.) {@code transports[i]} is replica i + 1.
     */
    static void introduce(TcpTransport[] transports, Map<Integer, InetSocketAddress> addresses) {
        for (int i = transports.length - 1; i >= 0; i--) {
            transports[i].setPeers(addresses);
        }
    }

    TcpTransport t(int id) { return transports[id - 1]; }

    RecordingSink sink(int id) { return sinks[id - 1]; }

    void awaitConnected() {
        for (TcpTransport t : transports) {
            if (t == null) continue;
            Await.until("replica " + t.id() + " connected to all " + (transports.length - 1) + " peers", 10_000,
                    () -> t.connectedPeers().size() == transports.length - 1, () -> "connected: " + t.connectedPeers() + " stats: " + t.stats());
        }
    }

    @Override public void close() {
        for (TcpTransport t : transports) if (t != null) t.close();
    }
}
