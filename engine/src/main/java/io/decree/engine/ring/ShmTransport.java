package io.decree.engine.ring;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.net.MessageSink;
import io.decree.engine.runtime.Transport;
import io.decree.engine.wire.WireCodec;
import io.decree.engine.wire.WireFormatException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.agrona.DirectBuffer;

/**
 * A {@link Transport} between replica processes on one host over the one-sided ring protocol and the
 * shared-memory fabric ({@link ShmFabric}): every replica exposes one ring per peer in {@link ShmOptions#dir()},
 * writes its messages straight into its peers' rings, and one poller thread reads its own rings and hands
 * each message to a {@link MessageSink} ({@code ReplicaRunner::deliver}).
 *
 * <p>{@link #send} runs on the replica's protocol thread (one thread: it owns the writers' handles), never
 * blocks and never throws: a peer whose ring is not there (down, not started), is full (slow receiver), or
 * has revoked this writer, costs a counted drop, which the protocol tolerates as a lost message; a writer
 * without a ring tries to attach again at most every {@link #RECONNECT_NANOS}. A message to itself goes
 * straight to its own sink, as {@code TcpTransport} does.
 *
 * <p>Membership: {@link #setPeers} revokes the ring of every replica no longer named (a removed member can
 * no longer write into this replica's memory, which is the permission switch at work) and exposes rings for
 * new ones. Clients do not use this transport; the server keeps TCP for them.
 */
public final class ShmTransport implements Transport, AutoCloseable {
    /** How long a writer without a ring waits before it tries to attach again. */
    public static final long RECONNECT_NANOS = 20_000_000L;
    private static final int POLL_LIMIT = 256;

    private final int self;
    private final ShmOptions options;
    private final ShmFabric fabric;
    private final LongSupplier sendClock;
    private final LongConsumer receiveClock;
    private final WireCodec sendCodec;
    private final WireCodec receiveCodec;
    private final ShmStats stats = new ShmStats();
    private final Object lifecycle = new Object();
    private final List<Outbound> allOutbound = new ArrayList<>();

    private volatile Map<Integer, Outbound> outbound = Map.of();
    private volatile Set<Integer> wantedInbound;
    private volatile MessageSink sink;
    private volatile boolean closed;
    private Thread poller;

    public ShmTransport(int self, Set<Integer> peers, ShmOptions options) { this(self, peers, options, () -> 0L, c -> { }); }

    /**
     * @param sendClock    a Lamport clock's tick, called once per frame written (its value goes into the frame)
     * @param receiveClock its receive, called with a frame's clock before the message is handed on
     */
    public ShmTransport(int self, Set<Integer> peers, ShmOptions options, LongSupplier sendClock, LongConsumer receiveClock) {
        this(self, peers, options, sendClock, receiveClock, new ShmFabric(options.dir()));
    }

    ShmTransport(int self, Set<Integer> peers, ShmOptions options, LongSupplier sendClock, LongConsumer receiveClock, ShmFabric fabric) {
        this.self = self;
        this.options = options;
        this.fabric = fabric;
        this.sendClock = sendClock;
        this.receiveClock = receiveClock;
        this.sendCodec = new WireCodec(options.maxPayloadBytes());
        this.receiveCodec = new WireCodec(options.maxPayloadBytes());
        setPeers(peers);
    }

    /** Exposes this replica's rings and starts its poller; messages go to {@code sink}. */
    public void start(MessageSink sink) {
        synchronized (lifecycle) {
            if (closed) throw new IllegalStateException("shm transport of replica " + self + " is closed");
            if (this.sink != null) throw new IllegalStateException("shm transport of replica " + self + " already started");
            this.sink = sink;
            Poller p = new Poller();
            p.apply(wantedInbound); // expose before start returns, so peers can attach as soon as this replica is up
            poller = Thread.ofPlatform().daemon().name("decree-shm-" + self).start(p);
        }
    }

    /** Sets the replicas this one talks to (its own id is ignored). Any thread. */
    public void setPeers(Set<Integer> peers) {
        synchronized (lifecycle) {
            if (closed) return;
            Set<Integer> others = new TreeSet<>(peers);
            others.remove(self);
            Map<Integer, Outbound> next = new HashMap<>();
            for (int id : others) {
                Outbound o = outbound.get(id);
                if (o == null) {
                    o = new Outbound(id);
                    allOutbound.add(o);
                }
                next.put(id, o);
            }
            outbound = Map.copyOf(next);
            wantedInbound = Set.copyOf(others); // the poller exposes and revokes (it owns the receivers)
        }
    }

