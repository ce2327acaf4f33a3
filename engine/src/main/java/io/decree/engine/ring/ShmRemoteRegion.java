package io.decree.engine.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The writer's side of a shared-memory ring: {@code write} copies into the receiver's mapped pages (plain
 * stores), {@code publish} is a CAS of the tail word from the word this writer last saw, which both releases
 * those stores and checks the permission ({@link ShmFabric}).
 */
final class ShmRemoteRegion implements RemoteRegion {
    private final Arena arena;
    private final MemorySegment file;
    private final MemorySegment data;
    private final MemorySegment source;
    private final int capacity;
    private final boolean ignoresRevocation;
    private long word;
    private boolean revoked;

    ShmRemoteRegion(Arena arena, MemorySegment file, int capacity, long word, boolean ignoresRevocation) {
        this.arena = arena;
        this.file = file;
        this.capacity = capacity;
        this.data = file.asSlice(ShmLayout.DATA_OFFSET, capacity);
        this.source = arena.allocate(capacity, 64);
        this.word = word;
        this.ignoresRevocation = ignoresRevocation;
    }

    @Override public int capacity() { return capacity; }

    @Override public MemorySegment source() { return source; }

    @Override public void write(int index, long sourceOffset, int length) {
        MemorySegment.copy(source, sourceOffset, data, index, length);
    }

    @Override public boolean publish(long tail) {
        if (revoked) return false;
        assert tail >= TailWord.position(word) : "tail " + tail + " behind " + TailWord.toString(word);
        long next = TailWord.withPosition(word, tail);
        if (ignoresRevocation) {
            // Mutant: a plain store that overwrites whatever the receiver put in the word, revocation included.
            ShmLayout.storeTailRelease(file, next);
            word = next;
            return true;
        }
        if (ShmLayout.casTail(file, word, next)) {
            word = next;
            return true;
        }
        revoked = true;
        return false;
    }

    @Override public long head() { return ShmLayout.headAcquire(file); }

    @Override public long tail() { return TailWord.position(word); }

    @Override public boolean revoked() { return revoked; }

    @Override public void close() { arena.close(); }
}
