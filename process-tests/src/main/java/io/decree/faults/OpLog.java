package io.decree.faults;

import io.decree.lin.History;
import io.decree.lin.KvOp;
import io.decree.lin.OpResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of a run as the clients saw it: each operation's invocation and completion times (one monotonic
 * clock for every thread, read under the log's lock so the times are ordered as the calls), input and outcome
 * (ok with a result, definite failure, or unknown). {@link #history()} hands the checker the ok operations and
 * the unknown ones; definite failures are left out (they had no effect, as Jepsen drops :fail operations).
 */
public final class OpLog {
    public enum Status { OPEN, OK, FAIL, UNKNOWN }

    /** One recorded operation; mutable only through the log. */
    public static final class Entry {
        public final int client;
        public final KvOp<String, String> input;
        public final long invokeNanos;
        private long returnNanos;
        private OpResult<String> output;
        private Status status = Status.OPEN;

        Entry(int client, KvOp<String, String> input, long invokeNanos) {
            this.client = client;
            this.input = input;
            this.invokeNanos = invokeNanos;
        }

        public synchronized Status status() { return status; }

        public synchronized long returnNanos() { return returnNanos; }

        public synchronized OpResult<String> output() { return output; }

        @Override public synchronized String toString() { return "client " + client + " " + input + " -> " + status + (output == null ? "" : " " + output); }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final long origin = System.nanoTime();

    private long now() { return System.nanoTime() - origin; }

    public synchronized int invoke(int client, KvOp<String, String> input) {
        entries.add(new Entry(client, input, now()));
        return entries.size() - 1;
    }

    public synchronized void ok(int id, OpResult<String> output) { complete(id, Status.OK, output); }

    public synchronized void fail(int id) { complete(id, Status.FAIL, null); }

    public synchronized void unknown(int id) { complete(id, Status.UNKNOWN, null); }

    private void complete(int id, Status status, OpResult<String> output) {
        Entry e = entries.get(id);
        synchronized (e) {
            if (e.status != Status.OPEN) throw new IllegalStateException("operation " + id + " (" + e + ") completed twice");
            e.status = status;
            e.output = output;
            e.returnNanos = now();
        }
    }

    /** A copy of the entries so far. */
    public synchronized List<Entry> entries() { return List.copyOf(entries); }

    public synchronized int size() { return entries.size(); }

    public synchronized long count(Status status) { return entries.stream().filter(e -> e.status() == status).count(); }

    /** For the checker: ok and unknown operations (open ones count as unknown), definite failures dropped. */
    public synchronized History<KvOp<String, String>, OpResult<String>> history() {
        History.Builder<KvOp<String, String>, OpResult<String>> b = History.builder();
        for (Entry e : entries) {
            switch (e.status()) {
                case OK -> b.add(e.client, e.input, e.output(), e.invokeNanos, e.returnNanos());
                case UNKNOWN, OPEN -> b.addUnknown(e.client, e.input, e.invokeNanos);
                case FAIL -> { }
            }
        }
        return b.build();
    }
}
