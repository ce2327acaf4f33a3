package io.decree.testkit;

import io.decree.engine.statemachine.StateMachine;
import io.decree.lin.CheckResult;
import io.decree.lin.LinearizabilityChecker;
import io.decree.lin.Model;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bring your own state machine: implement this on a JUnit 5 test class (optionally annotated
 * {@link StateMachineChecks}) and JUnit runs, per seed,
 * <ul>
 *   <li><b>linearizability</b>: concurrent simulated clients send generated commands; each is applied at an
 *       instant inside its interval, some outcomes are lost; the clients' history is checked against your
 *       {@link #model()} with Decree's linearizability checker;</li>
 *   <li><b>replicas and snapshots</b>: replicas apply the resulting log; one is restarted from snapshots of another
 *       again and again; results, digests and snapshots must agree, a truncated snapshot must be refused without a
 *       change, and your {@link #invariant} must hold after every command;</li>
 *   <li><b>the Paxos simulator</b> ({@link SimulatorCheck}): your state machine replicated by Decree's engine under
 *       faults, with snapshots installed by lagging replicas, every protocol invariant, equal digests, your invariant
 *       on every replica after every step, and the clients' history against your model; and, over all its seeds,
 *       at least one snapshot installed (else the snapshot path went unexercised, and the check says so).</li>
 * </ul>
 * A failure names its seed; {@code -Ddecree.seed=N} replays it alone.
 *
 * @param <S> the model's state
 */
public interface StateMachineContract<S> {

    /** A fresh instance of the state machine under test, in its initial state. */
    StateMachine newStateMachine();

    /** The next command {@code client} sends; use only {@code random} for choices, so runs replay. */
    byte[] nextCommand(SplittableRandom random, int client);

    /**
     * The sequential specification: inputs are commands, outputs results, as bytes. Its states must be immutable
     * values with {@code equals}/{@code hashCode}, see {@link Model}.
     */
    Model<S, byte[], byte[]> model();

    /** True for a read-only query, answered by {@link StateMachine#query} instead of being applied. */
    default boolean isQuery(byte[] command) {
        return false;
    }

    /** A property of the state that must hold after every command: null if it holds, else what is wrong. */
    default String invariant(StateMachine machine) {
        return null;
    }

    /** Readable command, for failure messages. */
    default String describeCommand(byte[] command) {
        return HexFormat.of().formatHex(command);
    }

    /** The checks, one dynamic test per seed and property. */
    @TestFactory
    default Stream<DynamicTest> decreeStateMachineChecks() {
        Settings settings = Settings.of(getClass());
        String only = System.getProperty("decree.seed");
        LongStream seeds = only != null ? LongStream.of(Long.parseLong(only)) : LongStream.rangeClosed(1, settings.seeds());
        List<DynamicTest> tests = new ArrayList<>();
        seeds.forEach(seed -> {
            tests.add(DynamicTest.dynamicTest("linearizable, seed " + seed, () -> checkLinearizable(settings, seed)));
            tests.add(DynamicTest.dynamicTest("replicas and snapshots agree, seed " + seed,
                    () -> checkReplicas(settings, seed)));
        });
        long[] simSeeds = only != null ? new long[] {Long.parseLong(only)} : LongStream.rangeClosed(1, settings.simulatorSeeds()).toArray();
        long[] snapshots = new long[1];
        for (long seed : simSeeds) {
            tests.add(DynamicTest.dynamicTest("Paxos simulator under faults, seed " + seed, () -> snapshots[0] += checkSimulated(seed)));
        }
        if (simSeeds.length > 1) {
            tests.add(DynamicTest.dynamicTest("the simulator installed snapshots", () -> {
                if (snapshots[0] == 0) {
                    throw new AssertionError("no simulator seed of 1.." + simSeeds.length + " installed a snapshot: the snapshot/restore"
                            + " path of your state machine went unexercised; raise @StateMachineChecks(simulatorSeeds)");
                }
            }));
        }
        return tests.stream();
    }

    /** One simulator seed; returns the snapshots it installed. */
    private long checkSimulated(long seed) {
        SimulatorCheck.Run run = SimulatorCheck.run(this, seed);
        if (!run.result().ok()) {
            throw new AssertionError("Paxos simulator, seed " + seed + " (replay: -Ddecree.seed=" + seed + "): "
                    + run.result().report());
        }
        return run.snapshotsInstalled();
    }

    private void checkLinearizable(Settings settings, long seed) {
        ClientRun run = ClientRun.generate(this, settings, seed);
        CheckResult<byte[], byte[]> result = LinearizabilityChecker.check(run.history(), model());
        switch (result) {
            case CheckResult.Linearizable<byte[], byte[]> ok -> { }
            case CheckResult.Violation<byte[], byte[]> v -> throw new AssertionError("seed " + seed
                    + " (replay: -Ddecree.seed=" + seed + "): the state machine's results are not linearizable with"
                    + " respect to the model:\n" + v.text());
            case CheckResult.Unknown<byte[], byte[]> u -> throw new AssertionError("seed " + seed
                    + ": the checker could not decide (" + u.summary() + "); lower @StateMachineChecks(operations)"
                    + " or unknownFraction");
        }
    }

    private void checkReplicas(Settings settings, long seed) {
        ClientRun run = ClientRun.generate(this, settings, seed);
        String broken = ReplicaRun.check(this, settings, run.log(), seed);
        if (broken != null) {
            throw new AssertionError("seed " + seed + " (replay: -Ddecree.seed=" + seed + "): " + broken);
        }
    }
}
