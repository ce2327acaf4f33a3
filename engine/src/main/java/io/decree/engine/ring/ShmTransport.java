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
 * A {@link Transport} between replica processes over the one-sided ring protocol, on any {@link RingFabric}:
 * shared memory between processes on one host ({@link ShmFabric}, the default, and the name's origin) or RDMA
 * verbs between hosts ({@code io.decree.engine.ring.verbs.VerbsFabric}). Every replica exposes one ring per
 * peer, writes its messages straight into its peers' rings, and one poller thread reads its own rings and
 * hands each message to a {@link MessageSink} ({@code ReplicaRunner::deliver}).
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
 *
 * <p>Invalid records (a failed CRC or any other check of the wire codec, a record header that cannot be
 * right) are counted in {@link ShmStats.Report#malformedFrames()} and logged ({@code event=malformed-frame},
 * naming the writer, the ring position and what was wrong); none reaches the sink. Fault injection for tests:
 * {@link ShmOptions#linkFaults()} ({@link LinkFaultHook}).
 */
public final class ShmTransport implements Transport, AutoCloseable {
    /** How long a writer without a ring waits before it tries to attach again. */
    public static final long RECONNECT_NANOS = 20_000_000L;
    private static final int POLL_LIMIT = 256;

    private final int self;
    private final ShmOptions options;
    private final RingFabric fabric;
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

    /**
     * Over {@code fabric}, which this transport closes with itself. {@code options.dir()} matters only to
     * {@link ShmFabric}; the ring size, payload bound and idle strategy apply to every fabric.
     */
    public ShmTransport(int self, Set<Integer> peers, ShmOptions options, LongSupplier sendClock, LongConsumer receiveClock, RingFabric fabric) {
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
            Poller p = new Poller(openLinkFaults());
            p.apply(wantedInbound); // expose before start returns, so peers can attach as soon as this replica is up
            poller = Thread.ofPlatform().daemon().name("decree-shm-" + self).start(p);
        }
    }

    private LinkFaultHook openLinkFaults() {
        if (options.linkFaults() == null) return null;
        try {
            LinkFaultHook hook = LinkFaultHook.open(options.linkFaults());
            RingLog.warn("link-faults-on", "self", self, "file", hook.file(), "detail", "test-only fault injection: links obey this file");
            return hook;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("replica " + self + ": cannot open the link fault hook " + options.linkFaults() + ": " + e.getMessage(), e);
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

    /** One of this replica's rings, with what the link fault hook last set on it. */
    private static final class Inbound {
        final RingReceiver receiver;
        final HeldTail held;
        long mode = LinkFaultHook.PASS;

        Inbound(RingReceiver receiver) {
            this.receiver = receiver;
            this.held = new HeldTail(receiver.head());
        }
    }

    /** Owns this replica's receivers: polls them, and applies membership changes between polls. */
    private final class Poller implements Runnable, RingReceiver.FrameHandler, RingReceiver.ProblemHandler {
        private final Map<Integer, Inbound> receivers = new HashMap<>();
        private final LinkFaultHook faults;
        private Inbound[] polled = new Inbound[0];
        private Set<Integer> applied = Set.of();

        Poller(LinkFaultHook faults) { this.faults = faults; }

        void apply(Set<Integer> wanted) {
            for (var it = receivers.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!wanted.contains(e.getKey())) {
                    e.getValue().receiver.region().close(); // revokes first: a removed member's later writes count for nothing
                    stats.revocations.increment();
                    it.remove();
                }
            }
            for (int id : wanted) {
                if (receivers.containsKey(id)) continue;
                try {
                    receivers.put(id, new Inbound(new RingReceiver(fabric.expose(self, id, options.ringBytes()), receiveCodec, this)));
                } catch (FabricException e) {
                    throw new IllegalStateException("replica " + self + ": " + e.getMessage(), e);
                }
            }
            polled = receivers.values().toArray(Inbound[]::new);
            applied = wanted;
        }

        @Override public void run() {
            int idle = 0;
            long park = 1_000;
            try {
                while (!closed) {
                    Set<Integer> wanted = wantedInbound;
                    if (wanted != applied) apply(wanted);
                    int n = 0;
                    for (Inbound in : polled) n += faults == null ? in.receiver.poll(this, POLL_LIMIT) : pollFaulty(in);
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
            } finally {
                for (Inbound in : receivers.values()) in.receiver.region().close();
                receivers.clear();
                if (faults != null) faults.close();
            }
        }

        /** Polls one ring as the link fault hook says: revoked while cut, re-granted when healed, held while delayed. */
        private int pollFaulty(Inbound in) {
            int writer = in.receiver.region().writer();
            long mode = faults.mode(writer, self);
            if (mode != in.mode) {
                if (mode == LinkFaultHook.CUT) {
                    long fence = in.receiver.revoke();
                    stats.revocations.increment();
                    RingLog.info("link-fault", "self", self, "writer", writer, "mode", "cut", "fence", fence);
                } else if (in.mode == LinkFaultHook.CUT) {
                    in.receiver.regrant(); // a new epoch: the writer reconnects, nothing it wrote while cut is read
                    RingLog.info("link-fault", "self", self, "writer", writer, "mode", LinkFaultHook.describe(mode), "healed", "cut");
                } else {
                    RingLog.info("link-fault", "self", self, "writer", writer, "mode", LinkFaultHook.describe(mode));
                }
                in.held.reset(in.receiver.head());
                in.mode = mode;
            }
            if (mode <= 0) return in.receiver.poll(this, POLL_LIMIT); // pass, or cut: what came before the fence is still read
            long released = in.held.release(in.receiver.region().tail(), System.nanoTime(), mode * 1_000_000L);
            return in.receiver.poll(this, POLL_LIMIT, released);
        }

        @Override public void onInvalid(int writer, long position, String problem) {
            stats.malformedFrames.increment();
            RingLog.warn("malformed-frame", "self", self, "writer", writer, "position", position, "detail", problem);
        }

        @Override public void onFrame(int writer, DirectBuffer buffer, int offset, int length) {
            Message message;
            try {
                message = receiveCodec.decode(buffer, offset, length);
            } catch (WireFormatException e) { // validated already; a decoder disagreement is a bug, never delivered
                onInvalid(writer, -1, "frame passed validation but failed to decode: " + e.getMessage());
                return;
            }
            if (message instanceof ClientRequest || message instanceof ClientReply) {
                onInvalid(writer, -1, "a replica sent a " + message.getClass().getSimpleName() + " (client traffic never travels between replicas)");
                return;
            }
            receiveClock.accept(WireCodec.clockOf(buffer, offset));
            stats.framesReceived.increment();
            if (!sink.deliver(writer, message)) stats.droppedInbound.increment();
        }
    }
}
