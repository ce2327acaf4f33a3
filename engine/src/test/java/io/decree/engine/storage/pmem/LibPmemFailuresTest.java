package io.decree.engine.storage.pmem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A library loaded by name is the one that maps files, and an msync the kernel refuses is reported, not ignored. */
@ExtendWith(SkipWithoutLibPmem.class)
class LibPmemFailuresTest {
    @TempDir Path dir;

    @Test
    void loadingLibPmemByNameGivesAWorkingLibrary() throws IOException {
        LibPmem pmem = LibPmem.load(LibPmem.LIBRARY);
        LibPmem.Mapping mapping = pmem.map(dir.resolve("loaded"), 4096, true);
        mapping.memory().set(ValueLayout.JAVA_BYTE, 7, (byte) 42);
        pmem.msync(mapping.memory(), 0, 4096);
        pmem.unmap(mapping.memory());
        byte[] expected = new byte[4096];
        expected[7] = 42;
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("loaded")));
    }

    /**
     * msync of a page that is no longer mapped fails (ENOMEM). The hole is one page between two pages this test
     * still maps, made just before the call, so the kernel has no reason to put another mapping there meanwhile.
     */
    @Test
    void anMsyncTheKernelRefusesIsAnIOException() throws IOException {
        LibPmem pmem = LibPmem.get();
        LibPmem.Mapping mapping = pmem.map(dir.resolve("holed"), 3 * 4096, true);
        MemorySegment memory = mapping.memory();
        try {
            pmem.unmap(memory.asSlice(4096, 4096));
            IOException e = assertThrows(IOException.class, () -> pmem.msync(memory, 4096, 8));
            assertTrue(e.getMessage().startsWith("pmem_msync failed: ") && e.getMessage().length() > "pmem_msync failed: ".length(),
                    e.getMessage());
        } finally {
            pmem.unmap(memory.asSlice(0, 4096));
            pmem.unmap(memory.asSlice(2 * 4096, 4096));
        }
    }
}
