package io.decree.engine.ring;

import java.lang.foreign.MemorySegment;

/**
 * The writer's handle on a region in a receiver's memory (see {@link RingFabric} for the ordering of each
 * call). Owned by one thread, the sender's.
 */
public interface RemoteRegion extends AutoCloseable {

    /** Data bytes in the region, a power of two. */
    int capacity();

    /**
     * Local memory the writer encodes a frame into before {@link #write} moves it; at least
     * {@link #capacity()} bytes. Verbs registers it so the NIC can read it; shared memory could write in
     * place but stages too, so both fabrics take the same path.
     */
    MemorySegment source();

    /**
     * One-sided write of {@code length} bytes of {@link #source()} from {@code sourceOffset} to data index
     * {@code index} of the remote region ({@code index + length <= capacity}). No visibility or ordering
     * guarantee until {@link #publish}. Never throws for a revoked writer: its bytes land nowhere the receiver
     * reads. The fabric may read the source bytes until the next {@code publish} returns (an RDMA WRITE reads
     * them when the NIC gets to it), so the writer stages each record of a publication at its own offsets.
     */
    void write(int index, long sourceOffset, int length);

    /**
     * Publishes every byte written so far up to position {@code tail} (release; {@code tail} is at least the
     * last published position). Returns false, publishing nothing, if this writer's permission was revoked;
     * from then on it returns false until the writer reconnects to a re-granted region.
     */
    boolean publish(long tail);

    /** The head the receiver last wrote back (acquire): positions before it are free to overwrite. */
    long head();

    /** The tail this handle last published (or found when it connected). */
    long tail();

    /** True once the fabric knows this writer's permission is revoked. */
    boolean revoked();

    /** Detaches; no effect on the receiver's region. */
    @Override void close();
}
