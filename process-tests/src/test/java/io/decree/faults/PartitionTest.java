package io.decree.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PartitionTest {
    private static final List<Integer> FIVE = List.of(1, 2, 3, 4, 5);

    /** Connected components of the replicas under the partition. */
    private static List<Set<Integer>> components(Partition p, List<Integer> ids) {
        List<Set<Integer>> out = new ArrayList<>();
        Set<Integer> seen = new TreeSet<>();
        for (int start : ids) {
            if (!seen.add(start)) continue;
            Set<Integer> comp = new TreeSet<>(Set.of(start));
            ArrayList<Integer> todo = new ArrayList<>(List.of(start));
            while (!todo.isEmpty()) {
                int a = todo.removeLast();
                for (int b : ids) if (a != b && !p.cuts(a, b) && seen.add(b)) { comp.add(b); todo.add(b); }
            }
            out.add(comp);
        }
        return out;
    }

    @Test
    void majorityMinorityLeavesExactlyOneMajorityCutOffFromTheRest() {
        for (long seed = 0; seed < 50; seed++) {
            Partition p = Partition.majorityMinority(FIVE, new SplittableRandom(seed));
            List<Set<Integer>> comps = components(p, FIVE);
            assertEquals(2, comps.size(), p.toString());
            assertTrue(comps.stream().anyMatch(c -> c.size() == 3) && comps.stream().anyMatch(c -> c.size() == 2), p + " " + comps);
            assertEquals(6, p.cutPairs().size(), "3 x 2 pairs cut: " + p);
        }
    }

    @Test
    void isolateCutsOneReplicaFromAllOthers() {
        Partition p = Partition.isolate(2, FIVE);
        for (int other : FIVE) if (other != 2) assertTrue(p.cuts(2, other) && p.cuts(other, 2));
        assertFalse(p.cuts(1, 3));
        assertEquals(2, components(p, FIVE).size());
        assertThrows(IllegalArgumentException.class, () -> Partition.isolate(9, FIVE));
    }

    @Test
    void bridgeKeepsEveryoneConnectedThroughOneReplicaThatSeesAll() {
        for (long seed = 0; seed < 50; seed++) {
            Partition p = Partition.bridge(FIVE, new SplittableRandom(seed));
            assertEquals(1, components(p, FIVE).size(), "a bridge leaves the graph connected: " + p);
            int seesAll = 0;
            for (int a : FIVE) {
                boolean all = true;
                for (int b : FIVE) if (a != b && p.cuts(a, b)) all = false;
                if (all) seesAll++;
            }
            assertEquals(1, seesAll, "exactly one bridge replica: " + p);
            assertEquals(4, p.cutPairs().size(), "2 x 2 pairs cut: " + p);
        }
        Partition three = Partition.bridge(List.of(1, 2, 3), new SplittableRandom(7));
        assertEquals(1, three.cutPairs().size(), three.toString());
    }

    @Test
    void sameSeedSamePartition() {
        assertEquals(Partition.bridge(FIVE, new SplittableRandom(3)), Partition.bridge(FIVE, new SplittableRandom(3)));
        assertEquals(Partition.majorityMinority(FIVE, new SplittableRandom(3)), Partition.majorityMinority(FIVE, new SplittableRandom(3)));
    }
}
