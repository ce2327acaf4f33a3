package io.decree.perf.jmh;

import io.decree.engine.message.Flat;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Replica;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.statemachine.StateMachine;
import io.decree.engine.wire.DecodedMessage;
import io.decree.engine.wire.WireCodec;
import java.util.function.Supplier;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link LockstepReplicas} with the wire in between: every message a replica sends is encoded into a frame in
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
final class WireLockstepCluster extends LockstepReplicas {
    private final boolean flat;
    private final WireCodec codec = new WireCodec();
    private final Inbox[] inboxes = new Inbox[REPLICAS + 1];

    WireLockstepCluster(boolean flat, ReplicaOptions options, Supplier<StateMachine> stateMachines) {
        this.flat = flat;
        for (int id = 1; id <= REPLICAS; id++) inboxes[id] = new Inbox();
        start(options, stateMachines);
    }

    @Override protected void deliver(int from, int to, Message message) {
        if (to == from) inboxes[to].addLocal(from, Flat.RECORD, 0, 0, 0, message); // to itself: never encoded
        else if (to >= 1 && to <= REPLICAS) inboxes[to].add(codec, from, message);
    }

    @Override protected boolean deliverFlat(int from, int to, int kind, long a, long b, long c, Object ref) {
        if (!flat) return false; // the record path: the default builds the record
        if (to == from) inboxes[to].addLocal(from, kind, a, b, c, ref);
        else if (to >= 1 && to <= REPLICAS) inboxes[to].add(codec, from, kind, a, b, c, ref);
        return true;
    }

    /** A client's request arrives at the leader as a frame (the command is the harness's, built by the caller). */
    @Override public void request(Command command) { inboxes[leader()].add(codec, CLIENT, Flat.CLIENT_REQUEST, 0, 0, 0, command); }

    @Override protected int waiting(int id) { return inboxes[id].count; }

    /** Decodes and handles the first {@code n} frames. */
    @Override protected void handle(int id, Replica replica, int n) {
        Inbox in = inboxes[id];
        for (int i = 0; i < n; i++) {
            int at = in.offsets[i], length = in.offsets[i + 1] - at;
            if (length == 0) { // sent to itself: handed over as it is, as TcpTransport does
                if (in.kinds[i] == Flat.RECORD) replica.onMessage(in.from[i], (Message) in.refs[i]);
                else replica.onMessage(in.from[i], in.kinds[i], in.as[i], in.bs[i], in.cs[i], in.refs[i]);
            } else if (flat) {
                DecodedMessage d = codec.decodeFlat(in.buffer, at, length);
                replica.onMessage(in.from[i], d.kind(), d.a(), d.b(), d.c(), d.ref());
            } else replica.onMessage(in.from[i], codec.decode(in.buffer, at, length));
        }
    }

    @Override protected void consume(int id, int n) { inboxes[id].consume(n); }

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
