package io.decree.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.perf.load.target.KvConnection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Worker#startAsync}, the closed loop on an asynchronous client, against fake connections: commands that
 * complete at once must not deepen the stack (a recursive loop overflows long before 200,000 commands), and the
 * bookkeeping is the blocking loop's: a put that failed may still have been applied, and a read of anything else
 * than the last acknowledged value (or such a possibly-applied one) is a stale read.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerAsyncTest {
    private final Recorder latency = new Recorder(3);
    private final LongAdder errors = new LongAdder(), stale = new LongAdder();

    @Test void commandsThatCompleteAtOnceLoopWithoutRecursion() throws Exception {
        int commands = 200_000;
        Map<String, String> store = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        Worker[] self = new Worker[1];
        KvConnection immediate = new FakeConnection(store) {
            @Override public CompletableFuture<Void> putAsync(String key, String value) {
                if (sent.incrementAndGet() == commands) self[0].stop();
                store.put(key, value);
                return CompletableFuture.completedFuture(null);
            }
        };
        Worker w = self[0] = new Worker(1, 0, immediate, 16, 0, 3, latency, errors, stale, 42);
        Thread t = Thread.ofPlatform().stackSize(256 * 1024).start(w::startAsync); // a small stack: recursion would overflow it
        assertTrue(w.finished().await(50, TimeUnit.SECONDS), "the loop did not finish");
        t.join();
        assertEquals(commands, latency.getIntervalHistogram().getTotalCount(), "one latency per command");
        assertEquals(0, errors.sum());
        Worker.Check check = w.verify();
        assertEquals(3, check.verified());
        assertTrue(check.lost().isEmpty() && check.unreadable().isEmpty(), check.toString());
    }

    @Test void failuresAndStaleReadsAreCountedAsInTheBlockingLoop() throws Exception {
        ExecutorService io = Executors.newSingleThreadExecutor(); // completions on another thread, as the client's I/O thread does
        try {
            Map<String, String> store = new ConcurrentHashMap<>();
            AtomicInteger puts = new AtomicInteger(), gets = new AtomicInteger();
            Worker[] self = new Worker[1];
            KvConnection flaky = new FakeConnection(store) {
                @Override public CompletableFuture<Void> putAsync(String key, String value) {
                    int n = puts.incrementAndGet();
                    return CompletableFuture.supplyAsync(() -> {
                        store.put(key, value);
                        // Every fifth put is applied but its answer is lost: outcome unknown, not a lost acknowledgement.
                        if (n % 5 == 0) throw new java.util.concurrent.CompletionException(new TimeoutException("no answer"));
                        return null;
                    }, io);
                }

                @Override public CompletableFuture<String> getAsync(String key) {
                    int n = gets.incrementAndGet();
                    if (n == 300) self[0].stop();
                    // The 100th read returns a value nobody wrote: a stale read.
                    return CompletableFuture.supplyAsync(() -> n == 100 ? "never-written" : store.get(key), io);
                }
            };
            Worker w = self[0] = new Worker(2, 0, flaky, 16, 50, 2, latency, errors, stale, 7);
            w.startAsync();
            assertTrue(w.finished().await(50, TimeUnit.SECONDS), "the loop did not finish");
            assertEquals(1, stale.sum(), "the one read of a value nobody wrote");
            assertEquals(puts.get() / 5, errors.sum(), "every fifth put had no outcome");
            assertTrue(w.lastError() instanceof TimeoutException, "the cause, unwrapped: " + w.lastError());
            Worker.Check check = w.verify(); // blocking reads of the fake store: applied-but-unanswered values are acceptable
            assertTrue(check.lost().isEmpty() && check.unreadable().isEmpty(), check.toString());
            assertEquals(2, check.verified());
        } finally {
            io.shutdownNow();
        }
    }

    /** Blocking calls over a map; subclasses give the asynchronous ones. */
    private abstract static class FakeConnection implements KvConnection {
        private final Map<String, String> store;

        FakeConnection(Map<String, String> store) { this.store = store; }

        @Override public boolean async() { return true; }

        @Override public void put(String key, String value) { store.put(key, value); }

        @Override public String get(String key) { return store.get(key); }

        @Override public CompletableFuture<String> getAsync(String key) { return CompletableFuture.completedFuture(store.get(key)); }

        @Override public void close() {}
    }
}
