package io.decree.sim.trace;

import io.decree.engine.message.Commit;
import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.Message;
import io.decree.engine.runtime.ReplicaRunner;
import io.decree.engine.runtime.Transport;
import io.decree.engine.trace.LamportClock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-JVM transport that treats each replica as a process with its own {@link LamportClock}, as the TCP
 * transport does: a send stamps the message with the sender's {@code tick()} (the frame's clock), and the
 * receiver's clock takes {@code receive(stamp)} before the message is queued to its protocol thread (here on
 * the sending thread, there on the receiver's I/O thread: both come before the queue). Isolation drops every
 * message to or from a replica, as {@code LocalTransport} does. A commit cut drops only what tells the others
 * that a slot is chosen (commits and heartbeats, which carry the first unchosen slot) from one replica: its
 * followers go on voting for its proposals without learning them.
 */
final class ClockedTransport implements Transport {
    private final Map<Integer, ReplicaRunner> runners = new ConcurrentHashMap<>();
    private final Map<Integer, LamportClock> clocks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap.KeySetView<Integer, Boolean> isolated = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap.KeySetView<Integer, Boolean> commitsCut = ConcurrentHashMap.newKeySet();
    private final AtomicLong delivered = new AtomicLong();

    /** The process clock of replica {@code id}, created at its first start and kept across restarts' runners. */
    LamportClock clock(int id) { return clocks.computeIfAbsent(id, k -> new LamportClock()); }

    /** A killed process loses its clock with its memory; its restart continues from its trace file. */
    void forgetClock(int id) { clocks.remove(id); }

    void register(ReplicaRunner runner) { runners.put(runner.id(), runner); }

    void unregister(int id) { runners.remove(id); }

    void isolate(int id) { isolated.add(id); }

    void cutCommits(int id) { commitsCut.add(id); }

    void heal(int id) {
        isolated.remove(id);
        commitsCut.remove(id);
    }

    long delivered() { return delivered.get(); }

    @Override public void send(int from, int to, Message message) {
        ReplicaRunner target = runners.get(to);
        if (target == null || isolated.contains(from) || isolated.contains(to)) return;
        if (commitsCut.contains(from) && (message instanceof Commit || message instanceof Heartbeat)) return;
        long stamp = clock(from).tick();            // encode: the frame carries the sender's clock
        clock(to).receive(stamp);                   // I/O thread: before the message is queued
        if (target.deliver(from, message)) delivered.incrementAndGet();
    }
}
