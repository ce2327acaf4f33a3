package io.decree.server;

import io.decree.engine.message.Message;
import io.decree.engine.net.NetOptions;
import io.decree.engine.net.TcpTransport;
import io.decree.engine.net.tls.TlsConfig;
import io.decree.engine.trace.LamportClock;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A replica's network: {@link TcpTransport} (mutual TLS with the cluster's CA) listening at the member's
 * address for peers and clients, dialing every other member. Client requests reach the replica as
 * messages from the connection's address, and its replies go back on that connection.
 */
public final class TcpReplicaNetwork implements ReplicaNetwork {
    private final TcpTransport transport;
    private final ClusterConfig config;
    private final Member self;

    private TcpReplicaNetwork(TcpTransport transport, ClusterConfig config, Member self) {
        this.transport = transport;
        this.config = config;
        this.self = self;
    }

    /** Loads {@code replica-<id>}'s TLS material from the cluster's TLS directory and builds the transport (not started). */
    public static TcpReplicaNetwork open(ClusterConfig config, Member self, ServerLog log, LamportClock clock) {
        return open(config, self, clock, true);
    }

    /** With {@code peers} false the listener serves clients only (replicas reach each other another way). */
    static TcpReplicaNetwork open(ClusterConfig config, Member self, LamportClock clock, boolean peersOverTcp) {
        TlsConfig tls;
        try {
            tls = TlsConfig.load(config.tlsDir(), TlsLayout.replica(self.id()));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(config.source().toString(), "tls_dir", "cannot load " + TlsLayout.replica(self.id())
                    + "'s certificate and key from " + config.tlsDir() + ": " + e.getMessage(), e);
        }
        Map<Integer, InetSocketAddress> peers = new HashMap<>();
        if (peersOverTcp) for (Member m : config.members()) if (m.id() != self.id()) peers.put(m.id(), m.address());
        NetOptions options = NetOptions.defaults().withSeed(System.nanoTime() ^ self.id());
        TcpTransport transport = clock == null ? new TcpTransport(tls, self.address(), peers, options)
                : new TcpTransport(tls, self.address(), peers, options, clock::tick, clock::receive);
        return new TcpReplicaNetwork(transport, config, self);
    }

    @Override public void start(Sink sink) {
        try {
            transport.start(sink);
        } catch (Exception e) { // Netty rethrows the bind failure undeclared
            if (e instanceof BindException) {
                int index = config.members().indexOf(self);
                throw new ConfigException(config.source().toString(), "members[" + index + "].port",
                        "cannot listen at " + self.host() + ":" + self.port() + ": " + e.getMessage() + " (another process uses it?)", e);
            }
            throw e;
        }
    }

    @Override public void send(int from, int to, Message message) { transport.send(from, to, message); }

    @Override public void send(int from, int to, int kind, long a, long b, long c, Object ref) { transport.send(from, to, kind, a, b, c, ref); }

    @Override public void close() { transport.close(); }

    public TcpTransport transport() { return transport; }
}
