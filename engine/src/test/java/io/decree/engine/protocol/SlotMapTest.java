package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link SlotMap} against a {@code TreeMap} model: random puts, removals and removals below a slot, in dense
 * runs (the pipeline window, the learned prefix) and sparse ones (slots far apart), checking after every
 * operation the lowest and highest slot, the size, lookups, and the slot order of {@code forEachInOrder}.
 */
class SlotMapTest {

    @Test void agreesWithASortedMapUnderRandomOperations() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            // Half the seeds keep slots within 64 of each other, half spread them over a million.
            long spread = seed % 2 == 0 ? 64 : 1_000_000;
            SlotMap<String> map = new SlotMap<>();
            TreeMap<Long, String> model = new TreeMap<>();
            long base = 0;
            for (int op = 0; op < 2_000; op++) {
                int kind = random.nextInt(10);
                long slot = base + random.nextLong(spread);
                String where = "seed " + seed + ", op " + op;
                if (kind < 6) assertEquals(model.put(slot, "v" + op), map.put(slot, "v" + op), where + ": put " + slot);
                else if (kind < 9) assertEquals(model.remove(slot), map.remove(slot), where + ": remove " + slot);
                else {
                    long below = base + random.nextLong(spread / 2 + 1);
                    List<String> removed = new ArrayList<>();
                    map.removeBelow(below, removed::add);
                    List<String> expected = new ArrayList<>(model.headMap(below, false).values());
                    model.headMap(below, false).clear();
                    removed.sort(null);
                    expected.sort(null);
                    assertEquals(expected, removed, where + ": removed below " + below);
                    base = below;
                }
                check(model, map, where);
            }
        }
    }

    @Test void emptyMapHasNoFirstOrLastSlot() {
        SlotMap<String> map = new SlotMap<>();
        assertThrows(NoSuchElementException.class, map::firstKey);
        assertThrows(NoSuchElementException.class, map::lastKey);
        map.put(7, "x");
        map.remove(7);
        assertThrows(NoSuchElementException.class, map::firstKey);
        map.put(3, "y");
        map.removeBelow(Long.MAX_VALUE, null);
        assertEquals(0, map.size());
        assertThrows(NoSuchElementException.class, map::lastKey);
    }

    private static void check(TreeMap<Long, String> model, SlotMap<String> map, String where) {
        assertEquals(model.size(), map.size(), where + ": size");
        assertEquals(model.isEmpty(), map.isEmpty(), where + ": empty");
        if (!model.isEmpty()) {
            assertEquals(model.firstKey(), map.firstKey(), where + ": first slot");
            assertEquals(model.lastKey(), map.lastKey(), where + ": last slot");
        }
        List<Map.Entry<Long, String>> inOrder = new ArrayList<>();
        map.forEachInOrder((slot, value) -> inOrder.add(Map.entry(slot, value)));
        assertEquals(new ArrayList<>(model.entrySet()), inOrder, where + ": slot order");
        for (Map.Entry<Long, String> e : model.entrySet()) assertEquals(e.getValue(), map.get(e.getKey()), where + ": get " + e.getKey());
    }
}
