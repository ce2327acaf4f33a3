package io.decree.server;

import io.decree.engine.message.Message;
import io.decree.engine.ring.LinkFaultHook;
import io.decree.engine.ring.RingFabric;
import io.decree.engine.ring.ShmFabric;
import io.decree.engine.ring.ShmOptions;
import io.decree.engine.ring.ShmTransport;
import io.decree.engine.ring.verbs.RdmaUnavailableException;
import io.decree.engine.ring.verbs.TcpRendezvous;
import io.decree.engine.ring.verbs.VerbsFabric;
import io.decree.engine.ring.verbs.VerbsOptions;
import io.decree.engine.trace.LamportClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * A replica's network with {@code transport = "shm"} or {@code "verbs"}: replicas reach each other through
 * the one-sided rings ({@link ShmTransport}), over shared memory in {@link ClusterConfig#shmDir()} or over RDMA
 * verbs; clients still connect over TCP with TLS at the member's address, through a {@link TcpReplicaNetwork}
 * that accepts clients only. A message to a replica id goes to the rings, one to a client's connection
 * address (above every replica id) to TCP.
 *
 * <p>Verbs: each member's connection rendezvous ({@link TcpRendezvous}) listens at its host and its port plus
 * {@link ClusterConfig#verbsPortOffset()}; the device, port and GID index come from the
 * {@code decree.rdma.*} system properties (docs/rdma.md). Without a device the replica refuses to start with a
 * {@link ConfigException} on {@code transport} whose cause is the {@link RdmaUnavailableException} naming
 * what is missing.
 *
 * <p>Fault injection (tests only): with {@code -D}{@value LinkFaultHook#PROPERTY}{@code =FILE}, the rings obey
 * the {@link LinkFaultHook} in FILE, which is how the multi-process fault suite partitions a shm cluster.
 */
public final class ShmReplicaNetwork implements ReplicaNetwork {
    private final ShmTransport replicas;
    private final TcpReplicaNetwork clients;
    private final AutoCloseable rendezvous;
    private final int self;

    private ShmReplicaNetwork(ShmTransport replicas, TcpReplicaNetwork clients, AutoCloseable rendezvous, int self) {
        this.replicas = replicas;
        this.clients = clients;
        this.rendezvous = rendezvous;
        this.self = self;
    }

    /** The server's factory: picks the transport the cluster file names. */
    public static ReplicaNetwork openConfigured(ClusterConfig config, Member self, ServerLog log, LamportClock clock) {
        return switch (config.transport()) {
            case TCP -> TcpReplicaNetwork.open(config, self, log, clock);
            case SHM -> open(config, self, clock);
            case VERBS -> openVerbs(config, self, clock);
        };
    }

    public static ShmReplicaNetwork open(ClusterConfig config, Member self, LamportClock clock) {
        ShmTransport shm = transport(config, self, clock, new ShmFabric(config.shmDir()));
        return new ShmReplicaNetwork(shm, TcpReplicaNetwork.open(config, self, clock, false), null, self.id());
    }

    /** The rings over RDMA verbs; fails naming the missing library, device or port where there is none. */
    public static ShmReplicaNetwork openVerbs(ClusterConfig config, Member self, LamportClock clock) {
        int offset = config.verbsPortOffset();
        TcpRendezvous rendezvous;
        try {
            rendezvous = new TcpRendezvous(new InetSocketAddress(self.host(), self.port() + offset), id -> {
                Member m = config.requireMember(id, "peer");
                return new InetSocketAddress(m.host(), m.port() + offset);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("replica " + self.id() + ": cannot listen for RDMA connection set-up at "
                    + self.host() + ":" + (self.port() + offset) + " (port + verbs_port_offset): " + e.getMessage(), e);
        }
        VerbsFabric fabric;
        try {
            fabric = VerbsFabric.open(VerbsOptions.fromSystemProperties(), rendezvous);
        } catch (RdmaUnavailableException e) {
            closeQuietly(rendezvous);
            throw new ConfigException(config.source().toString(), "transport", "\"verbs\" cannot run on this machine: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(rendezvous);
            throw e;
        }
        ShmTransport rings = transport(config, self, clock, fabric);
        return new ShmReplicaNetwork(rings, TcpReplicaNetwork.open(config, self, clock, false), rendezvous, self.id());
    }

    private static ShmTransport transport(ClusterConfig config, Member self, LamportClock clock, RingFabric fabric) {
        Set<Integer> peers = config.members().stream().map(Member::id).collect(Collectors.toSet());
        ShmOptions options = ShmOptions.defaults(config.shmDir());
        String hook = System.getProperty(LinkFaultHook.PROPERTY);
        if (hook != null && !hook.isBlank()) options = options.withLinkFaults(Path.of(hook));
        LongSupplier tick = clock == null ? () -> 0L : clock::tick;
        LongConsumer receive = clock == null ? c -> { } : clock::receive;
        return new ShmTransport(self.id(), peers, options, tick, receive, fabric);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a listener that never served: nothing to report beyond the failure being thrown
        }
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
        if (rendezvous != null) closeQuietly(rendezvous);
    }

    public ShmTransport rings() { return replicas; }
}