    public int id() { return self; }

    public ShmStats.Report stats() { return stats.report(); }

    @Override public void send(int from, int to, Message message) {
        if (from != self) throw new IllegalArgumentException("replica " + self + ": asked to send as replica " + from);
        if (closed) {
            stats.droppedNoConnection.increment();
            return;
        }
        if (to == self) {
            MessageSink local = sink;
            if (local == null || !local.deliver(self, message)) stats.droppedInbound.increment();
            return;
        }
        Outbound out = outbound.get(to);
        if (out == null) stats.droppedNoConnection.increment();
        else out.send(message);
    }

    /** Stops the poller (joins it), revokes and removes this replica's rings, detaches from its peers'. Idempotent. */
    @Override public void close() {
        Thread p;
        synchronized (lifecycle) {
            if (closed) return;
            closed = true;
            p = poller;
        }
        if (p != null) {
            LockSupport.unpark(p);
            try {
                p.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lifecycle) {
            for (Outbound o : allOutbound) o.detach();
        }
        fabric.close();
    }

    /** The writer's side towards one peer; touched only by the protocol thread (and by close after it). */
    private final class Outbound {
        final int peer;
        RingSender sender;
        long retryAt;

        Outbound(int peer) { this.peer = peer; }

        void send(Message message) {
            if (sender == null && !attach()) {
                stats.droppedNoConnection.increment();
                return;
            }
            switch (sender.offer(message, sendClock.getAsLong())) {
                case SENT -> stats.framesSent.increment();
                case FULL -> stats.droppedBackPressure.increment();
                case TOO_LARGE -> stats.droppedUnencodable.increment();
                case REVOKED -> {
                    stats.droppedRevoked.increment();
                    detach(); // the peer restarted or fenced us: attach again to its new ring later
                    retryAt = System.nanoTime();
                }
            }
        }

        private boolean attach() {
            long now = System.nanoTime();
            if (now - retryAt < 0) return false;
            try {
                sender = new RingSender(fabric.connect(peer, self), sendCodec);
                stats.connects.increment();
                return true;
            } catch (FabricException e) {
                retryAt = now + RECONNECT_NANOS;
                return false;
            }
        }

        synchronized void detach() {
            if (sender != null) sender.region().close();
            sender = null;
        }
    }

    /** Owns this replica's receivers: polls them, and applies membership changes between polls. */
    private final class Poller implements Runnable, RingReceiver.FrameHandler {
        private final Map<Integer, RingReceiver> receivers = new HashMap<>();
        private RingReceiver[] polled = new RingReceiver[0];
        private Set<Integer> applied = Set.of();

        void apply(Set<Integer> wanted) {
            for (var it = receivers.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!wanted.contains(e.getKey())) {
                    e.getValue().region().close(); // revokes first: a removed member's later writes count for nothing
                    stats.revocations.increment();
                    it.remove();
                }
            }
            for (int id : wanted) {
                if (receivers.containsKey(id)) continue;
                try {
                    receivers.put(id, new RingReceiver(fabric.expose(self, id, options.ringBytes()), receiveCodec));
                } catch (FabricException e) {
                    throw new IllegalStateException("replica " + self + ": " + e.getMessage(), e);
                }
            }
            polled = receivers.values().toArray(RingReceiver[]::new);
            applied = wanted;
        }

        @Override public void run() {
            int idle = 0;
            long park = 1_000;
            while (!closed) {
                Set<Integer> wanted = wantedInbound;
                if (wanted != applied) apply(wanted);
                int n = 0;
                for (RingReceiver r : polled) n += r.poll(this, POLL_LIMIT);
                if (n > 0) {
                    idle = 0;
                    park = 1_000;
                } else if (++idle <= options.spinPolls()) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(park);
                    park = Math.min(park * 2, options.maxParkNanos());
                }
            }
            for (RingReceiver r : receivers.values()) r.region().close();
            receivers.clear();
        }

        @Override public void onFrame(int writer, DirectBuffer buffer, int offset, int length) {
            Message message;
            try {
                message = receiveCodec.decode(buffer, offset, length);
            } catch (WireFormatException e) { // validated already; a decoder disagreement is a bug, never delivered
                stats.malformedFrames.increment();
                return;
            }
            if (message instanceof ClientRequest || message instanceof ClientReply) {
                stats.malformedFrames.increment(); // replicas never send client traffic to each other
                return;
            }
            receiveClock.accept(WireCodec.clockOf(buffer, offset));
            stats.framesReceived.increment();
            if (!sink.deliver(writer, message)) stats.droppedInbound.increment();
        }
    }
}
