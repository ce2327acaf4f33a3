package io.decree.sim.cli;

import static io.decree.sim.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code ./decree simulate --faults storage}: replicas on the real file log, with storage faults; replays by seed. */
class StorageFaultsCliTest {

    @Test
    void storageFaultRunsReportTheirDiskEventsAndReplayExactly() {
        // The trace must show what each crash did to the disk, identically on a replay.
        String first = run(0, "simulate", "--seeds", "1", "--seed", "2", "--faults", "storage", "--trace");
        assertTrue(first.contains("faults on, with storage faults"), first);
        assertTrue(first.contains(" disk: "), first);
        assertTrue(first.contains("1 runs, 0 violations"), first);
        String replay = run(0, "simulate", "--seeds", "1", "--seed", "2", "--faults", "storage", "--trace");
        assertEquals(first.lines().filter(l -> l.startsWith("  t=")).toList(), replay.lines().filter(l -> l.startsWith("  t=")).toList());
    }

    @Test
    void anUnknownModeNamesTheStorageMode() {
        String text = run(2, "simulate", "--faults", "disk");
        assertTrue(text.contains("--faults takes 'none', 'default', 'storage' or 'swarm', got 'disk'"), text);
    }
}
