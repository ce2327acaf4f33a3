package io.decree.engine.ring;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/** The receiver's side of a shared-memory ring (see {@link ShmFabric} for the revocation argument). */
final class ShmRegisteredRegion implements RegisteredRegion {
    private final Path file;
    private final Arena arena;
    private final MemorySegment file_;
    private final MemorySegment data;
    private final int writer;
    private final int capacity;
    private boolean closed;

    ShmRegisteredRegion(Path file, Arena arena, MemorySegment segment, int writer, int capacity) {
        this.file = file;
        this.arena = arena;
        this.file_ = segment;
        this.data = segment.asSlice(ShmLayout.DATA_OFFSET, capacity);
        this.writer = writer;
        this.capacity = capacity;
    }

    @Override public int writer() { return writer; }

    @Override public int capacity() { return capacity; }

    @Override public MemorySegment data() { return data; }

    @Override public long tail() { return TailWord.position(ShmLayout.tailAcquire(file_)); }

    @Override public void writeHead(long head) { ShmLayout.headRelease(file_, head); }

    @Override public long revoke() { return revoke(file_); }

    /** Sets the revoked bit with a CAS loop; the position in the word it replaced is the fence. */
    static long revoke(MemorySegment segment) {
        while (true) {
            long word = ShmLayout.tailAcquire(segment);
            if (TailWord.revoked(word)) return TailWord.position(word);
            if (ShmLayout.casTail(segment, word, word | TailWord.REVOKED_BIT)) return TailWord.position(word);
        }
    }

    @Override public boolean revoked() { return TailWord.revoked(ShmLayout.tailAcquire(file_)); }

    @Override public void regrant() {
        while (true) {
            long word = ShmLayout.tailAcquire(file_);
            long next = TailWord.of(TailWord.epoch(word) + 1, TailWord.position(word), false);
            if (ShmLayout.casTail(file_, word, next)) return;
        }
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        revoke();
        arena.close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A file left behind is revoked; the next expose replaces it.
        }
    }

    @Override public String toString() { return "shm ring " + file; }
}
