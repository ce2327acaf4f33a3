package io.decree.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.ring.verbs.RdmaUnavailableException;
import io.decree.engine.ring.verbs.VerbsFabric;
import io.decree.engine.ring.verbs.VerbsOptions;
import io.decree.engine.ring.verbs.VerbsRendezvous;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code transport = "verbs"} in the cluster file: the rings of docs/rdma.md over RDMA. Without a device (this
 * machine, CI) a replica refuses to start, naming the key and the missing layer (library, device or port);
 * with one, three replicas replicate over it and the client over TCP. Each test that needs the other kind of
 * machine is skipped with the reason printed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DecreeClientVerbsTest {
    /** Why there is no RDMA here (what opening the device said), or empty where there is a device. */
    private static final Optional<String> NO_RDMA = probe();

    @TempDir Path dir;
    private final Map<Integer, ReplicaServer> servers = new TreeMap<>();

    @AfterEach void stopAll() { servers.values().forEach(ReplicaServer::close); }

    private static Optional<String> probe() {
        try (VerbsFabric fabric = VerbsFabric.open(VerbsOptions.fromSystemProperties(), new VerbsRendezvous.InProcess())) {
            return Optional.empty();
        } catch (RdmaUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) System.out.println("[decree] skipped: " + reason);
        Assumptions.assumeTrue(condition, reason);
    }

    private ClusterConfig config() throws Exception {
        // Rendezvous ports are member ports plus the offset: take free pairs (port, port + 1) so both bind.
        List<Member> members = new ArrayList<>();
        for (int id = 1; members.size() < 3; ) {
            int port = LocalCluster.freePorts(1)[0];
            if (port < 65535 && free(port + 1)) members.add(new Member(id++, "127.0.0.1", port));
        }
        ClusterCertificates.WRITER.write(dir.resolve("tls"), java.util.Set.of(1, 2, 3), java.util.Set.of(1L));
        Path file = dir.resolve("cluster.toml");
        Files.writeString(file, ConfigWriter.toml(members, "data", "tls", StorageKind.FILE, ReplicaOptions.defaults(), null,
                TransportKind.VERBS, null));
        ClusterConfig config = ConfigLoader.load(file);
        assertEquals(TransportKind.VERBS, config.transport());
        assertEquals(ClusterConfig.DEFAULT_VERBS_PORT_OFFSET, config.verbsPortOffset());
        return config;
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test void withoutADeviceAReplicaRefusesToStartNamingTheKeyAndWhatIsMissing() throws Exception {
        skipUnless(NO_RDMA.isPresent(), "this machine has an RDMA device; the refusal needs a machine without one");
        ClusterConfig config = config();
        PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ReplicaServer.start(config, 1, new ServerLog(log, 1), ShmReplicaNetwork::openConfigured));
        RdmaUnavailableException cause = assertInstanceOf(RdmaUnavailableException.class, e.getCause());
        assertTrue(e.getMessage().contains("transport") && e.getMessage().contains("\"verbs\" cannot run on this machine"), e.getMessage());
        assertTrue(e.getMessage().contains("RDMA unavailable (" + cause.missing().name().toLowerCase(java.util.Locale.ROOT) + ")"),
                "names the missing layer: " + e.getMessage());
        assertTrue(e.getMessage().contains("shared-memory") || cause.missing() != RdmaUnavailableException.Missing.DEVICE,
                "a missing device points at the shm transport: " + e.getMessage());
        // The rendezvous port was released: a second attempt fails the same way, not with "address in use".
        ConfigException again = assertThrows(ConfigException.class,
                () -> ReplicaServer.start(config, 1, new ServerLog(log, 1), ShmReplicaNetwork::openConfigured));
        assertInstanceOf(RdmaUnavailableException.class, again.getCause());
    }

    @Test void threeReplicasReplicateOverRdma() throws Exception {
        skipUnless(NO_RDMA.isEmpty(), NO_RDMA.orElse(""));
        ClusterConfig config = config();
        PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        for (int id = 1; id <= 3; id++) servers.put(id, ReplicaServer.start(config, id, new ServerLog(log, id), ShmReplicaNetwork::openConfigured));
        try (DecreeClient client = ClusterClients.connect(config, config.tlsDir(), 1, new DecreeClient.Options(500, 30_000))) {
            assertNull(KvStateMachine.result(client.execute(KvCommand.put("k", "0").encode())));
            for (int i = 0; i < 20; i++)
                assertEquals("true", KvStateMachine.result(client.execute(KvCommand.cas("k", "" + i, "" + (i + 1)).encode())));
            var rings = ((ShmReplicaNetwork) servers.get(client.leader()).network()).rings().stats();
            assertTrue(rings.framesSent() > 0 && rings.framesReceived() > 0, rings.toString());
            assertEquals(0, rings.malformedFrames(), rings.toString());
        }
    }
}
