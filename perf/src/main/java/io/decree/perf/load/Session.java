package io.decree.perf.load;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Recorder;

/**
 * One closed-loop client session: its own {@link DecreeClient} (a client runs one command at a time, so one
 * session per client), putting fresh values into its own keys in turn. It remembers, per key, the last value a
 * put was acknowledged for and the values whose put had no known outcome since (a time-out: it may still have
 * executed), so that {@link #verify} can tell a lost acknowledgement from an unknown outcome.
 */
final class Session implements Runnable {
    private final int index;
    private final DecreeClient client;
    private final int payloadBytes;
    private final String[] keys;
    private final String[] acknowledged;
    private final List<Set<String>> unknown = new ArrayList<>();
    private final Recorder latency;
    private final LongAdder errors;
    private final BooleanSupplier stop;
    private final java.util.concurrent.CountDownLatch firstOutcome = new java.util.concurrent.CountDownLatch(1);
    private volatile Throwable lastError;
    private long sequence;

    Session(int index, DecreeClient client, int payloadBytes, int keysPerSession, Recorder latency, LongAdder errors, BooleanSupplier stop) {
        this.index = index;
        this.client = client;
        this.payloadBytes = payloadBytes;
        this.keys = new String[keysPerSession];
        this.acknowledged = new String[keysPerSession];
        for (int k = 0; k < keysPerSession; k++) {
            keys[k] = "load-s" + index + "-k" + k;
            unknown.add(new HashSet<>());
        }
        this.latency = latency;
        this.errors = errors;
        this.stop = stop;
    }

    @Override public void run() {
        while (!stop.getAsBoolean()) {
            int k = (int) (sequence % keys.length);
            String value = value(index, sequence++, payloadBytes);
            byte[] command = KvCommand.put(keys[k], value).encode();
            long start = System.nanoTime();
            try {
                client.execute(command);
                latency.recordValue(System.nanoTime() - start);
                acknowledged[k] = value;
                unknown.get(k).clear();
            } catch (TimeoutException | RuntimeException e) {
                errors.increment();
                unknown.get(k).add(value);
                lastError = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                firstOutcome.countDown();
            }
        }
        firstOutcome.countDown();
    }

    /** Waits until the first put has an outcome (the client has connected, or given up); false at the time-out. */
    boolean awaitFirstOutcome(long millis) throws InterruptedException {
        return firstOutcome.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** A value of exactly {@code bytes} ASCII bytes that names its session and sequence (cut if it must be shorter). */
    static String value(int session, long sequence, int bytes) {
        StringBuilder v = new StringBuilder(bytes).append('s').append(session).append('-').append(sequence).append('-');
        while (v.length() < bytes) v.append('x');
        v.setLength(bytes);
        return v.toString();
    }

    /** What reading back this session's keys found; call after {@link #run} returned. */
    record Check(int verified, List<String> lost, List<String> unreadable) {}

    Check verify() throws InterruptedException {
        int verified = 0;
        List<String> lost = new ArrayList<>(), unreadable = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            if (acknowledged[k] == null && unknown.get(k).isEmpty()) continue; // never written
            String found;
            try {
                found = KvStateMachine.result(client.read(KvCommand.get(keys[k]).encode()));
            } catch (TimeoutException | RuntimeException e) {
                unreadable.add(keys[k] + ": " + e.getMessage());
                continue;
            }
            boolean acknowledgedValue = found != null && found.equals(acknowledged[k]);
            boolean unknownValue = found != null && unknown.get(k).contains(found);
            boolean neverAcknowledged = found == null && acknowledged[k] == null;
            if (acknowledgedValue || unknownValue || neverAcknowledged) verified++;
            else lost.add(keys[k] + ": acknowledged " + acknowledged[k] + ", read " + found);
        }
        return new Check(verified, lost, unreadable);
    }

    Throwable lastError() { return lastError; }

    long puts() { return sequence; }
}
