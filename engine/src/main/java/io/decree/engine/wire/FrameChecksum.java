package io.decree.engine.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * CRC32C (Castagnoli) of a byte range of a {@link DirectBuffer}, without allocating. A buffer over a byte
 * array goes through the JDK's {@link CRC32C}, which the JIT turns into the CPU's CRC instruction; a buffer
 * over native memory (a Netty direct buffer wrapped by address) has no array or positionable ByteBuffer to
 * hand the JDK without allocating a view, so it takes a slicing-by-8 table loop in Java instead.
 * Not thread-safe: it reuses one {@link CRC32C}; each {@link WireCodec} owns one.
 */
final class FrameChecksum {
    private static final int POLYNOMIAL = 0x82F63B78; // Castagnoli, reflected
    private static final int[][] TABLE = new int[8][256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) c = (c >>> 1) ^ ((c & 1) != 0 ? POLYNOMIAL : 0);
            TABLE[0][i] = c;
        }
        for (int t = 1; t < 8; t++)
            for (int i = 0; i < 256; i++) TABLE[t][i] = (TABLE[t - 1][i] >>> 8) ^ TABLE[0][TABLE[t - 1][i] & 0xff];
    }

    private final CRC32C jdk = new CRC32C();

    int compute(DirectBuffer buffer, int index, int length) {
        byte[] array = buffer.byteArray();
        if (array != null) {
            jdk.reset();
            jdk.update(array, buffer.wrapAdjustment() + index, length);
            return (int) jdk.getValue();
        }
        return sliced(buffer, index, length);
    }

    /** The table loop; package-private so a test can check it against the JDK on the same bytes. */
    static int sliced(DirectBuffer buffer, int index, int length) {
        int crc = 0xFFFFFFFF;
        int i = index;
        int end = index + length;
        int[] t0 = TABLE[0], t1 = TABLE[1], t2 = TABLE[2], t3 = TABLE[3];
        int[] t4 = TABLE[4], t5 = TABLE[5], t6 = TABLE[6], t7 = TABLE[7];
        for (; end - i >= 8; i += 8) {
            long v = buffer.getLong(i, ByteOrder.LITTLE_ENDIAN);
            int lo = crc ^ (int) v;
            int hi = (int) (v >>> 32);
            crc = t7[lo & 0xff] ^ t6[(lo >>> 8) & 0xff] ^ t5[(lo >>> 16) & 0xff] ^ t4[lo >>> 24]
                    ^ t3[hi & 0xff] ^ t2[(hi >>> 8) & 0xff] ^ t1[(hi >>> 16) & 0xff] ^ t0[hi >>> 24];
        }
        for (; i < end; i++) crc = (crc >>> 8) ^ t0[(crc ^ buffer.getByte(i)) & 0xff];
        return ~crc;
    }
}
