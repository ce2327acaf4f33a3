package io.decree.engine.ring.verbs;

import java.lang.foreign.MemorySegment;

import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_MR;
import static io.decree.engine.ring.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A registered memory region ({@code ibv_reg_mr}): {@link #lkey()} names it in our own work requests,
 * {@link #rkey()} is what a peer puts in its RDMA WRITEs to reach it, {@link #address()} is where it starts
 * (the address a peer writes to, since registration here uses the virtual address as the I/O address).
 */
public final class MemoryRegion implements AutoCloseable {
    private static final long ADDR = offset(IBV_MR, "addr");
    private static final long LKEY = offset(IBV_MR, "lkey");
    private static final long RKEY = offset(IBV_MR, "rkey");

    private final Ibverbs lib;
    private final MemorySegment mr;
    private final MemorySegment memory;
    private final int lkey;
    private final int rkey;
    private final long address;
    private boolean closed;

    MemoryRegion(Ibverbs lib, MemorySegment mr, MemorySegment memory) {
        this.lib = lib;
        this.mr = mr;
        this.memory = memory;
        this.lkey = mr.get(JAVA_INT, LKEY);
        this.rkey = mr.get(JAVA_INT, RKEY);
        this.address = mr.get(JAVA_LONG, ADDR);
        assert address == memory.address() : "ibv_mr.addr " + address + " is not the registered memory";
    }

    public int lkey() { return lkey; }

    public int rkey() { return rkey; }

    public long address() { return address; }

    public MemorySegment memory() { return memory; }

    /** {@code ibv_dereg_mr}: the rkey stops working for every peer. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        lib.deregMr(mr);
    }
}
