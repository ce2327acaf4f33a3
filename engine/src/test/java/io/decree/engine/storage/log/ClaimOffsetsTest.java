package io.decree.engine.storage.log;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Each writer of a claim puts its value at the payload offset it is given, not only at offset 0. */
class ClaimOffsetsTest {
    @TempDir Path dir;

    @ParameterizedTest @EnumSource(LogKind.class)
    void longsAndIntsLandAtTheirOffsets(LogKind kind) {
        try (RecordLog log = kind.open(dir, RecordClaimTest.OPTIONS, RecordVisitor.IGNORE)) {
            log.claim(1, RecordLog.NO_KEY, 28).putInt(0, 0x1111_1111).putLong(4, 0x2222_2222_2222_2222L)
                    .putLong(12, 0x0102_0304_0506_0708L).putInt(20, 0x3333_3333).putInt(24, 0x4444_4444).commit();
        }
        List<byte[]> payloads = new ArrayList<>();
        kind.open(dir, RecordClaimTest.OPTIONS,
                (sequence, type, key, payload, file, offset) -> payloads.add(payload.toArray(ValueLayout.JAVA_BYTE))).close();
        byte[] expected = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN).putInt(0x1111_1111)
                .putLong(0x2222_2222_2222_2222L).putLong(0x0102_0304_0506_0708L).putInt(0x3333_3333).putInt(0x4444_4444).array();
        assertArrayEquals(expected, payloads.getFirst());
    }
}
