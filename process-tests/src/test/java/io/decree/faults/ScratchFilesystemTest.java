package io.decree.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk faults are real: a full tmpfs gives ENOSPC, a read-only remount gives EROFS, even to root. */
class ScratchFilesystemTest {
    @TempDir Path dir;

    @BeforeEach
    void requireMount() {
        assumeTrue(ScratchFilesystem.unavailableReason().isEmpty(), () -> ScratchFilesystem.unavailableReason().orElseThrow());
    }

    @Test
    void fillLeavesNoSpaceAndUnfillGivesItBack() throws IOException {
        try (ScratchFilesystem fs = ScratchFilesystem.mount(dir.resolve("data"), 256 * 1024)) {
            Files.writeString(fs.path().resolve("log"), "before");
            long filled = fs.fill();
            assertTrue(filled > 200 * 1024 && filled <= 256 * 1024, "filled " + filled);
            IOException e = assertThrows(IOException.class, () -> Files.write(fs.path().resolve("log"), new byte[8192],
                    java.nio.file.StandardOpenOption.APPEND));
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            // A write that meets ENOSPC may land in part (here up to the page boundary): a torn write the
            // replica's storage must notice, which is why the full-disk fault is worth running.
            long torn = Files.size(fs.path().resolve("log"));
            assertTrue(torn >= 6 && torn < 6 + 8192, "size after the failed append " + torn);
            fs.unfill();
            Files.write(fs.path().resolve("log"), new byte[8192], java.nio.file.StandardOpenOption.APPEND);
            assertEquals(torn + 8192, Files.size(fs.path().resolve("log")));
        }
    }

    @Test
    void readOnlyRefusesWritesEvenToRootUntilRemountedReadWrite() throws IOException {
        try (ScratchFilesystem fs = ScratchFilesystem.mount(dir.resolve("data"), 64 * 1024)) {
            Files.writeString(fs.path().resolve("log"), "kept");
            fs.readOnly();
            IOException e = assertThrows(IOException.class, () -> Files.writeString(fs.path().resolve("new"), "x"));
            assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
            assertEquals("kept", Files.readString(fs.path().resolve("log")), "reads still work");
            fs.readWrite();
            Files.writeString(fs.path().resolve("new"), "x");
        }
    }

    @Test
    void closeUnmounts() throws IOException {
        Path data = dir.resolve("data");
        ScratchFilesystem fs = ScratchFilesystem.mount(data, 64 * 1024);
        Files.writeString(data.resolve("on-tmpfs"), "x");
        fs.close();
        assertTrue(Files.notExists(data.resolve("on-tmpfs")), "the tmpfs and its files are gone after close");
    }
}
