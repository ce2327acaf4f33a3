package io.decree.perf.load.peers;

import io.decree.perf.load.target.KvConnection;
import io.decree.perf.load.target.KvTarget;
import io.decree.perf.load.target.TempDirs;
import io.decree.server.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

/**
 * Apache Ratis 3.2 as a peer: three {@link RaftServer}s in this JVM on loopback gRPC ports, each with its durable
 * segmented RAFT log in its own temporary directory, running {@link RatisKvStateMachine}.
 *
 * <p>Configuration (docs/perf.md, "Side by side", says why): Ratis's defaults, which its documentation
 * presents as the production settings (gRPC transport; the log flushed with fsync before a server
 * acknowledges, {@code raft.server.log.unsafe-flush.enabled=false}; fsyncs batched up to
 * {@code raft.server.log.force.sync.num=128} entries; 64 KiB write buffer), except two settings chosen to match
 * Decree's run: election time-outs of 500-1,000 ms (Decree's {@code LOCAL_OPTIONS}; Ratis's 150-300 ms default
 * elects spuriously on a loaded 2-core machine) and linearizable reads ({@code raft.server.read.option=LINEARIZABLE}:
 * Decree's reads are linearizable, Ratis's default reads at the leader without a read index).
 */
public final class RatisTarget implements KvTarget {
    private static final int SIZE = 3;
    private static final TimeDuration REQUEST_TIMEOUT = TimeDuration.valueOf(3, TimeUnit.SECONDS);

    private final List<RaftServer> servers = new ArrayList<>();
    private Path dir;
    private RaftGroup group;
    private RaftProperties clientProperties;

    @Override public String name() { return "ratis"; }

    @Override public String describe() {
        return "Apache Ratis 3.2.2, 3 servers in one JVM over loopback gRPC, durable segmented log (fsync), "
                + "election time-outs 500-1000 ms, linearizable reads; otherwise defaults";
    }

    @Override public void start() throws Exception {
        dir = Files.createTempDirectory("decree-load-ratis-");
        int[] ports = LocalCluster.freePorts(SIZE);
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < SIZE; i++)
            peers.add(RaftPeer.newBuilder().setId(RaftPeerId.valueOf("n" + i)).setAddress("127.0.0.1:" + ports[i]).build());
        group = RaftGroup.valueOf(RaftGroupId.valueOf(UUID.nameUUIDFromBytes("decree-load".getBytes())), peers);
        for (int i = 0; i < SIZE; i++) {
            RaftProperties p = new RaftProperties();
            RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
            GrpcConfigKeys.Server.setPort(p, ports[i]);
            RaftServerConfigKeys.setStorageDir(p, List.of(dir.resolve("n" + i).toFile()));
            RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(500, TimeUnit.MILLISECONDS));
            RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(1_000, TimeUnit.MILLISECONDS));
            RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
            RaftServer server = RaftServer.newBuilder().setServerId(peers.get(i).getId()).setGroup(group).setProperties(p)
                    .setStateMachine(new RatisKvStateMachine()).setOption(RaftStorage.StartupOption.FORMAT).build();
            server.start();
            servers.add(server);
        }
        clientProperties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(clientProperties, SupportedRpcType.GRPC);
        RaftClientConfigKeys.Rpc.setRequestTimeout(clientProperties, REQUEST_TIMEOUT);
        // The first put returns once a leader is elected and the group commits: that is "can serve".
        try (KvConnection c = connect()) {
            c.put("ratis-ready", "1");
        }
    }

    @Override public KvConnection connect() {
        RaftClient client = RaftClient.newBuilder().setProperties(clientProperties).setRaftGroup(group)
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(30, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
        return new KvConnection() {
            @Override public void put(String key, String value) throws Exception {
                check(client.io().send(Message.valueOf(ByteString.copyFrom(KvCodec.put(key, value)))));
            }

            @Override public String get(String key) throws Exception {
                return KvCodec.value(check(client.io().sendReadOnly(Message.valueOf(ByteString.copyFrom(KvCodec.get(key))))));
            }

            @Override public void close() {
                try {
                    client.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    private static byte[] check(RaftClientReply reply) throws Exception {
        if (!reply.isSuccess()) throw reply.getException() != null ? reply.getException() : new IllegalStateException("Ratis: no success");
        return reply.getMessage().getContent().toByteArray();
    }

    @Override public void close() throws Exception {
        Exception first = null;
        for (RaftServer s : servers) {
            try {
                s.close();
            } catch (Exception e) {
                if (first == null) first = e;
            }
        }
        servers.clear();
        TempDirs.deleteTree(dir);
        if (first != null) throw first;
    }
}
