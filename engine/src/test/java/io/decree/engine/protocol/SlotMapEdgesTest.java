package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * {@link SlotMap}'s paths the random model test ({@link SlotMapTest}) rarely or never takes: removing the highest
 * slot of a sparse map (the key scan of {@code previousHeld}), {@code clear}, and the promise that a walk in slot
 * order over a dense map allocates nothing, checked at the edge of what "dense" means.
 */
class SlotMapEdgesTest {

    @Test void removingTheHighestSlotOfASparseMapFindsTheNextHighestByScanningTheKeys() {
        SlotMap<String> map = new SlotMap<>();
        // Three slots a million apart: stepping down from the top would cost a million steps, so the map scans.
        map.put(0, "a");
        map.put(1_000_000, "b");
        map.put(2_000_000, "c");
        assertEquals("c", map.remove(2_000_000));
        assertEquals(1_000_000, map.lastKey());
        assertEquals(0, map.firstKey());
        assertEquals("b", map.remove(1_000_000));
        assertEquals(0, map.lastKey());
    }

    @Test void clearForgetsEverySlot() {
        SlotMap<String> map = new SlotMap<>();
        map.put(5, "a");
        map.put(9, "b");
        map.clear();
        assertTrue(map.isEmpty());
        assertEquals(0, map.size());
        assertNull(map.get(5));
        assertThrows(NoSuchElementException.class, map::firstKey);
        // A put after the clear starts the bounds afresh (not from the cleared 5..9).
        map.put(100, "c");
        assertEquals(100, map.firstKey());
        assertEquals(100, map.lastKey());
    }

    /**
     * "Dense" is a span of at most four steps per held slot plus 64: such a map is walked slot by slot, which
     * allocates nothing, where a sparse one copies and sorts its keys (a {@code long[]} of its size per walk).
     * The map here is exactly on that edge, away from slot 0 so that a span computed from the wrong ends shows.
     */
    @Test void aWalkInSlotOrderOverADenseMapAllocatesNothing() {
        int held = 1_000;
        long base = 1_000_000;
        SlotMap<Long> map = new SlotMap<>();
        for (long s = 0; s < held - 1; s++) map.put(base + s, s);
        long top = base + 4L * held + 64 - 1; // span [base, top] = 4 * held + 64 slots
        map.put(top, -1L);
        Sum sum = new Sum();
        for (int i = 0; i < 200; i++) map.forEachInOrder(sum); // warm up, so the measured walks run compiled code too
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int walks = 100;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < walks; i++) map.forEachInOrder(sum);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // A sorted walk would take 100 arrays of 1,000 longs (800 kB); allow a little for the measurement itself.
        assertTrue(allocated < 8L * held, "walks over a dense map allocated " + allocated + " bytes");
        assertEquals(held, sum.count / (200 + walks), "every slot visited on each walk");
        assertEquals(top, sum.lastSlot, "the walk ends at the highest slot");
    }

    /** Counts what a walk visits and checks the order, without allocating. */
    private static final class Sum implements SlotMap.SlotConsumer<Long> {
        long count, lastSlot = -1;

        @Override public void accept(long slot, Long value) {
            if (count % 1_000 != 0 && slot <= lastSlot) throw new AssertionError("slot " + slot + " after " + lastSlot);
            count++;
            lastSlot = slot;
        }
    }
}
