package io.decree.engine.runtime;

import static io.decree.engine.testing.Joins.joinWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Sequential behaviour and a concurrent smoke test; linearizability itself is Lincheck's job (module linearizability). */
class MpscQueueTest {

    @Test void fifoUpToCapacityThenRefusesThenWrapsAround() {
        MpscQueue<Integer> q = new MpscQueue<>(4);
        for (int round = 0; round < 3; round++) { // three laps of the ring
            for (int i = 0; i < 4; i++) assertTrue(q.offer(round * 10 + i));
            assertFalse(q.offer(99), "a full queue refuses");
            assertEquals(4, q.size());
            for (int i = 0; i < 4; i++) assertEquals(round * 10 + i, q.poll());
            assertNull(q.poll());
            assertTrue(q.isEmpty());
        }
    }

    @Test void drainStopsAtLimitAndKeepsOrder() {
        MpscQueue<Integer> q = new MpscQueue<>(8);
        for (int i = 0; i < 6; i++) q.offer(i);
        List<Integer> out = new ArrayList<>();
        assertEquals(4, q.drain(out::add, 4));
        assertEquals(List.of(0, 1, 2, 3), out);
        assertEquals(2, q.drain(out::add, 100));
        assertEquals(List.of(0, 1, 2, 3, 4, 5), out);
    }

    @Test void rejectsBadCapacityAndNullElements() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MpscQueue<>(6));
        assertTrue(e.getMessage().contains("power of two, got 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MpscQueue<>(0));
        assertThrows(NullPointerException.class, () -> new MpscQueue<Integer>(2).offer(null));
    }

    /** Four producers, one consumer, a small ring: nothing lost, nothing duplicated, each producer's order kept. */
    @Test void concurrentProducersLoseNothingAndKeepPerProducerOrder() throws Exception {
        int producers = 4, each = 20_000;
        MpscQueue<Long> q = new MpscQueue<>(64);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long id = p;
            Thread t = new Thread(() -> {
                try { go.await(); } catch (InterruptedException e) { return; }
                for (long i = 0; i < each; i++) while (!q.offer(id << 32 | i)) Thread.yield(); // 2 cores: let the consumer run
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        long[] next = new long[producers];
        int received = 0;
        while (received < producers * each) {
            Long v = q.poll();
            if (v == null) { Thread.yield(); continue; }
            int p = (int) (v >>> 32);
            assertEquals(next[p], v & 0xffffffffL, "producer " + p + " out of order or duplicated");
            next[p]++;
            received++;
        }
        for (Thread t : threads) joinWithin(t);
        assertNull(q.poll());
    }

}
