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
        for (TcpTransport t : transports) t.setPeers(addresses);
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
