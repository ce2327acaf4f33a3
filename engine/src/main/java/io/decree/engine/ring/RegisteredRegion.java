package io.decree.engine.ring;

import java.lang.foreign.MemorySegment;

/**
 * The receiver's handle on a region it exposed to one writer (see {@link RingFabric} for the ordering of each
 * call). Owned by one thread, the receiver's poller.
 */
public interface RegisteredRegion extends AutoCloseable {

    /** Which replica may write here. */
    int writer();

    /** Data bytes, a power of two. */
    int capacity();

    /**
     * The data bytes, in the receiver's own memory. Read only below the published {@link #tail()}, and only
     * after reading the tail: bytes beyond it may be torn or being written.
     */
    MemorySegment data();

    /**
     * The last published position (acquire). After {@link #revoke} it stays at the position revoke returned,
     * whatever the revoked writer does.
     */
    long tail();

    /** Writes back the head (release): the writer may reuse every position before {@code head}. */
    void writeHead(long head);

    /**
     * Takes the writer's permission away (Mu's permission switch). Returns the fenced tail: every publication
     * that landed is at or below it, and no later publication of this writer becomes visible. Idempotent.
     */
    long revoke();

    /** True after {@link #revoke} until {@link #regrant}. */
    boolean revoked();

    /**
     * Gives the writer permission again in a new epoch, with an empty ring at the current position (head =
     * tail): a writer that still holds the old epoch stays revoked and must reconnect, so none of its
     * stale publications can land in the new epoch.
     */
    void regrant();

    /** Revokes and releases the region. */
    @Override void close();
}
