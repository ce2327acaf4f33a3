package io.decree.faults;

import io.decree.engine.runtime.ClusterClient;
import io.decree.engine.runtime.InProcessCluster;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;

/** A {@link KvClient} session on an in-process cluster: tests the workload and history pipeline without processes. */
final class InProcessKvClient implements KvClient {
    private final ClusterClient session;
    private final long deadlineMillis;

    InProcessKvClient(InProcessCluster cluster, long deadlineMillis) {
        this.session = cluster.newClient();
        this.deadlineMillis = deadlineMillis;
    }

    private String run(KvCommand command) throws Exception {
        return KvStateMachine.result(session.execute(command.encode(), deadlineMillis));
    }

    @Override public String put(String key, String value) throws Exception { return run(KvCommand.put(key, value)); }

    @Override public String get(String key) throws Exception { return run(KvCommand.get(key)); }

    @Override public boolean cas(String key, String expected, String update) throws Exception {
        return Boolean.parseBoolean(run(KvCommand.cas(key, expected, update)));
    }
}
