package io.decree.lin.lincheck;

import io.decree.engine.ring.RegisteredRegion;
import io.decree.engine.ring.RemoteRegion;
import io.decree.engine.ring.TailWord;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One ring region on the Java heap, both handles in one object, for Lincheck: the tail word (the shared-memory
 * fabric's {@link TailWord}, published with a CAS) and the head are {@link AtomicLong}s and the data a
 * {@code byte[]} copied in {@link #PIECES} pieces, each followed by a volatile store, so that Lincheck's model
 * checker may switch threads between the pieces of a write (a torn write) and at every publication. Same
 * protocol as {@code ShmFabric}, in memory Lincheck can instrument. (Copying byte by byte would give more
 * switch points, but a 128-iteration loop of shared stores looks like a livelock to the model checker.)
 */
final class HeapRingRegion {
    final byte[] data;
    final byte[] source;
    final AtomicLong tail = new AtomicLong(TailWord.of(0, 0, false));
    final AtomicLong head = new AtomicLong();
    final int capacity;
    static final int PIECES = 4;
    /** Stored after each piece of a write: a switch point for the model checker, nothing reads it. */
    volatile int piecesLanded;

    HeapRingRegion(int capacity) {
        this.capacity = capacity;
        this.data = new byte[capacity];
        this.source = new byte[capacity];
    }

    final RemoteRegion writer = new RemoteRegion() {
        private long word = tail.get();
        private boolean revoked;

        @Override public int capacity() { return capacity; }

        @Override public MemorySegment source() { return MemorySegment.ofArray(source); }

        @Override public void write(int index, long sourceOffset, int length) {
            int piece = (length + PIECES - 1) / PIECES;
            for (int done = 0; done < length; done += piece) {
                System.arraycopy(source, (int) sourceOffset + done, data, index + done, Math.min(piece, length - done));
                piecesLanded++;
            }
        }

        @Override public boolean publish(long newTail) {
            if (revoked) return false;
            long next = TailWord.withPosition(word, newTail);
            if (tail.compareAndSet(word, next)) {
                word = next;
                return true;
            }
            revoked = true;
            return false;
        }

        @Override public long head() { return head.get(); }

        @Override public long tail() { return TailWord.position(word); }

        @Override public boolean revoked() { return revoked; }

        @Override public void close() { }
    };

    final RegisteredRegion receiver = new RegisteredRegion() {
        @Override public int writer() { return 2; }

        @Override public int capacity() { return capacity; }

        @Override public MemorySegment data() { return MemorySegment.ofArray(data); }

        @Override public long tail() { return TailWord.position(tail.get()); }

        @Override public void writeHead(long h) { head.set(h); }

        @Override public long revoke() {
            while (true) {
                long w = tail.get();
                if (TailWord.revoked(w) || tail.compareAndSet(w, w | TailWord.REVOKED_BIT)) return TailWord.position(w);
            }
        }

        @Override public boolean revoked() { return TailWord.revoked(tail.get()); }

        @Override public void regrant() {
            long w = tail.get();
            tail.set(TailWord.of(TailWord.epoch(w) + 1, TailWord.position(w), false));
        }

        @Override public void close() { revoke(); }
    };
}
