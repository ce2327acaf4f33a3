package io.decree.lin.lincheck;

import io.decree.engine.runtime.InProcessCluster;
import io.decree.engine.statemachine.KvCommand;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client API of a real 3-replica in-process cluster (three protocol threads, real elections, exactly-once
 * sessions) under concurrent put/get/cas/delete, against {@link KvSpec}. Stress mode only: the model checker
 * must control every thread and every source of nondeterminism, but the cluster runs its own protocol and
 * completion threads, parks with time-outs and reads the wall clock for ticks and elections; and the
 * interleavings of three replicas' message handling are far beyond exhaustive exploration (the deterministic
 * simulator in model-tests explores those schedules by seed instead).
 *
 * <p>One cluster serves every invocation (an election per invocation would take most of the run); each
 * invocation works in its own key space, so it starts from the empty store the specification starts from.
 */
public class ClusterKvLincheckTest {
    private static InProcessCluster cluster;
    private static final AtomicLong invocations = new AtomicLong();

    private final String space = "i" + invocations.incrementAndGet() + "/";

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = InProcessCluster.start(3, 0xC1_0057L);
        cluster.awaitLeader(10_000);
    }

    @AfterAll
    static void stopCluster() { cluster.close(); }

    private String key(int k) { return space + k; }

    @Operation
    public String put(@Param(gen = IntGen.class, conf = "1:2") int key, @Param(gen = IntGen.class, conf = "1:3") int value) throws Exception {
        return cluster.execute(KvCommand.put(key(key), Integer.toString(value)));
    }

    @Operation
    public String get(@Param(gen = IntGen.class, conf = "1:2") int key) throws Exception {
        return cluster.execute(KvCommand.get(key(key)));
    }

    @Operation
    public String delete(@Param(gen = IntGen.class, conf = "1:2") int key) throws Exception {
        return cluster.execute(KvCommand.delete(key(key)));
    }

    @Operation
    public String cas(@Param(gen = IntGen.class, conf = "1:2") int key, @Param(gen = IntGen.class, conf = "1:3") int expected,
                      @Param(gen = IntGen.class, conf = "1:3") int value) throws Exception {
        return cluster.execute(KvCommand.cas(key(key), Integer.toString(expected), Integer.toString(value)));
    }

    @Test
    void stress() {
        new StressOptions().sequentialSpecification(KvSpec.class)
                .threads(3).actorsPerThread(3)
                .iterations(Tier.pick(10, 50)).invocationsPerIteration(Tier.pick(100, 1_000))
                .check(getClass());
    }
}
