package io.decree.engine.ring.verbs;

import io.decree.engine.ring.FabricException;
import io.decree.engine.ring.RegisteredRegion;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static io.decree.engine.ring.verbs.VerbsConstants.IBV_SEND_SIGNALED;

/**
 * The receiver's side of a ring over verbs. Its memory, registered with {@link RegionUse#RING}:
 * <pre>
 *   0   tail  u64 little-endian, written by the writer's RDMA WRITE (its publication)
 *   64  data  capacity bytes, written by the writer's RDMA WRITEs
 * </pre>
 * The head goes the other way: {@link #writeHead} RDMA-WRITEs it into the writer's head word through this
 * region's own queue pair. Each writer connection gets a fresh RC queue pair ({@link #accept}).
 *
 * <h2>Revocation: Mu's permission switch</h2>
 * {@link #revoke} takes remote write away from the connection's queue pair ({@code ibv_modify_qp} with only
 * {@code IBV_QP_ACCESS_FLAGS}, staying in RTS); if the provider refuses that, it moves the queue pair to
 * ERROR. Either way, when {@code ibv_modify_qp} has returned the NIC executes no further WRITE of that writer
 * into this memory, so the tail read after it is the fence: every publication whose WRITE executed before is
 * at or below it, and the writer's later WRITEs fail in its completion queue, where its {@code publish}
 * looks. With the flag switch the refused WRITE is NAKed at once; after the ERROR fallback the writer learns
 * it only when its retries run out (about half a second at the timeout and retry count of
 * {@link QpTransitions}), and a WRITE that executed but whose ACK was lost reads as failed to the writer
 * though it lies within the fence, so the fence, not the writer's view, is what counts. {@link #regrant}
 * destroys the queue pair and re-registers the memory, so the old writer's connection and rkey are both dead.
 *
 * <p>Threads: the receiver's poller owns the region; {@link #accept} runs on the connecting thread (the
 * rendezvous'). Everything that touches the queue pair is synchronized; {@link #tail()} only reads memory.
 */
final class VerbsRegisteredRegion implements RegisteredRegion, VerbsRendezvous.Listener {
    static final long TAIL_OFFSET = 0;
    static final long DATA_OFFSET = 64;
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle TAIL = LE_LONG.varHandle();
    /** A head write is signaled every this many, so the send queue is reaped before it fills. */
    static final int SIGNAL_EVERY = 16;

    private final VerbsDevice device;
    private final VerbsOptions options;
    private final int writer;
    private final int capacity;
    private final Arena arena;
    private final MemorySegment memory;
    private final MemorySegment data;
    private final MemorySegment headStaging;
    private final MemoryRegion stagingMr;
    private MemoryRegion mr;
    private Connection connection;
    private long head;
    private long epoch;
    private volatile boolean revoked;
    private long fence;
    private boolean closed;

    /** One writer's reliable connection and what posting head writes on it needs. */
    private static final class Connection implements AutoCloseable {
        final CompletionQueue cq;
        final QueuePair qp;
        final SendRequests requests;
        final long headAddress;
        final int headRkey;
        int unsignaled;
        boolean broken;

        Connection(CompletionQueue cq, QueuePair qp, SendRequests requests, long headAddress, int headRkey) {
            this.cq = cq;
            this.qp = qp;
            this.requests = requests;
            this.headAddress = headAddress;
            this.headRkey = headRkey;
        }

        @Override public void close() {
            try {
                qp.close();
            } finally {
                cq.close();
            }
        }
    }

    VerbsRegisteredRegion(VerbsDevice device, VerbsOptions options, int writer, int capacity) {
        this.device = device;
        this.options = options;
        this.writer = writer;
        this.capacity = capacity;
        this.arena = Arena.ofShared();
        try {
            this.memory = arena.allocate(DATA_OFFSET + capacity, 4096);
            this.data = memory.asSlice(DATA_OFFSET, capacity);
            this.headStaging = arena.allocate(64, 64);
            this.mr = device.register(memory, RegionUse.RING);
            this.stagingMr = device.register(headStaging, RegionUse.SOURCE);
        } catch (RuntimeException | Error e) {
            if (mr != null) mr.close();
            arena.close();
            throw e;
        }
    }

