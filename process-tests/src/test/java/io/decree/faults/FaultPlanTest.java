package io.decree.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    @Test
    void sameSeedSameScheduleAndTheSeedIsPrinted() {
        FaultPlan a = FaultPlan.random(99, 12, true);
        assertEquals(a, FaultPlan.random(99, 12, true));
        assertNotEquals(a.faults(), FaultPlan.random(100, 12, true).faults());
        assertTrue(a.toString().startsWith("nemesis seed 99 (13 faults):"), a.toString());
    }

    @Test
    void aScheduleOfEightCoversEveryNetworkAndProcessFaultThenOneDiskFaultLast() {
        for (long seed = 0; seed < 20; seed++) {
            FaultPlan plan = FaultPlan.random(seed, 8, true);
            assertEquals(9, plan.faults().size());
            Set<FaultKind> first8 = plan.faults().subList(0, 8).stream().map(FaultPlan.Fault::kind).collect(Collectors.toSet());
            Set<FaultKind> expected = EnumSet.complementOf(EnumSet.of(FaultKind.DISK_FULL, FaultKind.DISK_READ_ONLY));
            assertEquals(expected, first8, plan.toString());
            assertTrue(plan.faults().getLast().kind().isDisk(), plan.toString());
        }
    }

    @Test
    void longSchedulesRepeatKindsEvenlyAndHoldNoDiskFaultBeforeTheEnd() {
        FaultPlan plan = FaultPlan.random(5, 200, true);
        assertEquals(201, plan.faults().size());
        for (FaultKind k : FaultKind.values()) {
            long n = plan.faults().stream().filter(f -> f.kind() == k).count();
            if (k.isDisk()) assertTrue(n <= 1);
            else assertTrue(n == 25, k + " appears " + n + " times in 200 (8 rounds of 25)");
        }
        assertTrue(plan.faults().subList(0, 200).stream().noneMatch(f -> f.kind().isDisk()));
        assertEquals(5, FaultPlan.random(5, 5, false).faults().size());
    }
}
