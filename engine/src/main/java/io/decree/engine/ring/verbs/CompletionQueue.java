package io.decree.engine.ring.verbs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_CONTEXT;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_CQ;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_WC;
import static io.decree.engine.ring.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A completion queue, polled (no completion channel, no interrupts: the ring's threads spin, as Mu's do).
 * {@link #poll()} is verbs.h's inline {@code ibv_poll_cq}: a call through {@code cq->context->ops.poll_cq}
 * into a reused array of {@code struct ibv_wc}; the accessors read entry {@code i} of the last poll.
 */
public final class CompletionQueue implements AutoCloseable {
    private static final long WC_SIZE = IBV_WC.byteSize();
    private static final long WR_ID = offset(IBV_WC, "wr_id");
    private static final long STATUS = offset(IBV_WC, "status");
    private static final long OPCODE = offset(IBV_WC, "opcode");
    private static final long IMM = offset(IBV_WC, "imm_data");
    private static final long WC_FLAGS = offset(IBV_WC, "wc_flags");
    private static final java.lang.foreign.ValueLayout.OfInt BE_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    private final Ibverbs lib;
    final MemorySegment cq;
    private final MemorySegment pollFn;
    private final MemorySegment entries;
    private final int batch;
    private boolean closed;

    CompletionQueue(Ibverbs lib, VerbsDevice device, Arena arena, int depth, int batch) {
        this.lib = lib;
        this.cq = lib.createCq(device.context, depth);
        MemorySegment context = cq.get(ADDRESS, offset(IBV_CQ, "context")).reinterpret(IBV_CONTEXT.byteSize());
        this.pollFn = Ibverbs.opsFunction(context, "poll_cq");
        this.batch = batch;
        this.entries = arena.allocate(WC_SIZE * batch, 8);
    }

    /** Polls up to the batch size; returns how many completions entries 0..n-1 now hold. */
    public int poll() {
        int n;
        try {
            n = (int) lib.pollCq.invokeExact(pollFn, cq, batch, entries);
        } catch (Throwable t) {
            throw new IllegalStateException("poll_cq call failed", t);
        }
        if (n < 0) throw new VerbsException("ibv_poll_cq failed: " + n);
        return n;
    }

    public long wrId(int i) { return entries.get(JAVA_LONG, WC_SIZE * i + WR_ID); }

    public int status(int i) { return entries.get(JAVA_INT, WC_SIZE * i + STATUS); }

    public int opcode(int i) { return entries.get(JAVA_INT, WC_SIZE * i + OPCODE); }

    public int flags(int i) { return entries.get(JAVA_INT, WC_SIZE * i + WC_FLAGS); }

    /** The immediate of a WRITE_WITH_IMM, from network to host order. */
    public int immediate(int i) {
        return entries.get(BE_INT, WC_SIZE * i + IMM);
    }

    String describeStatus(int i) {
        return lib.wcStatus(status(i)) + " (status " + status(i) + ")";
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        lib.destroyCq(cq);
    }
}
