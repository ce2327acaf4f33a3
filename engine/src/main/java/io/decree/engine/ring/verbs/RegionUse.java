package io.decree.engine.ring.verbs;

import static io.decree.engine.ring.verbs.VerbsConstants.IBV_ACCESS_LOCAL_WRITE;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_ACCESS_REMOTE_READ;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_ACCESS_REMOTE_WRITE;

/**
 * What a registered memory region is for, and so the access flags {@code ibv_reg_mr} gets: the least each use
 * needs. Nothing here is readable remotely: the ring protocol is write-only in both directions (the writer
 * pushes frames and the tail, the receiver pushes the head back), so a peer that misbehaves can at most write
 * where it was allowed to, never read the rest of a replica's memory.
 */
public enum RegionUse {
    /** A receiver's ring: data bytes and its tail word, written by the one writer's RDMA WRITEs. */
    RING(IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE),
    /** A writer's head word, written back by the receiver's RDMA WRITE. */
    HEAD(IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE),
    /** A writer's staging buffer: the NIC only reads it (local read needs no flag). */
    SOURCE(0);

    private final int accessFlags;

    RegionUse(int accessFlags) {
        this.accessFlags = checked(accessFlags);
    }

    public int accessFlags() {
        return accessFlags;
    }

    /**
     * Checks the verbs rule that a region written remotely is also written locally (the NIC writes it on the
     * peer's behalf): {@code ibv_reg_mr} fails with EINVAL otherwise. Also refuses remote read, which no use
     * here needs.
     */
    static int checked(int flags) {
        if ((flags & IBV_ACCESS_REMOTE_WRITE) != 0 && (flags & IBV_ACCESS_LOCAL_WRITE) == 0)
            throw new IllegalArgumentException("IBV_ACCESS_REMOTE_WRITE without IBV_ACCESS_LOCAL_WRITE: " + flags);
        if ((flags & IBV_ACCESS_REMOTE_READ) != 0)
            throw new IllegalArgumentException("remote read is not needed by the ring and is not granted: " + flags);
        return flags;
    }
}
