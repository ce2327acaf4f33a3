package io.decree.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.statemachine.MalformedCommandException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DecreeClient} against three {@link ReplicaServer}s in this JVM, over {@code TcpTransport} with mutual
 * TLS on loopback and durable file storage: it finds the leader, runs puts, compare-and-sets and linearizable
 * reads, follows a new leader after the old one shuts down, and times out with a clear message when no
 * quorum is left. Waits are conditions with deadlines.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DecreeClientTcpTest {
    @TempDir Path dir;
    private final Map<Integer, ReplicaServer> servers = new TreeMap<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @AfterEach
    void stopAll() {
        servers.values().forEach(ReplicaServer::close);
    }

    private ClusterConfig cluster() throws Exception {
        int[] ports = LocalCluster.freePorts(3);
        List<Member> members = new ArrayList<>();
        for (int id = 1; id <= 3; id++) members.add(new Member(id, "127.0.0.1", ports[id - 1]));
        ClusterCertificates.WRITER.write(dir.resolve("tls"), java.util.Set.of(1, 2, 3), java.util.Set.of(1L));
        Path file = dir.resolve("cluster.toml");
        Files.writeString(file, ConfigWriter.toml(members, "data", "tls", StorageKind.FILE, ReplicaOptions.defaults(), null));
        ClusterConfig config = ConfigLoader.load(file);
        // Kept for the assertions and echoed to stderr, where a failing run's report shows the leader changes.
        PrintStream log = new PrintStream(new java.io.OutputStream() {
            @Override public void write(int b) { logs.write(b); System.err.write(b); }

            @Override public void write(byte[] b, int off, int len) { logs.write(b, off, len); System.err.write(b, off, len); }
        }, true, StandardCharsets.UTF_8);
        for (int id = 1; id <= 3; id++) servers.put(id, ReplicaServer.start(config, id, new ServerLog(log, id), TcpReplicaNetwork::open));
        return config;
    }

    private OptionalInt leader() {
        return servers.values().stream().filter(s -> s.runner().isLeader())
                .max(java.util.Comparator.comparingLong(s -> s.runner().ballot())).map(s -> OptionalInt.of(s.id())).orElse(OptionalInt.empty());
    }

    private static String run(DecreeClient client, KvCommand command) throws Exception {
        byte[] result = command.op() == KvCommand.Op.GET ? client.read(command.encode()) : client.execute(command.encode());
        return KvStateMachine.result(result);
    }

    @Test
    void findsTheLeaderFollowsItAcrossAChangeAndTimesOutWithoutAQuorum() throws Exception {
        ClusterConfig config = cluster();
        try (DecreeClient client = ClusterClients.connect(config, config.tlsDir(), 1, new DecreeClient.Options(500, 30_000))) {
            assertNull(run(client, KvCommand.put("k", "0")));
            for (int i = 0; i < 5; i++) assertEquals("true", run(client, KvCommand.cas("k", "" + i, "" + (i + 1))));
            assertEquals("false", run(client, KvCommand.cas("k", "0", "x")));
            assertEquals("5", run(client, KvCommand.get("k")));
            assertThrows(MalformedCommandException.class, () -> client.execute(new byte[] {42}));

            int first = client.leader();
            assertEquals(OptionalInt.of(first), leader(), "the client names the replica that answered as leader");
            servers.remove(first).close(); // graceful: stops accepting, stops the protocol thread, closes storage
            for (int i = 5; i < 10; i++) assertEquals("true", run(client, KvCommand.cas("k", "" + i, "" + (i + 1))));
            assertEquals("10", run(client, KvCommand.get("k")));
            assertNotEquals(first, client.leader());
            assertTrue(servers.containsKey(client.leader()));
        }
        String log = logs.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("event=shutdown replica=") && log.contains("clean=true"), log);

        // One replica of three is no quorum: a command gets no outcome, and the time-out says what was tried.
        servers.remove(servers.keySet().iterator().next()).close();
        try (DecreeClient client = ClusterClients.connect(config, config.tlsDir(), 1, new DecreeClient.Options(300, 2_000))) {
            TimeoutException e = assertThrows(TimeoutException.class, () -> client.execute(KvCommand.put("k", "lost?").encode()));
            assertTrue(e.getMessage().contains("no replica answered as leader") && e.getMessage().contains("replica "), e.getMessage());
        }
    }
}
