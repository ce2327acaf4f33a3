package io.decree.engine.storage.log;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A flyweight over the payload of a record reserved by {@link RecordLog#claim}: the caller writes the
 * payload in place (in the log's staging buffer or directly in persistent memory) and commits it. One
 * instance per log is reused for every record, so appending allocates nothing.
 */
public final class RecordClaim {

    /** What a log does when a claim is committed or abandoned. */
    interface Owner {
        long commitClaim();
        void abortClaim();
    }

    private final Owner owner;
    private MemorySegment memory;
    private long payloadOffset;
    private int payloadLength;
    private boolean open;

    RecordClaim(Owner owner) { this.owner = owner; }

    /** The append lock is reentrant: a second claim on the same thread before commit would overwrite the first. */
    void checkNotOpen() {
        if (open) throw new IllegalStateException("a claim is already open on this thread: commit or abort it first");
    }

    void wrap(MemorySegment memory, long payloadOffset, int payloadLength) {
        this.memory = memory;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.open = true;
    }

    public int payloadLength() { return payloadLength; }

    public RecordClaim putLong(int offset, long value) {
        check(offset, Long.BYTES);
        memory.set(RecordFrame.LONG, payloadOffset + offset, value);
        return this;
    }

    public RecordClaim putInt(int offset, int value) {
        check(offset, Integer.BYTES);
        memory.set(RecordFrame.INT, payloadOffset + offset, value);
        return this;
    }

    public RecordClaim putBytes(int offset, byte[] source, int sourceOffset, int length) {
        check(offset, length);
        MemorySegment.copy(source, sourceOffset, memory, ValueLayout.JAVA_BYTE, payloadOffset + offset, length);
        return this;
    }

    public RecordClaim putBytes(int offset, MemorySegment source) {
        check(offset, Math.toIntExact(source.byteSize()));
        MemorySegment.copy(source, 0, memory, payloadOffset + offset, source.byteSize());
        return this;
    }

    /** Seals the record (writes its checksum) and releases the append lock; returns its sequence number. */
    public long commit() {
        if (!open) throw new IllegalStateException("no open claim to commit");
        open = false;
        return owner.commitClaim();
    }

    /** Abandons the record (nothing is appended) and releases the append lock. */
    public void abort() {
        if (!open) throw new IllegalStateException("no open claim to abort");
        open = false;
        owner.abortClaim();
    }

    private void check(int offset, int length) {
        if (!open) throw new IllegalStateException("write to a claim that is not open");
        Objects.checkFromIndexSize(offset, length, payloadLength);
    }
}
