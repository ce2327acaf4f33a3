package io.decree.perf.load;

import io.decree.perf.load.target.KvConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * One connection's load loop. It is the only writer of its keys, so it knows, per key, the last value a put was
 * acknowledged for and the values whose put had no outcome since (a time-out: it may still take effect). A get
 * must return one of those (or nothing, if no put was acknowledged); anything else is counted as a stale read.
 * {@link #verify} reads every key back at the end and reports a lost acknowledgement the same way.
 *
 * <p>Closed loop: the next command goes when the last is answered, and latency runs from the call. Open loop:
 * workers take the next slot of a shared schedule ({@code start + n / rate}), wait for its time and record
 * latency from that time, not from the call: a command delayed because every connection was busy counts its
 * wait, so a stall shows up in the percentiles instead of silently thinning the load (coordinated omission).
 *
 * <p>The closed loop runs on a thread of its own ({@link #run}) or, with an asynchronous client, on the client's
 * completions ({@link #startAsync}). Either way one command is in flight at a time, so the fields below are used
 * by one thread at a time, handed over through the command's future (its completion happens after the send).
 */
final class Worker implements Runnable {
    /** The open loop's shared schedule: slot n is due at {@code startNanos + n * periodNanos}. */
    record Schedule(long startNanos, double periodNanos, long endNanos, AtomicLong next) {
        long due(long slot) { return startNanos + (long) (slot * periodNanos); }
    }

    private final int index;
    private final KvConnection connection;
    private final String[] keys;
    private final String[] acknowledged;
    private final List<Set<String>> unknown = new ArrayList<>();
    private final int payloadBytes, readPercent;
    private final Recorder latency;
    private final LongAdder errors, staleReads;
    private final SplittableRandom random;
    private volatile boolean stop;
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    private volatile Schedule schedule; // null: closed loop
    private volatile Throwable lastError;
    private volatile String lastStale;
    private long sequence;

    /** @param run distinguishes runs on one started target (compare runs closed then open loop on it): each has its own keys */
    Worker(int run, int index, KvConnection connection, int payloadBytes, int readPercent, int keys, Recorder latency, LongAdder errors,
           LongAdder staleReads, long seed) {
        this.index = index;
        this.connection = connection;
        this.payloadBytes = payloadBytes;
        this.readPercent = readPercent;
        this.keys = new String[keys];
        this.acknowledged = new String[keys];
        for (int k = 0; k < keys; k++) {
            this.keys[k] = "load-r" + run + "-c" + index + "-k" + k;
            unknown.add(new HashSet<>());
        }
        this.latency = latency;
        this.errors = errors;
        this.staleReads = staleReads;
        this.random = new SplittableRandom(seed);
    }

    /** Ramp-up: one put, unmeasured, so that the connection is established before the load starts; false if it failed. */
    boolean first() throws InterruptedException {
        lastError = null;
        step(false, 0, false);
        return lastError == null;
    }

    void openLoop(Schedule s) { this.schedule = s; }

    void stop() { stop = true; }

    @Override public void run() {
        try {
            runLoop();
        } finally {
            finished.countDown();
        }
    }

    private void runLoop() {
        try {
            while (!stop) {
                Schedule s = schedule;
                long begin;
                if (s == null) begin = System.nanoTime();
                else {
                    begin = s.due(s.next().getAndIncrement());
                    if (begin >= s.endNanos()) return;
                    for (long left; (left = begin - System.nanoTime()) > 0 && !stop; ) LockSupport.parkNanos(left);
                    if (stop) return;
                }
                step(readPercent > 0 && random.nextInt(100) < readPercent, begin, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void step(boolean read, long begin, boolean measured) throws InterruptedException {
        int k = (int) (sequence % keys.length);
        String value = read ? null : value(index, sequence, payloadBytes);
        sequence++;
        try {
            String found = null;
            if (read) found = connection.get(keys[k]);
            else connection.put(keys[k], value);
            outcome(read, k, value, found, null, begin, measured);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            outcome(read, k, value, null, e, begin, measured);
        }
    }

    /**
     * The asynchronous closed loop ({@link KvConnection#async()}): sends the first command and returns; each
     * completion records its outcome and sends the next, on whichever thread completed it (the client's I/O
     * thread), until {@link #stop}. {@link #finished()} counts down when the last command has its outcome. A
     * command that completes at once is handled in this loop rather than by recursion, so a run of immediate
     * failures cannot grow the stack.
     */
    void startAsync() {
        while (true) {
            if (stop) {
                finished.countDown();
                return;
            }
            boolean read = readPercent > 0 && random.nextInt(100) < readPercent;
            int k = (int) (sequence % keys.length);
            String value = read ? null : value(index, sequence, payloadBytes);
            sequence++;
            long begin = System.nanoTime();
            java.util.concurrent.CompletableFuture<String> f;
            try {
                f = read ? connection.getAsync(keys[k]) : connection.putAsync(keys[k], value).thenApply(v -> null);
            } catch (RuntimeException e) {
                f = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            if (!f.isDone()) {
                f.whenComplete((found, error) -> {
                    outcome(read, k, value, found, unwrap(error), begin, true);
                    startAsync();
                });
                return;
            }
            String found = null;
            Throwable error = null;
            try {
                found = f.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                error = unwrap(e);
            }
            outcome(read, k, value, found, error, begin, true);
        }
    }

    /** Counts down once the loop ({@link #run} or {@link #startAsync}) has stopped with no command in flight. */
    java.util.concurrent.CountDownLatch finished() { return finished; }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** Records one command's outcome: latency and the key's acknowledged value, or the error and a possibly-applied value. */
    private void outcome(boolean read, int k, String value, String found, Throwable error, long begin, boolean measured) {
        if (error == null) {
            if (read) {
                if (!plausible(k, found)) {
                    staleReads.increment();
                    lastStale = keys[k] + ": acknowledged " + acknowledged[k] + ", read " + found;
                }
            } else {
                acknowledged[k] = value;
                unknown.get(k).clear();
            }
            if (measured) latency.recordValue(Math.max(0, System.nanoTime() - begin));
        } else {
            if (measured) errors.increment();
            if (!read) unknown.get(k).add(value);
            lastError = error;
        }
    }

    private boolean plausible(int k, String found) {
        if (found == null) return acknowledged[k] == null;
        return found.equals(acknowledged[k]) || unknown.get(k).contains(found);
    }

    /** A value of exactly {@code bytes} ASCII bytes that names its connection and sequence (cut if it must be shorter). */
    static String value(int connection, long sequence, int bytes) {
        StringBuilder v = new StringBuilder(bytes).append('c').append(connection).append('-').append(sequence).append('-');
        while (v.length() < bytes) v.append('x');
        v.setLength(bytes);
        return v.toString();
    }

    record Check(int verified, List<String> lost, List<String> unreadable) {}

    /** Reads every written key back; call after {@link #run} returned. */
    Check verify() throws InterruptedException { return verify(Long.MAX_VALUE); }

    /**
     * Reads every written key back, starting no get after {@code deadlineNanos} ({@link System#nanoTime}): a key
     * not read by then is unreadable ("not read back before the deadline"), so that a cluster that stopped
     * answering costs one deadline, not a client time-out per key.
     */
    Check verify(long deadlineNanos) throws InterruptedException {
        int verified = 0;
        List<String> lost = new ArrayList<>(), unreadable = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            if (acknowledged[k] == null && unknown.get(k).isEmpty()) continue; // never written
            if (System.nanoTime() - deadlineNanos > 0) {
                unreadable.add(keys[k] + ": not read back before the read-back deadline");
                continue;
            }
            String found;
            try {
                found = connection.get(keys[k]);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                unreadable.add(keys[k] + ": " + e);
                continue;
            }
            if (plausible(k, found)) verified++;
            else lost.add(keys[k] + ": acknowledged " + acknowledged[k] + ", read " + Objects.toString(found));
        }
        return new Check(verified, lost, unreadable);
    }

    Throwable lastError() { return lastError; }

    String lastStale() { return lastStale; }

    KvConnection connection() { return connection; }
}
