package io.decree.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The states of one BFS level as their encodings ({@link StateCodec}), appended and then read once in order,
 * packed in chunks of a {@code char[]} (a length, then the encoding), so a level of millions of states costs
 * tens of bytes each and no object per state.
 */
final class Frontier {
    private static final int CHUNK = 1 << 20;
    private final List<char[]> chunks = new ArrayList<>();
    private final List<Integer> fills = new ArrayList<>();   // used length of each chunk
    private int fill = CHUNK;      // used length of the last chunk
    private int size;
    private int readChunk;
    private int readPos;

    void add(char[] e) {
        if (e.length + 1 > CHUNK) {
            throw new IllegalStateException("a state encoding of " + e.length + " chars");
        }
        if (fill + e.length + 1 > CHUNK) {
            if (!chunks.isEmpty()) {
                fills.add(fill);
            }
            chunks.add(new char[CHUNK]);
            fill = 0;
        }
        char[] c = chunks.getLast();
        c[fill] = (char) e.length;
        System.arraycopy(e, 0, c, fill + 1, e.length);
        fill += e.length + 1;
        size++;
    }

    int size() {
        return size;
    }

    /** The next encoding in the order added (a level is read once, front to back, after its last add). */
    char[] next() {
        int used = readChunk < fills.size() ? fills.get(readChunk) : fill;
        if (readPos >= used) {
            readChunk++;
            readPos = 0;
        }
        char[] c = chunks.get(readChunk);
        int len = c[readPos];
        char[] e = new char[len];
        System.arraycopy(c, readPos + 1, e, 0, len);
        readPos += len + 1;
        return e;
    }
}
