package io.decree.engine.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LamportClockTest {

    @Test
    void tickAdvancesAndReceiveJumpsPastTheRemoteClock() {
        LamportClock clock = new LamportClock();
        assertEquals(1, clock.tick());
        assertEquals(2, clock.tick());
        clock.receive(10);
        assertEquals(11, clock.current(), "max(2, 10) + 1");
        clock.receive(3);
        assertEquals(12, clock.current(), "a receipt from the past still advances: max(11, 3) + 1");
        assertEquals(13, clock.tick());
        assertThrows(IllegalArgumentException.class, () -> clock.receive(-1));
        assertThrows(IllegalArgumentException.class, () -> new LamportClock(-5));
    }

    /** A send's clock is below every event of the handler on the receiving side, whatever threads do. */
    @Test
    void concurrentTicksAndReceivesNeverRepeatAValueAndStayAboveEveryReceipt() throws InterruptedException {
        LamportClock clock = new LamportClock();
        int threads = 4, perThread = 20_000;
        List<long[]> drawn = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[perThread];
            drawn.add(mine);
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    if (id == 0 && i % 7 == 0) {
                        long remote = clock.current() + 5;
                        clock.receive(remote);
                        long after = clock.tick();
                        assertTrue(after > remote, "a tick after receive(" + remote + ") gave " + after);
                        mine[i] = after;
                    } else mine[i] = clock.tick();
                }
            });
            started.add(th);
            th.start();
        }
        go.countDown();
        for (Thread th : started) th.join();
        Set<Long> seen = new HashSet<>();
        for (long[] mine : drawn) {
            for (int i = 0; i < mine.length; i++) {
                assertTrue(seen.add(mine[i]), "clock value " + mine[i] + " drawn twice");
                if (i > 0) assertTrue(mine[i] > mine[i - 1], "a thread's ticks increase");
            }
        }
        assertEquals(threads * perThread, seen.size());
    }
}
