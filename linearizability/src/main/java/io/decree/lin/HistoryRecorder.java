package io.decree.lin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Records a history as clients run, for {@link LinearizabilityChecker#check}.
 *
 * <pre>{@code
 * var recorder = new HistoryRecorder<KvOp<String, String>, OpResult<String>>(simulatedClock::now);
 * int op = recorder.invoke(clientId, KvOp.put("k", "v"));   // when the client sends the request
 * recorder.ok(op, OpResult.ack());                           // when its response arrives, or
 * recorder.unknown(op);                                      // when it times out / the client crashes
 * CheckResult<...> result = LinearizabilityChecker.check(recorder.history(), new KvModel<>());
 * }</pre>
 *
 * <p>Times come from the injected clock (the simulator's logical time), so a recording is a pure function of the
 * run. Operations still open when {@link #history()} is called are closed as unknown: the run ended before their
 * response, so they may or may not have taken effect. The recorder is thread-safe, so it can also sit behind
 * real threads, but in a deterministic simulation it is called from one thread.
 */
public final class HistoryRecorder<I, O> {

    private final LongSupplier clock;
    private final List<Entry<I, O>> entries = new ArrayList<>();
    private final Map<Integer, Integer> openByClient = new HashMap<>();
    private long lastTime = Long.MIN_VALUE;

    /** @param clock the time source, non-decreasing across calls (simulated ticks or nanos) */
    public HistoryRecorder(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records that {@code clientId} sent {@code input} now.
     *
     * @return the operation id to pass to {@link #ok} or {@link #unknown}
     * @throws IllegalStateException if the client still has an operation awaiting its response
     */
    public synchronized int invoke(int clientId, I input) {
        Objects.requireNonNull(input, "input");
        Integer open = openByClient.get(clientId);
        if (open != null) {
            throw new IllegalStateException("client " + clientId + " invoked " + input + " while its operation "
                    + open + " (" + entries.get(open).input + ") has neither returned nor been marked unknown");
        }
        int id = entries.size();
        entries.add(new Entry<>(clientId, input, now()));
        openByClient.put(clientId, id);
        return id;
    }

    /** Records that operation {@code opId} returned {@code output} (null is allowed, e.g. "absent") now. */
    public synchronized void ok(int opId, O output) {
        Entry<I, O> entry = open(opId);
        entry.output = output;
        entry.returnTime = now();
        entry.state = State.OK;
        openByClient.remove(entry.clientId);
    }

    /** Records that the outcome of {@code opId} will never be known (timeout, crash): it may or may not have happened. */
    public synchronized void unknown(int opId) {
        Entry<I, O> entry = open(opId);
        entry.state = State.UNKNOWN;
        openByClient.remove(entry.clientId);
    }

    /** The history so far; operations still open are included with an unknown outcome. */
    public synchronized History<I, O> history() {
        List<Operation<I, O>> ops = new ArrayList<>(entries.size());
        for (int id = 0; id < entries.size(); id++) {
            Entry<I, O> e = entries.get(id);
            ops.add(e.state == State.OK
                    ? Operation.completed(id, e.clientId, e.input, e.output, e.invokeTime, e.returnTime)
                    : Operation.unknownOutcome(id, e.clientId, e.input, e.invokeTime));
        }
        return History.of(ops);
    }

    /** Number of operations invoked so far. */
    public synchronized int size() {
        return entries.size();
    }

    private Entry<I, O> open(int opId) {
        if (opId < 0 || opId >= entries.size()) {
            throw new IllegalArgumentException("no operation with id " + opId);
        }
        Entry<I, O> entry = entries.get(opId);
        if (entry.state != State.OPEN) {
            throw new IllegalStateException("operation " + opId + " (" + entry.input + ") already completed as "
                    + entry.state);
        }
        return entry;
    }

    private long now() {
        long t = clock.getAsLong();
        if (t < lastTime) {
            throw new IllegalStateException("clock went backwards: " + t + " after " + lastTime);
        }
        lastTime = t;
        return t;
    }

    private enum State { OPEN, OK, UNKNOWN }

    private static final class Entry<I, O> {
        final int clientId;
        final I input;
        final long invokeTime;
        O output;
        long returnTime;
        State state = State.OPEN;

        Entry(int clientId, I input, long invokeTime) {
            this.clientId = clientId;
            this.input = input;
            this.invokeTime = invokeTime;
        }
    }
}
