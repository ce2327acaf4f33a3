package io.decree.faults;

import io.decree.lin.KvOp;
import io.decree.lin.OpResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * K client threads, each with its own {@link KvClient} session, issuing get/put/cas on a few keys as fast as
 * their replies come back, every operation recorded in an {@link OpLog}. Every written value is unique
 * ({@code c<client>-<n>}), so a read names the one write it saw, the checker's search stays narrow and a lost
 * write can be pointed at. A cas expects the value the client last saw for the key, so many of them succeed.
 *
 * <p>A failed operation is classified ({@link OutcomeClassifier}) and the client goes on with its next one:
 * the history allows an unknown operation to take effect after its client moved on.
 */
public final class Workload implements AutoCloseable {
    private final OpLog log;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> crash = new AtomicReference<>();
    private volatile boolean stopping;
    /** Nanoseconds between one client's operation starts; 0: unpaced. */
    private final long periodNanos;

    /**
     * Starts {@code clients} threads; client {@code i} uses {@code clientFor.apply(i)} and its own random
     * stream split off {@code seed}. Keys are {@code k0..k<keys-1>}.
     */
    public Workload(OpLog log, int clients, int keys, long seed, IntFunction<KvClient> clientFor, OutcomeClassifier classifier) {
        this(log, clients, keys, seed, clientFor, classifier, 0);
    }

    /**
     * As above, each client starting at most {@code opsPerSecond} operations a second (0: as fast as replies
     * come). Jepsen paces its clients the same way; here it keeps the spec traces of a 200-fault run small
     * enough to validate (trace replay grows with the square of the messages sent: docs/faults.md).
     */
    public Workload(OpLog log, int clients, int keys, long seed, IntFunction<KvClient> clientFor, OutcomeClassifier classifier, double opsPerSecond) {
        if (opsPerSecond < 0) throw new IllegalArgumentException("opsPerSecond must be >= 0, got " + opsPerSecond);
        this.periodNanos = opsPerSecond == 0 ? 0 : (long) (1e9 / opsPerSecond);
        this.log = log;
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = 0; i < clients; i++) {
            int id = i;
            SplittableRandom random = seeds.split();
            threads.add(Thread.ofPlatform().name("workload-client-" + id).start(() -> run(id, keys, random, clientFor, classifier)));
        }
    }

    private void run(int id, int keys, SplittableRandom random, IntFunction<KvClient> clientFor, OutcomeClassifier classifier) {
        Map<String, String> lastSeen = new HashMap<>();
        int written = 0;
        try (KvClient client = clientFor.apply(id)) {
            long due = System.nanoTime();
            while (!stopping) {
                if (periodNanos > 0) {
                    due += periodNanos;
                    // Pacing, not synchronisation: starts are due every period; after a slow reply the client catches up.
                    for (long wait; !stopping && (wait = due - System.nanoTime()) > 0; ) java.util.concurrent.locks.LockSupport.parkNanos(this, wait);
                    if (stopping) break;
                }
                String key = "k" + random.nextInt(keys);
                int dice = random.nextInt(10);
                KvOp<String, String> op = dice < 4 ? KvOp.get(key)
                        : dice < 7 ? KvOp.put(key, "c" + id + "-" + ++written)
                        : KvOp.cas(key, lastSeen.get(key), "c" + id + "-" + ++written);
                if (op instanceof KvOp.Cas<String, String> cas && cas.expected() == null) op = KvOp.put(key, cas.update()); // nothing seen yet: cas on absent would mostly fail
                execute(log, id, client, op, lastSeen, classifier);
            }
        } catch (Throwable t) {
            crash.compareAndSet(null, t);
        }
    }

    /**
     * Runs one operation through {@code client} and records it in {@code log}: invocation just before the call,
     * completion just after, the outcome classified if it threw. Returns the result, or null if it did not complete.
     */
    public static OpResult<String> execute(OpLog log, int clientId, KvClient client, KvOp<String, String> op,
                                           Map<String, String> lastSeen, OutcomeClassifier classifier) {
        int opId = log.invoke(clientId, op);
        OpResult<String> result;
        try {
            result = switch (op) {
                case KvOp.Get<String, String> get -> OpResult.value(client.get(get.key()));
                case KvOp.Put<String, String> put -> OpResult.value(client.put(put.key(), put.value()));
                case KvOp.Cas<String, String> cas -> OpResult.swapped(client.cas(cas.key(), cas.expected(), cas.update()));
                case KvOp.Delete<String, String> delete -> throw new IllegalArgumentException("the workload issues no deletes: " + delete);
            };
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            if (classifier.classify(e) == OutcomeClassifier.Outcome.FAIL) log.fail(opId);
            else log.unknown(opId);
            return null;
        }
        log.ok(opId, result);
        switch (result) {
            case OpResult.Value<String> v -> {
                if (op instanceof KvOp.Get<String, String>) lastSeen.put(op.key(), v.value());
                else if (op instanceof KvOp.Put<String, String> put) lastSeen.put(op.key(), put.value());
            }
            case OpResult.Swapped<String> sw -> {
                if (sw.swapped()) lastSeen.put(op.key(), ((KvOp.Cas<String, String>) op).update());
            }
            case OpResult.Ack<String> ack -> { }
        }
        return result;
    }

    /** Stops issuing operations and waits for every client thread to finish its current one. */
    public void stop() throws InterruptedException {
        stopping = true;
        for (Thread t : threads) t.join();
        Throwable t = crash.get();
        if (t != null) throw new IllegalStateException("a workload client thread crashed", t);
    }

    public OpLog log() { return log; }

    @Override public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the workload", e);
        }
    }
}
