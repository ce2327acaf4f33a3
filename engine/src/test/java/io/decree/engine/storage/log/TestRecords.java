package io.decree.engine.storage.log;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Records whose content is a pure function of their id, so a reader can tell an intact record from a
 * damaged or invented one without keeping a copy: payload = id (8 bytes, little-endian) + bytes drawn from
 * a generator seeded with the id. The record key is the id, its type 1 + id % 3.
 */
public final class TestRecords {
    private TestRecords() {}

    public static int length(long id, int maxExtra) { return 8 + new SplittableRandom(id * 31 + 7).nextInt(maxExtra + 1); }

    public static byte[] payload(long id, int maxExtra) {
        byte[] bytes = new byte[length(id, maxExtra)];
        SplittableRandom random = new SplittableRandom(id);
        for (int i = 8; i < bytes.length; i++) bytes[i] = (byte) random.nextInt();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, id);
        return bytes;
    }

    public static int type(long id) { return 1 + (int) (id % 3); }

    public static long append(RecordLog log, long id, int maxExtra) {
        return log.append(type(id), id, payload(id, maxExtra));
    }

    /** Checks that a recovered record is exactly the record with its id; returns the id. */
    public static long verify(int type, long key, MemorySegment payload, int maxExtra) {
        byte[] bytes = payload.toArray(ValueLayout.JAVA_BYTE);
        if (bytes.length < 8) throw new AssertionError("recovered payload of " + bytes.length + " bytes");
        long id = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (key != id) throw new AssertionError("record " + id + " recovered with key " + key);
        if (type != type(id)) throw new AssertionError("record " + id + " recovered with type " + type);
        if (!java.util.Arrays.equals(bytes, payload(id, maxExtra))) throw new AssertionError("record " + id + " recovered with different content");
        return id;
    }

    /** A visitor that verifies every record and collects their ids in order. */
    public static final class Collector implements RecordVisitor {
        public final List<Long> ids = new ArrayList<>();
        public final List<Long> sequences = new ArrayList<>();
        private final int maxExtra;

        public Collector(int maxExtra) { this.maxExtra = maxExtra; }

        @Override public void onRecord(long sequence, int type, long key, MemorySegment payload, java.nio.file.Path file, long offset) {
            ids.add(verify(type, key, payload, maxExtra));
            sequences.add(sequence);
        }
    }
}
