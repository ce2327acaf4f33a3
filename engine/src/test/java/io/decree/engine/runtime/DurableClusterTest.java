package io.decree.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.storage.FileAcceptorStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end on the file log: a 3-replica in-process cluster writes through FileAcceptorStorage,
 * is shut down whole, and a new cluster on the same directories recovers every acknowledged write.
 */
class DurableClusterTest {

    @Test
    void aWholeClusterRestartedOnItsFileLogsKeepsEveryAcknowledgedWrite(@TempDir Path dir) throws Exception {
        ReplicaOptions options = ReplicaOptions.defaults();
        try (InProcessCluster cluster = InProcessCluster.start(3, 7, options, RunnerOptions.defaults(7),
                id -> FileAcceptorStorage.open(dir.resolve("replica-" + id)))) {
            cluster.awaitLeader(5_000);
            for (int i = 0; i < 200; i++) cluster.execute(KvCommand.put("k" + (i % 10), "v" + i));
        }
        try (InProcessCluster restarted = InProcessCluster.start(3, 8, options, RunnerOptions.defaults(8),
                id -> FileAcceptorStorage.open(dir.resolve("replica-" + id)))) {
            restarted.awaitLeader(5_000);
            for (int k = 0; k < 10; k++)
                assertEquals("v" + (190 + k), restarted.execute(KvCommand.get("k" + k)), "key k" + k + " after a full restart");
            // And the log goes on from where it was.
            assertEquals("v199", restarted.execute(KvCommand.put("k9", "after")));
            assertEquals("after", restarted.execute(KvCommand.get("k9")));
        }
        InProcessClusterTest.assertNoRuntimeThreadsLeft();
    }
}
