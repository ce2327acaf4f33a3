package io.decree.server;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.client.DecreeClientChannel;
import io.decree.engine.net.NetOptions;
import io.decree.engine.net.tls.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A {@link DecreeClient} for the cluster a {@link ClusterConfig} describes, as client {@code client-<id>}. */
public final class ClusterClients {
    private ClusterClients() {}

    public static DecreeClient connect(ClusterConfig config, Path tlsDir, long clientId) {
        return connect(config, tlsDir, clientId, DecreeClient.Options.defaults());
    }

    public static DecreeClient connect(ClusterConfig config, Path tlsDir, long clientId, DecreeClient.Options options) {
        return new DecreeClient(channel(config, tlsDir, clientId), memberIds(config), DecreeClient.newSessionId(), options);
    }

    /**
     * A channel to the cluster's replicas as client {@code client-<id>} (one TLS connection per replica, opened
     * on first use), for many sessions to share ({@link DecreeClient#session}); the caller closes it after them.
     */
    public static DecreeClientChannel channel(ClusterConfig config, Path tlsDir, long clientId) {
        for (Path file : TlsLayout.of(tlsDir).clientFiles(clientId))
            if (!Files.isRegularFile(file))
                throw new ConfigException(config.source().toString(), "tls_dir", "missing " + file + " for client " + clientId
                        + " (`decree certs --dir " + tlsDir + " --replicas " + Preflight.ids(config) + " --clients " + clientId + "` writes it)");
        TlsConfig tls;
        try {
            tls = TlsConfig.load(tlsDir, TlsLayout.client(clientId));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(config.source().toString(), "tls_dir", "cannot load client-" + clientId + "'s certificate from " + tlsDir + ": " + e.getMessage(), e);
        }
        Map<Integer, InetSocketAddress> members = new HashMap<>();
        for (Member m : config.members()) members.put(m.id(), m.address());
        return new DecreeClientChannel(tls, members, NetOptions.defaults());
    }

    /** The members' ids, in order: the replicas a session asks. */
    public static int[] memberIds(ClusterConfig config) {
        return config.members().stream().mapToInt(Member::id).sorted().toArray();
    }
}
