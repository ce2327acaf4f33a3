package io.decree.engine.storage;

/**
 * The durable half of a replica: the acceptor's promise and votes, and the decrees it has learned as
 * chosen. Paxos is only safe if an acceptor never forgets a promise or a vote it has replied with, so
 * the engine records state here and calls {@link #sync()} before it sends any reply that depends on it
 * (a group commit: one sync covers every record since the previous one).
 *
 * <p>Decrees are opaque bytes here (the engine's {@code DecreeCodec} owns their format), so a storage
 * implementation never needs to understand the protocol.
 *
 * <p>Implementations are used from one protocol thread; they may use threads of their own internally.
 */
public interface AcceptorStorage extends AutoCloseable {

    /** Records that this acceptor promised {@code ballot}; durable after the next {@link #sync()}. */
    void recordPromise(long ballot);

    /** Records a vote for {@code decree} in {@code slot} at {@code ballot}; durable after the next sync. */
    void recordVote(long slot, long ballot, byte[] decree);

    /** Records that {@code decree} was chosen in {@code slot}; durable after the next sync. */
    void recordChosen(long slot, byte[] decree);

    /** Makes every record made so far durable. Returns only once they are. */
    void sync();

    /**
     * Reads back what was made durable. Called once, before the replica starts. Throws
     * {@link StorageCorruptionException} naming the file and offset rather than guessing past damage.
     */
    RecoveredState recover();

    /**
     * Durably replaces the stored snapshot with {@code snapshot}, which covers every slot below
     * {@code nextSlot}. Returns only once it is durable. Atomic: after a crash at any point, recovery
     * returns either the previous snapshot or this one, never a mix of the two and never none. The bytes are
     * opaque here (the engine's snapshot encoding has its own checksum); the storage adds its own frame and
     * checksum around them.
     *
     * <p>It does not drop any record: the engine calls {@link #truncateBelow} after it, and only then may
     * the votes and chosen decrees the snapshot covers go. Records made before it (not yet synced) are not
     * made durable by it.
     *
     * @throws IllegalArgumentException naming both slots if {@code nextSlot} is not above the stored
     *     snapshot's (a snapshot never goes backwards, and the first one has {@code nextSlot >= 1})
     */
    void saveSnapshot(long nextSlot, byte[] snapshot);

    /**
     * Allows the storage to drop votes and chosen decrees for slots below {@code slot}; returns once the
     * records it keeps in their place (the promise and a truncation mark) are durable. The promise is never
     * dropped, and a recovery after it returns no vote or chosen decree below {@code slot}.
     *
     * <p>Ordering: the slots dropped must already be covered by a durable snapshot, so {@code slot} may not
     * exceed the nextSlot of the last {@link #saveSnapshot}; otherwise a crash would leave slots that are
     * neither in a snapshot nor in the log.
     *
     * @throws IllegalStateException naming both slots if {@code slot} is above the stored snapshot's nextSlot
     */
    void truncateBelow(long slot);

    @Override
    void close();
}
