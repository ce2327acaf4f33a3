package io.decree.engine.storage.pmem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libpmem's verdict on a mapping that cannot be persistent memory: a file on a mount without DAX. The log
 * believes the verdict (a cache flush on pmem, msync elsewhere), and a cache flush makes nothing durable on
 * ordinary memory, so a binding that called every mapping pmem would lose acknowledged records at a power
 * failure while every in-process test passed. Where the temporary directory is on a DAX mount, or
 * {@code PMEM_IS_PMEM_FORCE} is set (libpmem then answers as told), the test is skipped, saying why.
 */
class LibPmemVerdictTest {
    @TempDir Path dir;

    @Test
    void aFileOnAMountWithoutDaxIsNotPersistentMemory() throws IOException {
        assumeFalse(System.getenv("PMEM_IS_PMEM_FORCE") != null, "PMEM_IS_PMEM_FORCE is set: libpmem answers as told");
        String mount = mountOf(dir.toRealPath());
        assumeFalse(mount.contains("dax"), "the temporary directory is on a DAX mount (" + mount + "): it may be pmem");
        LibPmem pmem = LibPmem.get();
        LibPmem.Mapping mapping = pmem.map(dir.resolve("region"), 1 << 16, true);
        try {
            assertFalse(mapping.isPmem(), "pmem_is_pmem on a mapping of a file on " + mount + " (no DAX): not pmem");
            assertFalse(pmem.isPmem(mapping.memory()), "and asked again of the same memory");
        } finally {
            pmem.unmap(mapping.memory());
        }
    }

    /** The line of /proc/self/mountinfo for the mount holding {@code path} (the longest mount point above it). */
    private static String mountOf(Path path) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        String best = null;
        int bestLength = -1;
        for (String line : lines) {
            String mountPoint = line.split(" ")[4].replace("\\040", " ");
            if (path.startsWith(Path.of(mountPoint)) && mountPoint.length() > bestLength) {
                best = line;
                bestLength = mountPoint.length();
            }
        }
        if (best == null) throw new IllegalStateException("no mount holds " + path + " in /proc/self/mountinfo");
        return best;
    }
}
