package io.decree.engine.ring;

/**
 * The one seam of the ring transport: memory a receiver exposes to one writer, and the one-sided operations
 * on it. The ring protocol ({@code RingSender}, {@code RingReceiver}) is written once against this interface;
 * a fabric is how the bytes move: shared memory between processes on one host ({@code ShmFabric}), RDMA verbs
 * between hosts ({@code io.decree.engine.ring.verbs}), or the simulator's model (model-tests
 * {@code io.decree.sim.ring}).
 *
 * <h2>Why one-sided</h2>
 * The receiver's CPU takes no part in moving a message: the writer puts the frame straight into the
 * receiver's memory and then publishes it by advancing a tail word there; the receiver only polls its own
 * memory. That is what lets Mu (OSDI '20) replicate in about a microsecond, and it is also why fencing has to
 * happen at the memory level: a receiver that does not run code on receipt cannot refuse a message after the
 * fact, so it must be able to take a writer's <em>permission</em> away ({@link RegisteredRegion#revoke}).
 *
 * <h2>Shape</h2>
 * There is one region per (receiver, writer) pair, exactly one writer per region (single producer) and one
 * reader, the receiver (single consumer). A region holds {@code capacity} data bytes and three control
 * words owned by the fabric: the <b>tail</b> (a byte position the writer publishes, never decreasing), the
 * <b>head</b> (a byte position the receiver writes back: everything before it has been consumed, its space
 * may be reused) and the writer's <b>permission</b>. Positions are byte counts since the region was exposed;
 * the data index of position {@code p} is {@code p & (capacity - 1)} (capacity is a power of two). What the
 * bytes between positions mean (records, padding, wrap-around) is the protocol's business, not the fabric's.
 *
 * <h2>Ordering each call guarantees</h2>
 * <ul>
 *   <li>{@link RemoteRegion#write}: none by itself. The bytes may land in any order and in pieces, and a
 *       receiver that read them before publication could see them torn. The protocol never reads past the
 *       tail, so this is harmless.</li>
 *   <li>{@link RemoteRegion#publish}: a release. Every {@code write} the writer issued before it is visible
 *       to a receiver that reads the new tail with {@link RegisteredRegion#tail} (an acquire). Shared memory:
 *       a release store or CAS of the tail after plain stores of the data. Verbs: the tail's RDMA WRITE (or a
 *       WRITE_WITH_IMM) posted after the data's WRITEs on the same reliable connection.</li>
 *   <li>{@link RegisteredRegion#writeHead} / {@link RemoteRegion#head}: release / acquire of the head, so the
 *       writer that sees head {@code h} may overwrite everything before {@code h}: the receiver is done with
 *       it.</li>
 *   <li>{@link RegisteredRegion#revoke}: linearizes against {@code publish}. Every publication is either
 *       before the revocation (it counts, and the position {@code revoke} returns covers it) or after it (it
 *       fails: {@code publish} returns false or the fabric reports the writer revoked, and the receiver never
 *       sees a tail beyond the returned position). Data a revoked writer goes on writing lands only beyond the
 *       fenced tail, where the receiver never reads. This is Mu's permission switch.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Setting up ({@link #expose}, {@link #connect}) throws {@link FabricException} naming what was missing (a
 * region not exposed yet, a device, a file). The data path does not throw for expected conditions: a
 * revoked writer learns it from {@code publish} returning false or {@link RemoteRegion#revoked()}, and must
 * {@link #connect} again once the receiver has granted a new epoch ({@link RegisteredRegion#regrant}).
 * Calls on a region are not thread-safe: the writer's handle belongs to one thread, the receiver's to one.
 */
public interface RingFabric extends AutoCloseable {

    /**
     * Receiver side: exposes (creates or re-creates) the region that {@code writer} may write into
     * {@code receiver}'s memory, with {@code capacity} data bytes (a power of two). Exposing a region that
     * exists revokes the old one first, so a writer still attached to it learns it must reconnect.
     */
    RegisteredRegion expose(int receiver, int writer, int capacity) throws FabricException;

    /**
     * Writer side: attaches to the region {@code receiver} exposed for {@code writer}, at its current tail
     * and head. Throws if it is not exposed (yet), or is revoked and not re-granted.
     */
    RemoteRegion connect(int receiver, int writer) throws FabricException;

    /** Releases what the fabric holds (mappings, devices). Regions handed out become unusable. */
    @Override void close();
}
