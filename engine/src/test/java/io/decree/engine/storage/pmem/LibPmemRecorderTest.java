package io.decree.engine.storage.pmem;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The binding's durability calls reach the library once, with the exact range ({@link PmemRecorder}): what no
 * test over a page cache can see. Skipped, saying why, without gcc.
 */
class LibPmemRecorderTest {
    private PmemRecorder recorder;
    private LibPmem pmem;

    @BeforeEach
    void bind() throws Exception {
        recorder = PmemRecorder.get();
        pmem = recorder.pmem;
        recorder.answer(0, false);
    }

    @Test
    void persistFlushesExactlyTheRangeAsked() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(4096, 64);
            long before = recorder.persistCalls();
            pmem.persist(memory, 128, 200);
            assertEquals(before + 1, recorder.persistCalls(), "pmem_persist was not called once");
            assertEquals(memory.address() + 128, recorder.lastAddress(), "pmem_persist was given another address");
            assertEquals(200, recorder.lastLength(), "pmem_persist was given another length");
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> pmem.persist(memory, 4000, 200),
                    "a range past the mapping must be refused");
            assertTrue(refused.getCause() instanceof IndexOutOfBoundsException, () -> "refused for another reason: " + refused.getCause());
            assertEquals(before + 1, recorder.persistCalls(), "a refused range must not reach libpmem");
        }
    }

    @Test
    void msyncSyncsTheRangeAskedAndReportsItsFailure() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(8192, 4096);
            long before = recorder.msyncCalls();
            pmem.msync(memory, 4096, 100);
            assertEquals(before + 1, recorder.msyncCalls(), "pmem_msync was not called once");
            assertEquals(memory.address() + 4096, recorder.lastAddress());
            assertEquals(100, recorder.lastLength());
            recorder.answer(-1, false);
            IOException e = assertThrows(IOException.class, () -> pmem.msync(memory, 0, 10));
            assertEquals("pmem_msync failed: the recorder's msync failed", e.getMessage());
        }
    }

    @Test
    void isPmemIsLibpmemsAnswer() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(64);
            recorder.answer(0, true);
            assertTrue(pmem.isPmem(memory));
            recorder.answer(0, false);
            assertFalse(pmem.isPmem(memory));
        }
    }

    @Test
    void memcpyPersistCopiesAndPersistsAtTheOffset() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(256);
            MemorySegment source = arena.allocateFrom(JAVA_BYTE, (byte) 7, (byte) 8, (byte) 9);
            long before = recorder.memcpyPersistCalls();
            pmem.memcpyPersist(memory, 100, source);
            assertEquals(before + 1, recorder.memcpyPersistCalls());
            assertEquals(memory.address() + 100, recorder.lastAddress());
            assertEquals(3, recorder.lastLength());
            assertArrayEquals(new byte[] {7, 8, 9}, memory.asSlice(100, 3).toArray(JAVA_BYTE));
        }
    }
}
