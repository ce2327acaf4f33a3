package io.decree.engine.ring.verbs;

import io.decree.engine.ring.RemoteRegion;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static io.decree.engine.ring.verbs.VerbsConstants.IBV_SEND_SIGNALED;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_WC_SUCCESS;

/**
 * The writer's side of a ring over verbs, on its own RC queue pair to the receiver's.
 * <ul>
 *   <li>{@link #write}: an unsignaled RDMA WRITE from {@link #source()} (registered {@link RegionUse#SOURCE})
 *   into the receiver's data.</li>
 *   <li>{@link #publish}: a signaled 8-byte RDMA WRITE of the new tail into the receiver's tail word, posted
 *   after the data's WRITEs on the same queue pair, then a spin on the completion queue until it completes.
 *   An RC queue pair executes its WRITEs in order and a WRITE's completion means the responder has
 *   executed it, so when {@code publish} returns true the data and the tail are both in the receiver's
 *   memory, the data first. Any failed completion (the receiver took the permission away: remote access
 *   error; or the connection died: retries exceeded, flushed) marks the handle revoked, and it stays so.</li>
 *   <li>{@link #head()}: an acquire read of the local head word (registered {@link RegionUse#HEAD}), which
 *   the receiver RDMA-WRITEs.</li>
 * </ul>
 * Waiting for the tail's completion costs one network round trip per publication; it is what lets
 * {@code publish} answer the seam's question (did it count?) synchronously. Owned by one thread.
 */
final class VerbsRemoteRegion implements RemoteRegion {
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle HEAD = LE_LONG.varHandle();

    private final VerbsDevice device;
    private final Arena arena;
    private final MemorySegment headWord;
    private final MemoryRegion headMr;
    private final CompletionQueue cq;
    private final QueuePair qp;
    private final SendRequests requests;
    private final int sendQueueDepth;
    // Sized by the receiver's reply, in attach.
    private int capacity;
    private MemorySegment staging;
    private MemorySegment source;
    private long tailStaging;
    private MemoryRegion sourceMr;
    private long dataAddress;
    private long tailAddress;
    private int rkey;
    private long tail;
    private long nextWrId = 1;
    private int outstanding;
    private boolean revoked;
    private boolean closed;

    /**
     * Creates the local half: the queue pair and the head word the receiver needs to know of.
     * {@link #attach} completes it with the receiver's reply.
     */
    VerbsRemoteRegion(VerbsDevice device, VerbsOptions options) {
        this.device = device;
        this.arena = Arena.ofShared();
        this.sendQueueDepth = options.sendQueueDepth();
        MemoryRegion h = null;
        CompletionQueue c = null;
        try {
            this.headWord = arena.allocate(64, 64);
            h = device.register(headWord, RegionUse.HEAD);
            c = new CompletionQueue(device.lib, device, arena, sendQueueDepth + 1, 8);
            this.qp = new QueuePair(device, arena, c, c, sendQueueDepth, 1,
                    java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24));
        } catch (RuntimeException | Error e) {
            if (c != null) c.close();
            if (h != null) h.close();
            arena.close();
            throw e;
        }
        this.headMr = h;
        this.cq = c;
        this.requests = new SendRequests(arena, 1);
    }

    VerbsRendezvous.Hello hello() {
        return new VerbsRendezvous.Hello(qp.endpoint(), headMr.address(), headMr.rkey());
    }

    /**
     * Registers staging memory for the receiver's ring size, brings the queue pair up toward the receiver's
     * and takes the ring's positions from its reply.
     */
    void attach(VerbsRendezvous.Reply reply) {
        this.capacity = reply.capacity();
        this.tailStaging = capacity;   // the tail value is staged just past the frame bytes
        this.staging = arena.allocate(capacity + 64L, 4096);
        this.source = staging.asSlice(0, capacity);
        this.sourceMr = device.register(staging, RegionUse.SOURCE);
        qp.connect(reply.receiver());
        this.dataAddress = reply.dataAddress();
        this.tailAddress = reply.tailAddress();
        this.rkey = reply.rkey();
        this.tail = reply.tail();
        HEAD.setRelease(headWord, 0L, reply.head());
    }

    @Override public int capacity() { return capacity; }

    @Override public MemorySegment source() { return source; }

    @Override public void write(int index, long sourceOffset, int length) {
        java.util.Objects.checkFromIndexSize(index, length, capacity);
        java.util.Objects.checkFromIndexSize(sourceOffset, length, capacity);
        if (revoked || length == 0) return;
        // Keep one slot of the send queue for the tail; when the data WRITEs would take it, wait for them.
        boolean signal = ++outstanding >= sendQueueDepth - 1;
        long wrId = nextWrId++;
        requests.clear();
        requests.rdmaWrite(wrId, sourceMr.address() + sourceOffset, length, sourceMr.lkey(), dataAddress + index, rkey,
                signal ? IBV_SEND_SIGNALED : 0);
        qp.post(requests);
        if (signal && !awaitCompletion(wrId)) revoked = true;
    }

    @Override public boolean publish(long tail) {
        if (revoked) return false;
        assert tail >= this.tail : "tail " + tail + " behind " + this.tail;
        staging.set(LE_LONG, tailStaging, tail);
        long wrId = nextWrId++;
        requests.clear();
        requests.rdmaWrite(wrId, sourceMr.address() + tailStaging, Long.BYTES, sourceMr.lkey(), tailAddress, rkey,
                IBV_SEND_SIGNALED);
        qp.post(requests);
        if (!awaitCompletion(wrId)) {
            revoked = true;
            return false;
        }
        this.tail = tail;
        return true;
    }

    /**
     * Spins until {@code wrId} completes. Unsignaled WRITEs before it complete silently when they succeed,
     * but a failed one is always reported, and the queue pair then flushes everything after it: so an error
     * anywhere up to {@code wrId} shows here. Returns false on any error.
     */
    private boolean awaitCompletion(long wrId) {
        while (true) {
            int n = cq.poll();
            for (int i = 0; i < n; i++) {
                if (cq.status(i) != IBV_WC_SUCCESS) return false;
                if (cq.wrId(i) == wrId) {
                    outstanding = 0;
                    return true;
                }
            }
            Thread.onSpinWait();
        }
    }

    @Override public long head() { return (long) HEAD.getAcquire(headWord, 0L); }

    @Override public long tail() { return tail; }

    @Override public boolean revoked() { return revoked; }

    @Override public void close() {
        if (closed) return;
        closed = true;
        try {
            qp.close();
            cq.close();
            headMr.close();
            if (sourceMr != null) sourceMr.close();
        } finally {
            arena.close();
        }
    }
}
