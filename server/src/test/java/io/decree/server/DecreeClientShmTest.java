package io.decree.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.ring.ShmStats;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code transport = "shm"} in the cluster file, as {@link ConfigWriter} writes it: three {@link ReplicaServer}s replicate over the shared-memory
 * rings while the client still speaks TCP with TLS; the client follows a new leader after the first shuts
 * down. A bad {@code transport} value is refused naming the key.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DecreeClientShmTest {
    @TempDir Path dir;
    private final Map<Integer, ReplicaServer> servers = new TreeMap<>();

    @AfterEach void stopAll() { servers.values().forEach(ReplicaServer::close); }

    private Path file(String transport) throws Exception {
        int[] ports = LocalCluster.freePorts(3);
        List<Member> members = new ArrayList<>();
        for (int id = 1; id <= 3; id++) members.add(new Member(id, "127.0.0.1", ports[id - 1]));
        ClusterCertificates.WRITER.write(dir.resolve("tls"), java.util.Set.of(1, 2, 3), java.util.Set.of(1L));
        Path file = dir.resolve("cluster.toml");
        TransportKind kind = TransportKind.parse(transport);
        String text = ConfigWriter.toml(members, "data", "tls", StorageKind.FILE, ReplicaOptions.defaults(), null,
                kind == null ? TransportKind.TCP : kind, "rings");
        // A name the writer cannot take (the refusal test) goes in by hand, in the writer's own line.
        if (kind == null) text = text.replace("transport = \"tcp\"", "transport = \"" + transport + "\"");
        Files.writeString(file, text);
        return file;
    }

    @Test void replicasTalkOverSharedMemoryAndClientsOverTcp() throws Exception {
        ClusterConfig config = ConfigLoader.load(file("shm"));
        assertEquals(TransportKind.SHM, config.transport());
        assertEquals(dir.resolve("rings"), config.shmDir());
        PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        for (int id = 1; id <= 3; id++) servers.put(id, ReplicaServer.start(config, id, new ServerLog(log, id), ShmReplicaNetwork::openConfigured));
        try (DecreeClient client = ClusterClients.connect(config, config.tlsDir(), 1, new DecreeClient.Options(500, 30_000))) {
            assertNull(KvStateMachine.result(client.execute(KvCommand.put("k", "0").encode())));
            for (int i = 0; i < 20; i++)
                assertEquals("true", KvStateMachine.result(client.execute(KvCommand.cas("k", "" + i, "" + (i + 1)).encode())));
            int first = client.leader();
            ShmStats.Report rings = ((ShmReplicaNetwork) servers.get(first).network()).rings().stats();
            assertTrue(rings.framesSent() > 0 && rings.framesReceived() > 0, rings.toString());
            assertEquals(0, rings.malformedFrames(), rings.toString());
            servers.remove(first).close();
            assertEquals("true", KvStateMachine.result(client.execute(KvCommand.cas("k", "20", "21").encode())));
            assertEquals("21", KvStateMachine.result(client.read(KvCommand.get("k").encode())));
            assertNotEquals(first, client.leader());
        }
    }

    @Test void anUnknownTransportIsRefusedNamingTheKey() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file("udp")));
        assertTrue(e.getMessage().contains("transport") && e.getMessage().contains("\"udp\"") && e.getMessage().contains("\"verbs\""), e.getMessage());
    }
}
