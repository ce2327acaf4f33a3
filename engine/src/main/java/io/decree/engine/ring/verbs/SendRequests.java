package io.decree.engine.ring.verbs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.decree.engine.ring.verbs.VerbsConstants.IBV_WR_RDMA_WRITE;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_WR_RDMA_WRITE_WITH_IMM;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_WR_SEND;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_SEND_WR;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_SGE;
import static io.decree.engine.ring.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A reusable chain of up to {@code capacity} send work requests ({@code struct ibv_send_wr}), each with one
 * scatter/gather element, in native memory: the argument of {@code ibv_post_send}. A flyweight in Agrona's
 * sense: one native block encodes every post, and encoding allocates nothing on the Java heap.
 *
 * <pre>
 *   block: [ wr 0 | wr 1 | ... | wr n-1 ][ sge 0 | sge 1 | ... | sge n-1 ][ bad_wr pointer ]
 *   wr i:  wr_id, next = &amp;wr i+1 (NULL for the last), sg_list = &amp;sge i, num_sge = 1, opcode, send_flags,
 *          imm_data (big-endian, WRITE_WITH_IMM only), wr.rdma.remote_addr, wr.rdma.rkey (WRITEs only)
 * </pre>
 * Members not listed are zero from allocation and never written, so the provider sees exactly what C code
 * that zero-initializes its {@code ibv_send_wr} would pass. {@code SendRequestsTest} compares the bytes with
 * ones a C program encodes through the header.
 */
public final class SendRequests {
    static final long WR_SIZE = IBV_SEND_WR.byteSize();
    static final long SGE_SIZE = IBV_SGE.byteSize();
    private static final long WR_ID = offset(IBV_SEND_WR, "wr_id");
    private static final long NEXT = offset(IBV_SEND_WR, "next");
    private static final long SG_LIST = offset(IBV_SEND_WR, "sg_list");
    private static final long NUM_SGE = offset(IBV_SEND_WR, "num_sge");
    private static final long OPCODE = offset(IBV_SEND_WR, "opcode");
    private static final long SEND_FLAGS = offset(IBV_SEND_WR, "send_flags");
    private static final long IMM_DATA = offset(IBV_SEND_WR, "imm_data");
    private static final long REMOTE_ADDR = offset(IBV_SEND_WR, "wr.rdma.remote_addr");
    private static final long RKEY = offset(IBV_SEND_WR, "wr.rdma.rkey");
    private static final long SGE_ADDR = offset(IBV_SGE, "addr");
    private static final long SGE_LENGTH = offset(IBV_SGE, "length");
    private static final long SGE_LKEY = offset(IBV_SGE, "lkey");
    /** {@code __be32 imm_data}: network byte order whatever the host's. */
    private static final ValueLayout.OfInt BE_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment block;
    private final int capacity;
    private final long sgeBase;
    private final long badWrOffset;
    private final MemorySegment badWr;
    private int count;

    public SendRequests(Arena arena, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity + " < 1");
        this.capacity = capacity;
        this.sgeBase = WR_SIZE * capacity;
        this.badWrOffset = sgeBase + SGE_SIZE * capacity;
        this.block = arena.allocate(badWrOffset + ADDRESS.byteSize(), 8);   // zeroed by the arena
        this.badWr = block.asSlice(badWrOffset, ADDRESS.byteSize());
    }

    /** Empties the chain (the next request encoded is the first). */
    public void clear() {
        count = 0;
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return capacity;
    }

    /** RDMA WRITE of {@code length} bytes at local {@code localAddr} (in the MR of {@code lkey}) to {@code remoteAddr}. */
    public void rdmaWrite(long wrId, long localAddr, int length, int lkey, long remoteAddr, int rkey, int sendFlags) {
        encode(wrId, IBV_WR_RDMA_WRITE, sendFlags, 0, localAddr, length, lkey, remoteAddr, rkey);
    }

    /** RDMA WRITE that also consumes a receive at the target and delivers {@code immediate} in its completion. */
    public void rdmaWriteWithImm(long wrId, long localAddr, int length, int lkey, long remoteAddr, int rkey,
                                 int sendFlags, int immediate) {
        encode(wrId, IBV_WR_RDMA_WRITE_WITH_IMM, sendFlags, immediate, localAddr, length, lkey, remoteAddr, rkey);
    }

    /** Two-sided SEND into the peer's next posted receive. */
    public void send(long wrId, long localAddr, int length, int lkey, int sendFlags) {
        encode(wrId, IBV_WR_SEND, sendFlags, 0, localAddr, length, lkey, 0, 0);
    }

    private void encode(long wrId, int opcode, int sendFlags, int immediate, long localAddr, int length, int lkey,
                        long remoteAddr, int rkey) {
        if (count == capacity) throw new IllegalStateException("chain full: " + capacity + " work requests");
        if (length < 0) throw new IllegalArgumentException("length " + length);
        long wr = WR_SIZE * count;
        long sge = sgeBase + SGE_SIZE * count;
        block.set(JAVA_LONG, sge + SGE_ADDR, localAddr);
        block.set(JAVA_INT, sge + SGE_LENGTH, length);
        block.set(JAVA_INT, sge + SGE_LKEY, lkey);
        block.set(JAVA_LONG, wr + WR_ID, wrId);
        block.set(JAVA_LONG, wr + NEXT, 0L);
        block.set(JAVA_LONG, wr + SG_LIST, block.address() + sge);
        block.set(JAVA_INT, wr + NUM_SGE, 1);
        block.set(JAVA_INT, wr + OPCODE, opcode);
        block.set(JAVA_INT, wr + SEND_FLAGS, sendFlags);
        block.set(BE_INT, wr + IMM_DATA, immediate);
        block.set(JAVA_LONG, wr + REMOTE_ADDR, remoteAddr);
        block.set(JAVA_INT, wr + RKEY, rkey);
        if (count > 0) block.set(JAVA_LONG, wr - WR_SIZE + NEXT, block.address() + wr);
        count++;
    }

    /** The first work request of the chain: {@code ibv_post_send}'s {@code wr}. */
    MemorySegment head() {
        if (count == 0) throw new IllegalStateException("no work request encoded");
        return block;
    }

    /** Where {@code ibv_post_send} stores the first request it refused: {@code bad_wr}. */
    MemorySegment badWrSlot() {
        return badWr;
    }

    /** Which request of the chain a {@code bad_wr} pointer names, or -1. */
    int indexOf(MemorySegment badWr) {
        long at = badWr.address() - block.address();
        return at >= 0 && at < sgeBase && at % WR_SIZE == 0 ? (int) (at / WR_SIZE) : -1;
    }

    /** The native bytes of work request {@code i} and its element (tests compare them with C's). */
    MemorySegment request(int i) {
        java.util.Objects.checkIndex(i, count);
        return block.asSlice(WR_SIZE * i, WR_SIZE);
    }

    MemorySegment element(int i) {
        java.util.Objects.checkIndex(i, count);
        return block.asSlice(sgeBase + SGE_SIZE * i, SGE_SIZE);
    }
}
