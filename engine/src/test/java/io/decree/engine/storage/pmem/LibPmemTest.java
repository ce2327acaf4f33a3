package io.decree.engine.storage.pmem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The libpmem bindings: a missing library names its package; mapping, persisting and unmapping work. */
class LibPmemTest {
    @TempDir Path dir;

    @Test
    void aMissingLibraryIsReportedWithThePackageToInstall() {
        PmemUnavailableException e = assertThrows(PmemUnavailableException.class, () -> LibPmem.load("libpmem-absent.so.9"));
        assertTrue(e.getMessage().contains("libpmem1") && e.getMessage().contains("apt-get install"), e.getMessage());
        assertTrue(e.getMessage().contains("file log"), e.getMessage());
    }

    @Test
    void mapWritePersistAndReadBack() throws IOException {
        LibPmem pmem = LibPmem.get();
        Path file = dir.resolve("region");
        LibPmem.Mapping mapping = pmem.map(file, 1 << 16, true);
        assertEquals(1 << 16, mapping.memory().byteSize());
        byte[] data = "a decree, persisted".getBytes();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment source = arena.allocateFrom(ValueLayout.JAVA_BYTE, data);
            if (mapping.isPmem()) {
                pmem.memcpyPersist(mapping.memory(), 4096, source);
            } else {
                MemorySegment.copy(source, 0, mapping.memory(), 4096, data.length);
                pmem.msync(mapping.memory(), 4096, data.length);
            }
        }
        mapping.memory().set(ValueLayout.JAVA_LONG, 0, 0x1234_5678_9abc_def0L);
        if (mapping.isPmem()) pmem.persist(mapping.memory(), 0, 8); else pmem.msync(mapping.memory(), 0, 8);
        pmem.unmap(mapping.memory());
        byte[] stored = Files.readAllBytes(file);
        byte[] read = new byte[data.length];
        System.arraycopy(stored, 4096, read, 0, data.length);
        assertArrayEquals(data, read);
        assertEquals((byte) 0xf0, stored[0]);
        IOException e = assertThrows(IOException.class, () -> pmem.map(file, 1 << 16, true));
        assertTrue(e.getMessage().contains("pmem_map_file") && e.getMessage().contains(file.toString()), e.getMessage());
    }
}
