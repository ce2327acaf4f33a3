package io.decree.engine.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The table loop used for native memory computes the same CRC32C as the JDK, at every length and alignment. */
class FrameChecksumTest {
    @Test
    void slicedTableMatchesTheJdkOnHeapAndNativeBuffers() {
        Random random = new Random(23);
        byte[] bytes = new byte[4096];
        random.nextBytes(bytes);
        UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        direct.putBytes(0, bytes);
        FrameChecksum checksum = new FrameChecksum();
        for (int i = 0; i < 2_000; i++) {
            int from = random.nextInt(64), length = random.nextInt(i < 100 ? 40 : bytes.length - 64);
            CRC32C jdk = new CRC32C();
            jdk.update(bytes, from, length);
            int expected = (int) jdk.getValue();
            assertEquals(expected, FrameChecksum.sliced(direct, from, length), "sliced, native, [" + from + ", +" + length + ")");
            assertEquals(expected, checksum.compute(direct, from, length), "native path");
            assertEquals(expected, checksum.compute(new UnsafeBuffer(bytes, 0, bytes.length), from, length), "heap path");
            assertEquals(expected, checksum.compute(new UnsafeBuffer(bytes, from, length), 0, length), "heap path with wrap adjustment");
        }
    }
}
