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
     * Allows the storage to drop votes and chosen decrees for slots below {@code slot} (a snapshot covers
     * them). The promise is never dropped.
     */
    void truncateBelow(long slot);

    @Override
    void close();
}
