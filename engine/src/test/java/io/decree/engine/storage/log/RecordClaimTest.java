package io.decree.engine.storage.log;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claim flyweight: each writer puts its bytes where it says, little-endian, and nowhere outside the
 * claimed payload; a claim is used once (commit or abort) and then holds no lock.
 */
class RecordClaimTest {
    static final LogOptions OPTIONS = new LogOptions(16 << 10, 1 << 10);

    @TempDir Path dir;

    private static boolean appendLocked(RecordLog log) { return ((SegmentedRecordLog<?>) log).appendLock.isLocked(); }

    @ParameterizedTest @EnumSource(LogKind.class)
    void everyWriterPutsItsBytesWhereItSays(LogKind kind) {
        byte[] source = {10, 11, 12, 13, 14, 15, 16};
        try (RecordLog log = kind.open(dir, OPTIONS, RecordVisitor.IGNORE);
             java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment eight = arena.allocate(8);
            for (int i = 0; i < 8; i++) eight.set(ValueLayout.JAVA_BYTE, i, (byte) (0x60 + i));
            RecordClaim claim = log.claim(2, 77, 28);
            assertEquals(28, claim.payloadLength());
            assertTrue(appendLocked(log), "a claim holds the append lock until it is committed");
            claim.putLong(0, 0x0807_0605_0403_0201L).putInt(8, 0x0C0B_0A09).putBytes(12, source, 2, 4).putBytes(16, eight)
                    .putInt(24, -1);
            assertEquals(0, claim.commit());
            assertFalse(appendLocked(log), "commit released the append lock");
            assertEquals(1, log.append(1, RecordLog.NO_KEY, new byte[0]), "numbers are consecutive");
        }
        List<byte[]> payloads = new ArrayList<>();
        List<Long> keys = new ArrayList<>();
        kind.open(dir, OPTIONS, (sequence, type, key, payload, file, offset) -> {
            payloads.add(payload.toArray(ValueLayout.JAVA_BYTE));
            keys.add(key);
        }).close();
        ByteBuffer expected = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(0x0807_0605_0403_0201L).putInt(0x0C0B_0A09).put(new byte[] {12, 13, 14, 15})
                .put(new byte[] {0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67}).putInt(-1);
        assertArrayEquals(expected.array(), payloads.get(0));
        assertArrayEquals(new byte[0], payloads.get(1));
        assertEquals(List.of(77L, RecordLog.NO_KEY), keys);
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void writesStayInsideThePayload(LogKind kind) {
        try (RecordLog log = kind.open(dir, OPTIONS, RecordVisitor.IGNORE);
             java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            RecordClaim claim = log.claim(1, 0, 24);
            claim.putLong(16, 1).putInt(20, 2).putBytes(23, new byte[1], 0, 1).putBytes(16, arena.allocate(8));
            assertThrows(IndexOutOfBoundsException.class, () -> claim.putLong(17, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> claim.putInt(21, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> claim.putBytes(24, new byte[1], 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> claim.putBytes(17, arena.allocate(8)));
            assertThrows(IndexOutOfBoundsException.class, () -> claim.putLong(-1, 1));
            claim.commit();
        }
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void aClaimIsUsedOnce(LogKind kind) {
        try (RecordLog log = kind.open(dir, OPTIONS, RecordVisitor.IGNORE)) {
            RecordClaim claim = log.claim(1, 0, 8);
            claim.putLong(0, 5).commit();
            assertEquals("write to a claim that is not open",
                    assertThrows(IllegalStateException.class, () -> claim.putLong(0, 6)).getMessage());
            assertEquals("no open claim to commit", assertThrows(IllegalStateException.class, claim::commit).getMessage());
            assertEquals("no open claim to abort", assertThrows(IllegalStateException.class, claim::abort).getMessage());
            assertEquals(1, log.nextSequence(), "the refused second commit appended nothing");

            RecordClaim again = log.claim(1, 0, 8);
            again.abort();
            assertFalse(appendLocked(log), "abort released the append lock");
            assertEquals("no open claim to abort", assertThrows(IllegalStateException.class, again::abort).getMessage());
            assertEquals("write to a claim that is not open",
                    assertThrows(IllegalStateException.class, () -> again.putInt(0, 1)).getMessage());
            assertEquals(1, log.nextSequence());
            RecordClaim open = log.claim(1, 0, 8);
            assertEquals("a claim is already open on this thread: commit or abort it first",
                    assertThrows(IllegalStateException.class, () -> log.claim(1, 0, 8)).getMessage());
            assertEquals(1, ((SegmentedRecordLog<?>) log).appendLock.getHoldCount(), "the refused claim let go of its lock");
            open.abort();
            assertFalse(appendLocked(log));
            assertThrows(IllegalArgumentException.class, () -> log.claim(0, 0, 8));
            assertThrows(IllegalArgumentException.class, () -> log.claim(1, 0, OPTIONS.maxPayloadBytes() + 1));
            assertFalse(appendLocked(log), "an invalid claim takes no lock");
        }
        assertEquals("log " + dir + " is closed", assertThrows(IllegalStateException.class, () -> {
            RecordLog closed = kind.open(dir, OPTIONS, RecordVisitor.IGNORE);
            closed.close();
            closed.claim(1, 0, 8);
        }).getMessage());
    }
}
