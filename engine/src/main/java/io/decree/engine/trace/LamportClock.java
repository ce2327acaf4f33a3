package io.decree.engine.trace;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One process's Lamport clock, shared by its protocol thread (trace events) and its transport's I/O threads
 * (frames). The rules, as the transport and {@link NdjsonSpecTrace} apply them:
 * <ul>
 *   <li>a trace event takes {@code tick()} when it happens;</li>
 *   <li>a frame carries {@code tick()} taken when it is encoded (a send is a local event);</li>
 *   <li>a received frame's clock goes through {@code receive(c)} on the I/O thread <em>before</em> the message
 *       is queued to the protocol thread.</li>
 * </ul>
 *
 * <p>Why the order of clocks then extends causality for every spec step (if step e happens before step f,
 * {@code clock(e) < clock(f)}): happens-before between two spec steps is a chain of (1) program order within
 * a process and (2) a message from a send to its receipt. (1) The process's events all draw from this one
 * linearizable counter, so an event drawn later in real time draws a larger value; within a process, an event
 * that comes after another in program order (or after a message is queued and then handled) draws later.
 * (2) The step that caused a send runs on the protocol thread before the message is handed to the transport,
 * which encodes (and ticks) after that, so {@code clock(step) < clock(frame)}; the receiver's
 * {@code receive(clock(frame))} makes its counter exceed the frame's clock before the message is even
 * queued, and the handler that reacts to the message runs after it is dequeued, so every step of that
 * handler ticks above {@code clock(frame)}. Composing the links gives a strictly increasing chain of clocks.
 * The converse does not hold (concurrent steps get arbitrary clocks), which is fine: any order of concurrent
 * steps is a legal interleaving for a spec whose actions read only their own process's state and the
 * message set, which only grows (see docs/trace-validation.md).
 *
 * <p>Lock-free: {@code tick} is one {@code incrementAndGet}; {@code receive} a short CAS loop that only
 * retries when another thread moved the clock meanwhile.
 */
public final class LamportClock {
    private final AtomicLong time;

    public LamportClock() { this(0); }

    /** A clock that starts at {@code start} (a restarted process continues above its recorded events). */
    public LamportClock(long start) {
        if (start < 0) throw new IllegalArgumentException("a Lamport clock starts at 0 or above, got " + start);
        this.time = new AtomicLong(start);
    }

    /** A local event or a send: advances the clock and returns the event's time. */
    public long tick() { return time.incrementAndGet(); }

    /** A receipt of a message stamped {@code remote}: the clock becomes {@code max(local, remote) + 1}. */
    public void receive(long remote) {
        if (remote < 0) throw new IllegalArgumentException("a Lamport clock value is never negative, got " + remote);
        long local;
        do {
            local = time.get();
        } while (!time.compareAndSet(local, Math.max(local, remote) + 1));
    }

    /** The time of the latest event or receipt (no advance). */
    public long current() { return time.get(); }

    @Override public String toString() { return "LamportClock[" + time.get() + "]"; }
}
