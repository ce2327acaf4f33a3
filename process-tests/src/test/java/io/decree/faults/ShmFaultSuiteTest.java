package io.decree.faults;

import io.decree.server.TransportKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CI's short run of the fault suite with replicas on the shared-memory ring transport (issue 12): three replica
 * processes, a schedule of what shm can suffer (the leader isolated by revoking writers at the memory level, the
 * leader killed and restarted, a follower paused, every link delayed), then one disk fault; the same verdict
 * as over TCP (linearizable, no acknowledged write lost, progress after every heal, traces valid against the
 * spec) plus the receivers' logged revocations. The full schedules, majority/minority and bridge partitions
 * included, run with {@code -Dtransport=shm} on {@link FaultSuiteTest} ({@code -Dtier=long} for 200 faults).
 *
 * <p>Clients are paced ({@value #RATE} operations a second each, unless {@code -Dfaults.rate} says otherwise):
 * unpaced, the rings serve about 200 operations a second here, and validating the traces of 29,000 operations
 * took longer than the faults (over 10 minutes at load 35), which CI's time budget cannot take.
 */
class ShmFaultSuiteTest {
    private static final List<FaultKind> SCHEDULE = List.of(FaultKind.ISOLATE_LEADER, FaultKind.KILL_LEADER,
            FaultKind.PAUSE_FOLLOWER, FaultKind.DELAY);
    private static final double RATE = 10;

    @Test
    void threeReplicasOverSharedMemory() throws Exception {
        double rate = System.getProperty("faults.rate", "").isBlank() ? RATE : FaultSuiteTest.pace();
        FaultSuiteTest.run(3, FaultPlan.listed(FaultSuiteTest.seed(20261204L), SCHEDULE, true), TransportKind.SHM, false, rate);
    }
}
