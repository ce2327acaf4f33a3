package io.decree.server;

import io.decree.engine.message.Message;
import io.decree.engine.ring.ShmOptions;
import io.decree.engine.ring.ShmTransport;
import io.decree.engine.trace.LamportClock;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A replica's network with {@code transport = "shm"}: replicas reach each other through the shared-memory
 * rings in {@link ClusterConfig#shmDir()} ({@link ShmTransport}); clients still connect over TCP with TLS at
 * the member's address, through a {@link TcpReplicaNetwork} that accepts clients only. A message to a
 * replica id goes to the rings, one to a client's connection address (above every replica id) to TCP.
 */
public final class ShmReplicaNetwork implements ReplicaNetwork {
    private final ShmTransport replicas;
    private final TcpReplicaNetwork clients;
    private final int self;

    private ShmReplicaNetwork(ShmTransport replicas, TcpReplicaNetwork clients, int self) {
        this.replicas = replicas;
        this.clients = clients;
        this.self = self;
    }

    /** The server's factory: picks the transport the cluster file names. */
    public static ReplicaNetwork openConfigured(ClusterConfig config, Member self, ServerLog log, LamportClock clock) {
        return config.transport() == TransportKind.SHM ? open(config, self, clock) : TcpReplicaNetwork.open(config, self, log, clock);
    }

    public static ShmReplicaNetwork open(ClusterConfig config, Member self, LamportClock clock) {
        Set<Integer> peers = config.members().stream().map(Member::id).collect(Collectors.toSet());
        ShmOptions options = ShmOptions.defaults(config.shmDir());
        ShmTransport shm = clock == null ? new ShmTransport(self.id(), peers, options)
                : new ShmTransport(self.id(), peers, options, clock::tick, clock::receive);
        return new ShmReplicaNetwork(shm, TcpReplicaNetwork.open(config, self, clock, false), self.id());
    }

    @Override public void start(Sink sink) {
        replicas.start(sink::deliver);
        clients.start(sink);
    }

    @Override public void send(int from, int to, Message message) {
        if (to == self || to < io.decree.engine.net.TcpTransport.FIRST_CLIENT_ADDRESS) replicas.send(from, to, message);
        else clients.send(from, to, message);
    }

    @Override public void close() {
        clients.close();
        replicas.close();
    }

    public ShmTransport rings() { return replicas; }
}
