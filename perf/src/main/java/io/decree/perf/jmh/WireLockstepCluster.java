package io.decree.perf.jmh;

import io.decree.engine.message.Flat;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Environment;
import io.decree.engine.protocol.Proposer;
import io.decree.engine.protocol.Replica;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.StateMachine;
import io.decree.engine.wire.DecodedMessage;
import io.decree.engine.wire.WireCodec;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link LockstepCluster} with the wire in between: every message a replica sends is encoded into a frame in
 * the receiver's inbox (a byte buffer, as a socket's would be), and the receiver decodes it before handling
 * it, all on one thread. A message a replica sends to itself (a leader's own 2a and 2b) is handed over as
 * it is, never encoded, as {@code TcpTransport} does. What a replica's turn allocates is then what its share of the TCP path allocates on
 * its protocol thread and I/O thread together, without TLS, sockets or thread hand-offs.
 *
 * <p>Two paths, over the same engine: {@code flat} encodes the steady state's messages from their fields
 * and decodes them into a reused {@link DecodedMessage}, handled by {@code Replica.onMessage(from, kind, ...)}
 * (what {@code TcpTransport} does now); {@code records} builds a record for every message sent and decodes
 * every frame into a record (the path before: {@code WireCodec.encode(Message)}, {@code decode},
 * {@code Replica.onMessage(from, Message)}).
 */
final class WireLockstepCluster implements Lockstep {
    static final int CLIENT = 1_000;

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final boolean flat;
    private final WireCodec codec = new WireCodec();
    private final Replica[] replicas = new Replica[REPLICAS + 1];
    private final Inbox[] inboxes = new Inbox[REPLICAS + 1];
    final long[] allocated = new long[REPLICAS + 1];
    private long now = 1_000;
    private int current;
    private final int leader;

    WireLockstepCluster(boolean flat, ReplicaOptions options, Supplier<StateMachine> stateMachines) {
        this.flat = flat;
        Configuration config = Configuration.ofSize(REPLICAS);
        for (int id = 1; id <= REPLICAS; id++) {
            inboxes[id] = new Inbox();
            SplittableRandom random = new SplittableRandom(id);
            Environment env = new Environment() {
                @Override public long now() { return now; }

                @Override public RandomGenerator random() { return random; }

                @Override public void send(int to, Message message) {
                    if (to == current) inboxes[to].addLocal(current, Flat.RECORD, 0, 0, 0, message); // to itself: never encoded
                    else if (to >= 1 && to <= REPLICAS) inboxes[to].add(codec, current, message);
                }

                @Override public void send(int to, int kind, long a, long b, long c, Object ref) {
                    if (!WireLockstepCluster.this.flat) Environment.super.send(to, kind, a, b, c, ref); // builds the record
                    else if (to == current) inboxes[to].addLocal(current, kind, a, b, c, ref);
                    else if (to >= 1 && to <= REPLICAS) inboxes[to].add(codec, current, kind, a, b, c, ref);
                }
            };
            replicas[id] = Replica.builder().id(id).configuration(config).options(options).environment(env)
                    .stateMachine(stateMachines.get()).storage(new LockstepCluster.DiscardingStorage()).build();
        }
        leader = elect();
    }

    private int elect() {
        for (int step = 0; step < 100_000; step++) {
            now++;
            for (int id = 1; id <= REPLICAS; id++) {
                current = id;
                replicas[id].onTick();
                replicas[id].flush();
            }
            settle();
            for (int id = 1; id <= REPLICAS; id++) {
                if (replicas[id].role() != Proposer.Role.LEADER) continue;
                boolean agreed = true;
                for (int r = 1; r <= REPLICAS; r++) agreed &= replicas[r].leaderHint() == id;
                if (agreed) return id;
            }
        }
        throw new IllegalStateException("no leader after 100 s of simulated time");
    }

    @Override public long[] allocated() { return allocated; }

    @Override public int leader() { return leader; }

    @Override public Replica replica(int id) { return replicas[id]; }

    /** A client's request arrives at the leader as a frame (the command is the harness's, built by the caller). */
    @Override public void request(Command command) { inboxes[leader].add(codec, CLIENT, Flat.CLIENT_REQUEST, 0, 0, 0, command); }

    /** Every replica decodes and handles its frames, then flushes, round after round, until none is left. */
    @Override public void settle() {
        boolean any = true;
        while (any) {
            any = false;
            for (int id = 1; id <= REPLICAS; id++) {
                Inbox in = inboxes[id];
                if (in.count == 0) continue;
                any = true;
                current = id;
                long before = THREADS.getCurrentThreadAllocatedBytes();
                int n = in.count;
                for (int i = 0; i < n; i++) {
                    int at = in.offsets[i], length = in.offsets[i + 1] - at;
                    if (length == 0) { // sent to itself: handed over as it is, as TcpTransport does
                        if (in.kinds[i] == Flat.RECORD) replicas[id].onMessage(in.from[i], (Message) in.refs[i]);
                        else replicas[id].onMessage(in.from[i], in.kinds[i], in.as[i], in.bs[i], in.cs[i], in.refs[i]);
                    } else if (flat) {
                        DecodedMessage d = codec.decodeFlat(in.buffer, at, length);
                        replicas[id].onMessage(in.from[i], d.kind(), d.a(), d.b(), d.c(), d.ref());
                    } else replicas[id].onMessage(in.from[i], codec.decode(in.buffer, at, length));
                }
                replicas[id].flush();
                allocated[id] += THREADS.getCurrentThreadAllocatedBytes() - before;
                in.consume(n);
            }
        }
    }

    /** A replica's inbound frames, back to back in one buffer, and who sent each: reused, as a socket buffer is. */
    private static final class Inbox {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4 << 20]);
        int[] offsets = new int[1025];
        int[] from = new int[1024];
        /** A message a replica sent to itself (a zero-length frame): its fields, never encoded. */
        int[] kinds = new int[1024];
        long[] as = new long[1024], bs = new long[1024], cs = new long[1024];
        Object[] refs = new Object[1024];
        int count;

        void addLocal(int sender, int kind, long a, long b, long c, Object ref) {
            room();
            offsets[count + 1] = offsets[count];
            kinds[count] = kind;
            as[count] = a;
            bs[count] = b;
            cs[count] = c;
            refs[count] = ref;
            from[count++] = sender;
        }

        void add(WireCodec codec, int sender, Message m) {
            room();
            offsets[count + 1] = offsets[count] + codec.encode(m, 0, buffer, offsets[count]);
            from[count++] = sender;
        }

        void add(WireCodec codec, int sender, int kind, long a, long b, long c, Object ref) {
            room();
            offsets[count + 1] = offsets[count] + codec.encode(kind, a, b, c, ref, 0, buffer, offsets[count]);
            from[count++] = sender;
        }

        private void room() {
            if (count + 1 == from.length) {
                int n = from.length * 2;
                from = java.util.Arrays.copyOf(from, n);
                offsets = java.util.Arrays.copyOf(offsets, n + 1);
                kinds = java.util.Arrays.copyOf(kinds, n);
                as = java.util.Arrays.copyOf(as, n);
                bs = java.util.Arrays.copyOf(bs, n);
                cs = java.util.Arrays.copyOf(cs, n);
                refs = java.util.Arrays.copyOf(refs, n);
            }
        }

        /** Drops the first {@code n} (handled) frames and moves the rest to the front. */
        void consume(int n) {
            int start = offsets[n], end = offsets[count];
            buffer.putBytes(0, buffer, start, end - start);
            for (int i = n; i <= count; i++) offsets[i - n] = offsets[i] - start;
            System.arraycopy(from, n, from, 0, count - n);
            System.arraycopy(kinds, n, kinds, 0, count - n);
            System.arraycopy(as, n, as, 0, count - n);
            System.arraycopy(bs, n, bs, 0, count - n);
            System.arraycopy(cs, n, cs, 0, count - n);
            System.arraycopy(refs, n, refs, 0, count - n);
            java.util.Arrays.fill(refs, count - n, count, null);
            count -= n;
        }
    }
}
