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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each libpmem call on its own, whatever libpmem thinks of the mapping: pmem_persist and pmem_memcpy_persist are
 * valid on any mapping (they flush CPU caches; durable only on real or emulated pmem), so both paths of the
 * log's persist are exercised here even where the log itself takes the msync path. Ranges are checked before
 * a native call is made, and a failing call says which one and libpmem's reason.
 */
class LibPmemCallsTest {
    @TempDir Path dir;

    @Test
    void copiesPersistsAndMapsAnExistingFileWhole() throws IOException {
        LibPmem pmem = LibPmem.get();
        Path file = dir.resolve("region");
        LibPmem.Mapping created = pmem.map(file, 8192, true);
        byte[] data = "persisted in place".getBytes();
        try (Arena arena = Arena.ofConfined()) {
            pmem.memcpyPersist(created.memory(), 100, arena.allocateFrom(ValueLayout.JAVA_BYTE, data));
        }
        created.memory().set(ValueLayout.JAVA_LONG, 4096, 77L);
        pmem.persist(created.memory(), 4096, 8);
        pmem.msync(created.memory(), 4096, 8);
        assertEquals(created.isPmem(), pmem.isPmem(created.memory()));
        pmem.unmap(created.memory());

        byte[] stored = Files.readAllBytes(file);
        byte[] read = new byte[data.length];
        System.arraycopy(stored, 100, read, 0, data.length);
        assertArrayEquals(data, read, "pmem_memcpy_persist copied the bytes to the offset asked");
        assertEquals(0, stored[99]);
        assertEquals(0, stored[100 + data.length]);

        LibPmem.Mapping existing = pmem.map(file, 0, false);
        try {
            assertEquals(8192, existing.memory().byteSize(), "an existing file is mapped whole");
            assertEquals(77L, existing.memory().get(ValueLayout.JAVA_LONG, 4096));
        } finally {
            pmem.unmap(existing.memory());
        }
    }

    @Test
    void rangesOutsideTheMappingAreRefusedBeforeTheNativeCall() throws IOException {
        LibPmem pmem = LibPmem.get();
        LibPmem.Mapping mapping = pmem.map(dir.resolve("region"), 4096, true);
        try {
            IllegalStateException persist = assertThrows(IllegalStateException.class, () -> pmem.persist(mapping.memory(), 4092, 8));
            assertEquals("pmem_persist call failed", persist.getMessage());
            assertInstanceOf(IndexOutOfBoundsException.class, persist.getCause());
            IllegalStateException msync = assertThrows(IllegalStateException.class, () -> pmem.msync(mapping.memory(), 4095, 2));
            assertEquals("pmem_msync call failed", msync.getMessage());
            assertInstanceOf(IndexOutOfBoundsException.class, msync.getCause());
        } finally {
            pmem.unmap(mapping.memory());
        }
    }

    @Test
    void aFailedUnmapSaysWhy() throws IOException {
        LibPmem pmem = LibPmem.get();
        LibPmem.Mapping mapping = pmem.map(dir.resolve("region"), 8192, true);
        try {
            IOException e = assertThrows(IOException.class, () -> pmem.unmap(mapping.memory().asSlice(1, 4096)), "not page aligned");
            assertTrue(e.getMessage().startsWith("pmem_unmap failed: ") && e.getMessage().length() > "pmem_unmap failed: ".length(), e.getMessage());
        } finally {
            pmem.unmap(mapping.memory());
        }
        assertTrue(!pmem.errorMessage().isEmpty());
    }
    /** A library that loads but is not libpmem (a symbol is missing) is reported like a missing one, naming the package. */
    @Test
    void aLibraryWithoutLibPmemsSymbolsIsReportedAsMissing() {
        PmemUnavailableException e = assertThrows(PmemUnavailableException.class, () -> LibPmem.load("libc.so.6"));
        assertTrue(e.getMessage().contains("libpmem1"), e.getMessage());
        assertInstanceOf(java.util.NoSuchElementException.class, e.getCause());
    }
}
