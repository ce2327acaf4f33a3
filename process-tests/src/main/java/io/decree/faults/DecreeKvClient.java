package io.decree.faults;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.statemachine.MalformedCommandException;
import io.decree.server.ClusterClients;
import io.decree.server.ClusterConfig;
import io.decree.server.ConfigLoader;
import java.nio.file.Path;

/**
 * A {@link KvClient} over a real {@link DecreeClient} session (TLS to every replica, leader discovery,
 * exactly-once retries, linearizable reads), as client certificate {@code client-1}; each instance is its own
 * session.
 */
public final class DecreeKvClient implements KvClient {
    /**
     * A time-out, a lost connection or any other error leaves the outcome unknown (the command may still
     * execute, once); only a command the replicas refused as malformed is a definite failure.
     */
    public static final OutcomeClassifier CLASSIFIER = failure -> failure instanceof MalformedCommandException
            ? OutcomeClassifier.Outcome.FAIL : OutcomeClassifier.Outcome.UNKNOWN;

    private final DecreeClient client;

    private DecreeKvClient(DecreeClient client) { this.client = client; }

    /** A new session on the cluster that {@code clientConfig} (real addresses) describes. */
    public static DecreeKvClient open(Path clientConfig, DecreeClient.Options options) {
        ClusterConfig config = ConfigLoader.load(clientConfig);
        return new DecreeKvClient(ClusterClients.connect(config, config.tlsDir(), 1, options));
    }

    @Override public String put(String key, String value) throws Exception {
        return KvStateMachine.result(client.execute(KvCommand.put(key, value).encode()));
    }

    @Override public String get(String key) throws Exception {
        return KvStateMachine.result(client.read(KvCommand.get(key).encode()));
    }

    @Override public boolean cas(String key, String expected, String update) throws Exception {
        return Boolean.parseBoolean(KvStateMachine.result(client.execute(KvCommand.cas(key, expected, update).encode())));
    }

    @Override public void close() { client.close(); }
}
