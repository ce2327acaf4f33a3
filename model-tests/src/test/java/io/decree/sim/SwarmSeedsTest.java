package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.ContractContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Swarm testing with the adversarial fault kinds (issue #16): each seed draws which fault kinds are on
 * (crashes, isolation, partitions, clock jumps, loss, duplication, hold-backs and replays across elections,
 * rude clients, drift at the corners of the bound) and how hard, and every invariant must hold, the new
 * ones (ChosenByQuorum, CompactionFloor, SessionReply, LeaseBackedByGrants) included. The correct engine
 * must pass all of them: a check that fires on it is a false alarm, and the mutants it is meant to catch
 * would prove nothing. The runs must also have exercised every kind: a swarm that never held a message back
 * or resent an old request would pass for nothing. Default tier: 1,000 + 300 + 100 + 100 seeds;
 * {@code -Dtier=long}: 20,000 + 5,000 + 1,000 + 1,000.
 */
class SwarmSeedsTest {

    @Test
    void threeReplicas() { run("3 replicas", SimConfig.defaults(), Tier.seeds(1_000, 20_000)); }

    @Test
    void leaseReadsAtTheCornersOfTheDriftBound() { run("lease reads", SimConfig.defaults().withLeaseReads(0.3), Tier.seeds(300, 5_000)); }

    @Test
    void fiveReplicas() { run("5 replicas", SimConfig.defaults().withReplicas(5), Tier.seeds(100, 1_000)); }

    @Test
    void snapshotsAndStateTransfer() { run("snapshots", SimConfig.defaults().withSnapshots(MutantShapes.SNAPSHOT_INTERVAL), Tier.seeds(100, 1_000)); }

    private static void run(String shape, SimConfig config, int seeds) {
        List<String> failures = new ArrayList<>();
        Set<String> kindsSeen = new HashSet<>();
        long held = 0, replayed = 0, rude = 0, checked = 0, committed = 0, start = System.nanoTime();
        for (long seed = 1; seed <= seeds; seed++) {
            FaultSchedule schedule = FaultSchedule.swarm(seed, config);
            kindsSeen.addAll(schedule.adversary().swarm());
            Simulation sim = new Simulation(seed, config, schedule);
            SimResult r = ContractContext.with("swarm seed " + seed + ", " + shape, sim::run);
            held += sim.heldMessages();
            replayed += sim.replayedMessages();
            rude += sim.rudeRequests();
            checked += sim.rudeRepliesChecked();
            committed += r.committedOps();
            if (!r.ok()) {
                failures.add(r.report());
                if (failures.size() == 3) break;
            }
        }
        System.out.printf(Locale.ROOT, "swarm, %s: %d seeds, %d violations, %d ops committed; %d messages held across elections, %d replayed late, "
                        + "%d rude requests, %d repeat answers checked; kinds drawn: %s; %.1f s wall%n",
                shape, seeds, failures.size(), committed, held, replayed, rude, checked, kindsSeen, (System.nanoTime() - start) / 1e9);
        assertEquals(List.of(), failures, "violations:\n" + String.join("\n", failures));
        assertTrue(held > 0 && replayed > 0 && rude > 0 && checked > 0, "every adversarial kind must have acted");
        assertTrue(kindsSeen.containsAll(List.of("hold", "replay", "rude", "drift-corners")), "swarm drew " + kindsSeen);
    }
}