    @Override public int writer() { return writer; }

    @Override public int capacity() { return capacity; }

    @Override public MemorySegment data() { return data; }

    @Override public long tail() {
        if (revoked) return fence;
        return (long) TAIL.getAcquire(memory, TAIL_OFFSET);
    }

    @Override public synchronized void writeHead(long head) {
        this.head = head;
        Connection c = connection;
        if (c == null || c.broken || revoked) return;   // a writer connecting later reads the head from the reply
        headStaging.set(LE_LONG, 0, head);
        // The staging word may be rewritten before the NIC reads it for an earlier unsignaled WRITE: then that
        // WRITE carries a newer head, which is as valid (the head only grows).
        boolean signal = ++c.unsignaled >= SIGNAL_EVERY;
        c.requests.clear();
        c.requests.rdmaWrite(head, stagingMr.address(), Long.BYTES, stagingMr.lkey(), c.headAddress, c.headRkey,
                signal ? IBV_SEND_SIGNALED : 0);
        c.qp.post(c.requests);
        if (signal) {
            c.unsignaled = 0;
            c.broken = !awaitCompletion(c, head);
        }
    }

    /** Spins until the completion of {@code wrId} (or an error, which breaks the connection) arrives. */
    private static boolean awaitCompletion(Connection c, long wrId) {
        while (true) {
            int n = c.cq.poll();
            for (int i = 0; i < n; i++) {
                if (c.cq.status(i) != VerbsConstants.IBV_WC_SUCCESS) return false;
                if (c.cq.wrId(i) == wrId) return true;
            }
            Thread.onSpinWait();
        }
    }

    @Override public synchronized long revoke() {
        if (revoked) return fence;
        Connection c = connection;
        if (c != null && !c.qp.revokeAccess()) c.qp.fence();
        fence = (long) TAIL.getAcquire(memory, TAIL_OFFSET);
        revoked = true;
        return fence;
    }

    @Override public synchronized boolean revoked() { return revoked; }

    @Override public synchronized void regrant() {
        if (!revoked) revoke();
        closeConnection();
        // A new rkey: whatever the old writer still holds names memory it can no longer reach.
        mr.close();
        mr = device.register(memory, RegionUse.RING);
        TAIL.setRelease(memory, TAIL_OFFSET, fence);
        head = fence;
        epoch++;
        revoked = false;
    }

    @Override public synchronized VerbsRendezvous.Reply accept(VerbsRendezvous.Hello hello) throws FabricException {
        if (closed) throw new FabricException("verbs: the ring of writer " + writer + " is closed");
        if (revoked) throw new FabricException("verbs: writer " + writer + " is revoked (epoch " + epoch + ", fence " + fence + ")");
        closeConnection();   // a writer that reconnects replaces its old connection
        CompletionQueue cq = null;
        QueuePair qp = null;
        try {
            cq = new CompletionQueue(device.lib, device, arena, options.sendQueueDepth() + 1, 8);
            qp = new QueuePair(device, arena, cq, cq, options.sendQueueDepth(), 1, psn());
            qp.connect(hello.writer());
            connection = new Connection(cq, qp, new SendRequests(arena, 1), hello.headAddress(), hello.headRkey());
        } catch (RuntimeException e) {
            if (qp != null) qp.close();
            if (cq != null) cq.close();
            throw new FabricException("verbs: cannot connect writer " + writer + ": " + e.getMessage(), e);
        }
        return new VerbsRendezvous.Reply(connection.qp.endpoint(), mr.address() + DATA_OFFSET, mr.address() + TAIL_OFFSET,
                mr.rkey(), capacity, tail(), head, epoch);
    }

    private static int psn() {
        return java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24);
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) c.close();
    }

    @Override public synchronized void close() {
        if (closed) return;
        revoke();
        closed = true;
        try {
            closeConnection();
            mr.close();
            stagingMr.close();
        } finally {
            arena.close();
        }
    }

    @Override public String toString() {
        return "verbs ring of writer " + writer + " on " + device.name() + " (epoch " + epoch + (revoked ? ", revoked" : "") + ")";
    }
}
