package io.decree.engine.runtime;

import io.decree.engine.message.Message;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connects runners in one JVM: {@code send} puts the message object, or a flat message's fields, straight
 * on the receiver's inbound queue (records and decrees are immutable, so sharing them is safe; the queue's
 * release/acquire publishes them). No sockets, no serialization. A message to an unknown, stopped or isolated replica, or to a full
 * queue, is dropped and counted, as a network would lose it.
 */
public final class LocalTransport implements Transport {
    private final ConcurrentHashMap<Integer, ReplicaRunner> runners = new ConcurrentHashMap<>();
    private final ConcurrentHashMap.KeySetView<Integer, Boolean> isolated = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();

    public void register(ReplicaRunner runner) {
        if (runners.putIfAbsent(runner.id(), runner) != null)
            throw new IllegalArgumentException("replica " + runner.id() + " is already registered with this transport");
    }

    public void unregister(int id) { runners.remove(id); }

    /** Drops every message to or from {@code id} until {@link #heal}. */
    public void isolate(int id) { isolated.add(id); }

    public void heal(int id) { isolated.remove(id); }

    /** Messages dropped so far (unknown or isolated replica, full queue, stopped replica). */
    public long dropped() { return dropped.get(); }

    @Override public void send(int from, int to, Message message) {
        ReplicaRunner target = runners.get(to);
        if (target == null || isolated.contains(from) || isolated.contains(to) || !target.deliver(from, message))
            dropped.incrementAndGet();
    }

    /** A flat message goes on the receiver's queue as it is: no record, as over the wire transports. */
    @Override public void send(int from, int to, int kind, long a, long b, long c, Object ref) {
        ReplicaRunner target = runners.get(to);
        if (target == null || isolated.contains(from) || isolated.contains(to) || !target.deliver(from, kind, a, b, c, ref))
            dropped.incrementAndGet();
    }
}
