package io.decree.engine.protocol;

import io.decree.engine.message.SnapshotChunk;

/**
 * The receiving end of a state transfer: puts a snapshot's chunks back together, strictly in order, and
 * hands over the whole encoding only when every byte is there. A chunk that leaves a gap (out of order),
 * belongs to another snapshot mid-transfer, or is inconsistent with the announced length is refused with
 * an {@link IllegalChunkException} naming what was wrong, and changes nothing: the transfer resumes from
 * the last good byte. A duplicate of bytes already received (the network duplicates, requests are
 * retransmitted) is ignored. Verifying the snapshot itself is
 * {@link Snapshot#decode}'s job, once complete.
 */
public final class SnapshotAssembler {
    /** Largest snapshot accepted: the encoding is held in one array. */
    public static final int MAX_SNAPSHOT_BYTES = Integer.MAX_VALUE - 16;

    /** The largest announced length accepted: {@link #MAX_SNAPSHOT_BYTES}, or less for a test of the bound. */
    private final int maxSnapshotBytes;
    private long nextSlot = -1;
    private int source;
    private byte[] bytes;
    private int received;

    public SnapshotAssembler() { this(MAX_SNAPSHOT_BYTES); }

    /** With a smaller bound than {@link #MAX_SNAPSHOT_BYTES}: a test reaches the bound without a 2 GiB array. */
    SnapshotAssembler(int maxSnapshotBytes) {
        if (maxSnapshotBytes < 1 || maxSnapshotBytes > MAX_SNAPSHOT_BYTES)
            throw new IllegalArgumentException("largest snapshot " + maxSnapshotBytes + " is outside [1, " + MAX_SNAPSHOT_BYTES + "]");
        this.maxSnapshotBytes = maxSnapshotBytes;
    }

    /**
     * Adds {@code chunk} from {@code from}; returns the whole encoding once the last byte arrived (and
     * forgets it), else null.
     */
    public byte[] accept(int from, SnapshotChunk chunk) {
        if (chunk.totalLength() < 1 || chunk.totalLength() > maxSnapshotBytes)
            throw new IllegalChunkException("snapshot chunk announces " + chunk.totalLength() + " bytes in all, outside [1, " + maxSnapshotBytes + "]");
        if (chunk.offset() < 0 || chunk.data().length == 0 || (long) chunk.offset() + chunk.data().length > chunk.totalLength())
            throw new IllegalChunkException("snapshot chunk [" + chunk.offset() + ", " + ((long) chunk.offset() + chunk.data().length) + ") does not fit in " + chunk.totalLength() + " bytes");
        if (chunk.offset() == 0 && (bytes == null || chunk.nextSlot() != nextSlot || from != source)) {
            nextSlot = chunk.nextSlot();
            source = from;
            bytes = new byte[chunk.totalLength()];
            received = 0;
        } else if (bytes == null || chunk.nextSlot() != nextSlot || from != source) {
            throw new IllegalChunkException("snapshot chunk at offset " + chunk.offset() + " of the snapshot below slot " + chunk.nextSlot()
                    + " from replica " + from + " is out of order: no transfer of it has started (expected offset 0)");
        }
        if (chunk.totalLength() != bytes.length)
            throw new IllegalChunkException("snapshot chunk announces " + chunk.totalLength() + " bytes, the transfer started with " + bytes.length);
        if ((long) chunk.offset() + chunk.data().length <= received) return null; // a duplicate: already have it
        if (chunk.offset() != received)
            throw new IllegalChunkException("snapshot chunk at offset " + chunk.offset() + " is out of order: expected offset " + received);
        System.arraycopy(chunk.data(), 0, bytes, received, chunk.data().length);
        received += chunk.data().length;
        if (received < bytes.length) return null;
        byte[] whole = bytes;
        reset();
        return whole;
    }

    /** Drops a transfer in progress (its snapshot is stale, or it was installed by other means). */
    public void reset() {
        bytes = null;
        nextSlot = -1;
        received = 0;
    }

    /** True while a transfer is under way. */
    public boolean inProgress() { return bytes != null; }

    /** The snapshot being received (slots below it), or -1. */
    public long nextSlot() { return nextSlot; }

    /** The replica sending the snapshot being received. */
    public int source() { return source; }

    /** The offset of the next chunk expected. */
    public int received() { return received; }

    /** A chunk that cannot continue the transfer: refused, nothing changed. */
    public static final class IllegalChunkException extends IllegalArgumentException {
        public IllegalChunkException(String message) { super(message); }
    }
}
