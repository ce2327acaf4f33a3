package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Options are checked when they are built: each count and duration that must be positive is refused at 0
 * and below with a message naming it (most of them would otherwise pass every later check, a window of 0
 * for one, and stall the replica instead of failing at start), and the cross-field rules name both fields.
 */
class ReplicaOptionsTest {
    private static final ReplicaOptions D = ReplicaOptions.defaults();

    /** The defaults with field {@code name} set to {@code v} (the others as they are). */
    private static ReplicaOptions with(String name, long v) {
        int i = (int) v;
        return switch (name) {
            case "window" -> new ReplicaOptions(i, D.maxBatchCommands(), D.maxBatchBytes(), D.maxCommandBytes(), D.heartbeatInterval(), D.electionTimeoutMin(), D.electionTimeoutRange(), D.retransmitInterval(), D.requestTimeout(), D.maxCatchUpSlots(), D.leaseDuration(), D.maxClockDrift(), D.snapshotInterval(), D.snapshotChunkBytes());
            case "maxBatchCommands" -> new ReplicaOptions(D.window(), i, D.maxBatchBytes(), D.maxCommandBytes(), D.heartbeatInterval(), D.electionTimeoutMin(), D.electionTimeoutRange(), D.retransmitInterval(), D.requestTimeout(), D.maxCatchUpSlots(), D.leaseDuration(), D.maxClockDrift(), D.snapshotInterval(), D.snapshotChunkBytes());
            case "maxBatchBytes" -> new ReplicaOptions(D.window(), D.maxBatchCommands(), i, Math.min(D.maxCommandBytes(), Math.max(i, 1)), D.heartbeatInterval(), D.electionTimeoutMin(), D.electionTimeoutRange(), D.retransmitInterval(), D.requestTimeout(), D.maxCatchUpSlots(), D.leaseDuration(), D.maxClockDrift(), D.snapshotInterval(), D.snapshotChunkBytes());
            case "maxCommandBytes" -> new ReplicaOptions(D.window(), D.maxBatchCommands(), D.maxBatchBytes(), i, D.heartbeatInterval(), D.electionTimeoutMin(), D.electionTimeoutRange(), D.retransmitInterval(), D.requestTimeout(), D.maxCatchUpSlots(), D.leaseDuration(), D.maxClockDrift(), D.snapshotInterval(), D.snapshotChunkBytes());
            case "heartbeatInterval" -> new ReplicaOptions(D.window(), D.maxBatchCommands(), D.maxBatchBytes(), D.maxCommandBytes(), v, D.electionTimeoutMin(), D.electionTimeoutRange(), D.retransmitInterval(), D.requestTimeout(), D.maxCatchUpSlots(), D.leaseDuration(), D.maxClockDrift(), D.snapshotInterval(), D.snapshotChunkBytes());
            case "electionTimeoutMin" -> new ReplicaOptions(D.window(), D.maxBatchCommands(), D.maxBatchBytes(), D.maxCommandBytes(), D.heartbeatInterval(), v, D.electionTimeoutRange(), D.retransmitInterval(), D.requestTimeout(), D.maxCatchUpSlots(), D.leaseDuration(), D.maxClockDrift(), D.snapshotInterval(), D.snapshotChunkBytes());
            case "electionTimeoutRange" -> new ReplicaOptions(D.window(), D.maxBatchCommands(), D.maxBatchBytes(), D.maxCommandBytes(), D.heartbeatInterval(), D.electionTimeoutMin(), v, D.retransmitInterval(), D.requestTimeout(), D.maxCatchUpSlots(), D.leaseDuration(), D.maxClockDrift(), D.snapshotInterval(), D.snapshotChunkBytes());
            case "retransmitInterval" -> new ReplicaOptions(D.window(), D.maxBatchCommands(), D.maxBatchBytes(), D.maxCommandBytes(), D.heartbeatInterval(), D.electionTimeoutMin(), D.electionTimeoutRange(), v, D.requestTimeout(), D.maxCatchUpSlots(), D.leaseDuration(), D.maxClockDrift(), D.snapshotInterval(), D.snapshotChunkBytes());
            case "requestTimeout" -> D.withRequestTimeout(v);
            case "maxCatchUpSlots" -> new ReplicaOptions(D.window(), D.maxBatchCommands(), D.maxBatchBytes(), D.maxCommandBytes(), D.heartbeatInterval(), D.electionTimeoutMin(), D.electionTimeoutRange(), D.retransmitInterval(), D.requestTimeout(), i, D.leaseDuration(), D.maxClockDrift(), D.snapshotInterval(), D.snapshotChunkBytes());
            case "leaseDuration" -> new ReplicaOptions(D.window(), D.maxBatchCommands(), D.maxBatchBytes(), D.maxCommandBytes(), D.heartbeatInterval(), D.electionTimeoutMin(), D.electionTimeoutRange(), D.retransmitInterval(), D.requestTimeout(), D.maxCatchUpSlots(), v, D.maxClockDrift(), D.snapshotInterval(), D.snapshotChunkBytes());
            case "snapshotChunkBytes" -> D.withSnapshots(D.snapshotInterval(), i);
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void everyCountAndDurationThatMustBePositiveIsRefusedAtZeroAndBelowNamingIt() {
        for (String name : new String[] {"window", "maxBatchCommands", "maxBatchBytes", "maxCommandBytes", "heartbeatInterval", "electionTimeoutMin",
                "electionTimeoutRange", "retransmitInterval", "requestTimeout", "maxCatchUpSlots", "leaseDuration", "snapshotChunkBytes"}) {
            for (long bad : new long[] {0, -1}) {
                LongFunction<ReplicaOptions> build = v -> with(name, v);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build.apply(bad), name + " = " + bad);
                assertEquals(name + " must be positive, got " + bad, e.getMessage());
            }
        }
    }

    @Test
    void theCrossFieldRulesNameBothFields() {
        assertEquals("snapshotInterval must be >= 0 (0: no checkpoints), got -1",
                assertThrows(IllegalArgumentException.class, () -> D.withSnapshots(-1, 64)).getMessage());
        assertEquals(0, D.withSnapshots(0, 64).snapshotInterval(), "0: no checkpoints");
        assertEquals("maxClockDrift must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class, () -> D.withMaxClockDrift(1)).getMessage());
        assertEquals("maxClockDrift must be in [0, 1), got -0.01", assertThrows(IllegalArgumentException.class, () -> D.withMaxClockDrift(-0.01)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> D.withMaxClockDrift(Double.NaN), "NaN is no bound");
        assertEquals(0.0, D.withMaxClockDrift(0).maxClockDrift());
    }
}
