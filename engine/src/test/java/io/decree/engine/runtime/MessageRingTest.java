package io.decree.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link MessageRing}: the single-threaded contract (order, capacity, refusal when full, references
 * released), and a stress test with several producer threads against one consumer on a ring much smaller
 * than the traffic (16 slots, 90,000 messages), so it wraps thousands of times and is full often. Every field of a message is derived
 * from its producer and sequence, so a torn read (a field from another lap), a lost or duplicated message
 * or a reordering within one producer fails the test. Threads are awaited by latches and joins, never by
 * sleeping.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageRingTest {

    @Test void takesMessagesInOrderAndRefusesWhenFull() {
        MessageRing ring = new MessageRing(4);
        Object ref = new Object();
        for (int i = 0; i < 4; i++) assertTrue(ring.offer(i, i + 1, 10L * i, 20L * i, 30L * i, i == 2 ? ref : null, 40L * i), "offer " + i);
        assertFalse(ring.offer(9, 9, 9, 9, 9, null, 9), "a full ring refuses");
        assertEquals(4, ring.size());
        List<long[]> taken = new ArrayList<>();
        Object[] seenRef = new Object[4];
        assertEquals(3, ring.drain((from, kind, a, b, c, r, at) -> {
            seenRef[from] = r;
            taken.add(new long[] {from, kind, a, b, c, at});
        }, 3));
        for (int i = 0; i < 3; i++) assertEquals(List.of((long) i, (long) i + 1, 10L * i, 20L * i, 30L * i, 40L * i), boxed(taken.get(i)));
        assertSame(ref, seenRef[2]);
        assertTrue(ring.offer(5, 6, 7, 8, 9, null, 10), "room again after a drain");
        assertEquals(2, ring.drain((from, kind, a, b, c, r, at) -> taken.add(new long[] {from, kind, a, b, c, at}), 10));
        assertEquals(List.of(3L, 4L, 30L, 60L, 90L, 120L), boxed(taken.get(3)));
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), boxed(taken.get(4)));
        assertTrue(ring.isEmpty());
        assertEquals(0, ring.drain((from, kind, a, b, c, r, at) -> { throw new AssertionError("nothing to take"); }, 10));
    }

    @Test void consumedSlotsDropTheirReferences() throws Exception {
        MessageRing ring = new MessageRing(2);
        ring.offer(1, 1, 0, 0, 0, new byte[8], 0);
        ring.drain((from, kind, a, b, c, r, at) -> { }, 1);
        java.lang.reflect.Field refs = MessageRing.class.getDeclaredField("ref");
        refs.setAccessible(true);
        for (Object o : (Object[]) refs.get(ring)) assertNull(o, "a consumed slot still holds its reference");
    }

    @Test void refusesACapacityThatIsNotAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new MessageRing(6));
        assertThrows(IllegalArgumentException.class, () -> new MessageRing(0));
    }

    @Test void manyProducersOneConsumerLoseNothingAndKeepEachProducersOrder() throws Exception {
        int producers = 3, perProducer = 30_000;
        MessageRing ring = new MessageRing(16);
        Object[] tokens = new Object[producers];
        for (int p = 0; p < producers; p++) tokens[p] = "producer-" + p;
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong refusals = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (long seq = 0; seq < perProducer; seq++) {
                        while (!ring.offer(id, (int) (seq % 7), seq, seq * 31 + id, ~seq, tokens[id], seq ^ id)) {
                            refusals.incrementAndGet();
                            Thread.yield(); // full: let the consumer run (2 cores, many threads)
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "ring-producer-" + p);
            t.start();
            threads.add(t);
        }
        long[] next = new long[producers];
        long[] received = {0};
        String[] problem = {null};
        MessageRing.Consumer check = (from, kind, a, b, c, ref, at) -> {
            received[0]++;
            if (problem[0] != null) return;
            long seq = next[from]++;
            if (a != seq || kind != (int) (seq % 7) || b != seq * 31 + from || c != ~seq || at != (seq ^ from) || ref != tokens[from])
                problem[0] = "producer " + from + " message " + seq + ": got kind " + kind + " a " + a + " b " + b + " c " + c + " at " + at + " ref " + ref;
        };
        go.countDown();
        long total = (long) producers * perProducer;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
        while (received[0] < total && failure.get() == null) {
            if (ring.drain(check, 5) == 0) Thread.yield();
            if (System.nanoTime() > deadline) throw new AssertionError("received " + received[0] + " of " + total);
        }
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(10));
        assertNull(failure.get(), () -> "a producer failed: " + failure.get());
        assertNull(problem[0], problem[0]);
        assertEquals(total, received[0]);
        for (int p = 0; p < producers; p++) assertEquals(perProducer, next[p], "messages taken from producer " + p);
        assertTrue(ring.isEmpty(), "nothing left over");
        assertEquals(0, ring.drain(check, 10), "nothing duplicated after the last message");
        System.out.println("MessageRingTest: " + total + " messages through 16 slots, " + refusals.get() + " refusals while full");
    }

    private static List<Long> boxed(long[] values) {
        List<Long> out = new ArrayList<>();
        for (long v : values) out.add(v);
        return out;
    }
}
