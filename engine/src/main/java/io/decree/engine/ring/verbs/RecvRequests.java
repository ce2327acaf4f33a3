package io.decree.engine.ring.verbs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_RECV_WR;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_SGE;
import static io.decree.engine.ring.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One receive work request ({@code struct ibv_recv_wr}) in native memory, reused for every
 * {@code ibv_post_recv}: a WRITE_WITH_IMM or a SEND from the peer consumes one. {@code num_sge} 0 posts a
 * receive with no buffer, which is all a WRITE_WITH_IMM needs (its data goes where the writer said; only the
 * immediate comes through the completion).
 */
public final class RecvRequests {
    private static final long WR_ID = offset(IBV_RECV_WR, "wr_id");
    private static final long NEXT = offset(IBV_RECV_WR, "next");
    private static final long SG_LIST = offset(IBV_RECV_WR, "sg_list");
    private static final long NUM_SGE = offset(IBV_RECV_WR, "num_sge");
    private static final long SGE_ADDR = offset(IBV_SGE, "addr");
    private static final long SGE_LENGTH = offset(IBV_SGE, "length");
    private static final long SGE_LKEY = offset(IBV_SGE, "lkey");

    private final MemorySegment block;
    private final long sge = IBV_RECV_WR.byteSize();
    private final MemorySegment badWr;

    public RecvRequests(Arena arena) {
        long badWrOffset = sge + IBV_SGE.byteSize();
        block = arena.allocate(badWrOffset + ADDRESS.byteSize(), 8);
        badWr = block.asSlice(badWrOffset, ADDRESS.byteSize());
    }

    /** A receive with no buffer (for WRITE_WITH_IMM). */
    public void empty(long wrId) {
        encode(wrId, 0, 0, 0, 0);
    }

    /** A receive into {@code length} bytes at {@code localAddr} (in the MR of {@code lkey}), for a SEND. */
    public void into(long wrId, long localAddr, int length, int lkey) {
        encode(wrId, 1, localAddr, length, lkey);
    }

    private void encode(long wrId, int numSge, long localAddr, int length, int lkey) {
        block.set(JAVA_LONG, WR_ID, wrId);
        block.set(JAVA_LONG, NEXT, 0L);
        block.set(JAVA_LONG, SG_LIST, numSge == 0 ? 0L : block.address() + sge);
        block.set(JAVA_INT, NUM_SGE, numSge);
        block.set(JAVA_LONG, sge + SGE_ADDR, localAddr);
        block.set(JAVA_INT, sge + SGE_LENGTH, length);
        block.set(JAVA_INT, sge + SGE_LKEY, lkey);
    }

    MemorySegment head() {
        return block;
    }

    MemorySegment badWrSlot() {
        return badWr;
    }

    MemorySegment request() {
        return block.asSlice(0, IBV_RECV_WR.byteSize());
    }
}
