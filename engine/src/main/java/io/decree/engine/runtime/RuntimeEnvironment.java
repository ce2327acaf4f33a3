package io.decree.engine.runtime;

import io.decree.engine.message.Flat;
import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Environment;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The real {@link Environment} of a replica run by a {@link ReplicaRunner}: a monotonic millisecond clock
 * ({@code System.nanoTime}, which never jumps with wall-clock adjustments), a generator seeded by the
 * caller (so election time-outs of a run can be reproduced as far as thread scheduling allows) and a
 * {@link Transport}. Used only from the replica's protocol thread, so nothing here is synchronized.
 */
public final class RuntimeEnvironment implements Environment {
    private final int self;
    private final LongSupplier nanoTime;
    private final long origin;
    private final RandomGenerator random;
    private final Transport transport;
    /** Heartbeats this replica sent (a liveness figure; see {@link LoopStats}). Protocol thread writes. */
    private volatile long heartbeatsSent;

    public RuntimeEnvironment(int self, long seed, Transport transport) {
        this(self, seed, transport, System::nanoTime);
    }

    /** With an injected nanosecond clock, for tests. */
    public RuntimeEnvironment(int self, long seed, Transport transport, LongSupplier nanoTime) {
        if (transport == null) throw new IllegalArgumentException("replica " + self + ": transport is not set");
        this.self = self;
        this.nanoTime = nanoTime;
        this.origin = nanoTime.getAsLong();
        this.random = new SplittableRandom(seed);
        this.transport = transport;
    }

    /** Milliseconds since this environment was created. */
    @Override public long now() { return (nanoTime.getAsLong() - origin) / 1_000_000L; }

    @Override public RandomGenerator random() { return random; }

    @Override public void send(int to, Message message) {
        if (message instanceof Heartbeat) heartbeatsSent++; // only the protocol thread sends
        transport.send(self, to, message);
    }

    @Override public void send(int to, int kind, long a, long b, long c, Object ref) {
        if (kind == Flat.HEARTBEAT) heartbeatsSent++;
        transport.send(self, to, kind, a, b, c, ref);
    }

    public long heartbeatsSent() { return heartbeatsSent; }
}
