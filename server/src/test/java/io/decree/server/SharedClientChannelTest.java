package io.decree.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.client.DecreeClientChannel;
import io.decree.engine.protocol.ReplicaOptions;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many {@link DecreeClient} sessions over one {@link DecreeClientChannel} against three {@link ReplicaServer}s over
 * TCP with mutual TLS: their commands run concurrently on one connection per replica (replies matched by session
 * and sequence), every put is applied exactly once, and closing one session leaves the channel to the others.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedClientChannelTest {
    private static final int SESSIONS = 8, PUTS = 20;

    @TempDir Path dir;
    private final Map<Integer, ReplicaServer> servers = new TreeMap<>();

    @AfterEach
    void stopAll() {
        servers.values().forEach(ReplicaServer::close);
    }

    @Test
    void sessionsShareOneConnectionPerReplica() throws Exception {
        int[] ports = LocalCluster.freePorts(3);
        List<Member> members = new ArrayList<>();
        for (int id = 1; id <= 3; id++) members.add(new Member(id, "127.0.0.1", ports[id - 1]));
        ClusterCertificates.WRITER.write(dir.resolve("tls"), java.util.Set.of(1, 2, 3), java.util.Set.of(1L));
        Path file = dir.resolve("cluster.toml");
        Files.writeString(file, ConfigWriter.toml(members, "data", "tls", StorageKind.FILE, ReplicaOptions.defaults(), null));
        ClusterConfig config = ConfigLoader.load(file);
        PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        for (int id = 1; id <= 3; id++) servers.put(id, ReplicaServer.start(config, id, new ServerLog(log, id), TcpReplicaNetwork::open));

        DecreeClient.Options options = new DecreeClient.Options(1_000, 60_000);
        try (DecreeClientChannel channel = ClusterClients.channel(config, config.tlsDir(), 1)) {
            List<DecreeClient> sessions = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) sessions.add(DecreeClient.session(channel, ClusterClients.memberIds(config), options));
            // Every session appends to its own key from its own thread: all of them in flight on the same connections.
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                DecreeClient session = sessions.get(s);
                String key = "k" + s;
                runs.add(CompletableFuture.runAsync(() -> {
                    try {
                        // A put answers the value it replaced: each must see its predecessor, so none was lost or applied out of turn.
                        for (int i = 0; i < PUTS; i++)
                            assertEquals(i == 0 ? null : key + "-" + (i - 1), KvStateMachine.result(session.execute(KvCommand.put(key, key + "-" + i).encode())));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, r -> Thread.ofPlatform().start(r)));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(100, TimeUnit.SECONDS);

            int leader = sessions.getFirst().leader();
            TcpReplicaNetwork network = (TcpReplicaNetwork) servers.get(leader).network();
            assertEquals(1, network.transport().clientConnections(), "the sessions' requests reach the leader on one connection");
            for (int s = 0; s < SESSIONS; s++)
                assertEquals("k" + s + "-" + (PUTS - 1), KvStateMachine.result(sessions.get(s).read(KvCommand.get("k" + s).encode())));

            sessions.getFirst().close(); // a session's close leaves the shared channel open
            assertNull(KvStateMachine.result(sessions.get(1).execute(KvCommand.put("after", "close").encode())));
            assertEquals("close", KvStateMachine.result(sessions.get(2).read(KvCommand.get("after").encode())));
            assertEquals(1, network.transport().clientConnections());
        }
    }
}
