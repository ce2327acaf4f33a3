package io.decree.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.storage.log.PowerLossView;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot file's promises checked in a {@link PowerLossView}: what a power failure would leave, which no
 * in-process test sees otherwise (the page cache keeps unforced bytes and unsynced names alive).
 */
class SnapshotDurabilityTest {
    @TempDir Path dir;

    private final PowerLossView view = new PowerLossView();

    @Test
    void aWrittenSnapshotSurvivesAPowerFailureWhole() {
        SnapshotFile.write(dir, 5, new byte[] {1, 2, 3}, view::open);
        view.assertDurable(dir, SnapshotFile.NAMES::contains, "SnapshotFile.write (the first snapshot is durable when it returns:"
                + " its bytes forced before the rename, the rename fsynced into the directory)");
        SnapshotFile.write(dir, 9, new byte[] {4, 5, 6, 7}, view::open);
        view.assertDurable(dir, SnapshotFile.NAMES::contains, "SnapshotFile.write (a replacing snapshot is durable when it returns:"
                + " its bytes forced before the rename, the rename fsynced into the directory)");
        assertArrayEquals(SnapshotFile.encode(9, new byte[] {4, 5, 6, 7}), view.image(dir).get(SnapshotFile.NAME),
                "the power-loss view holds the second snapshot under its name");
    }

    /**
     * A leftover temporary file whose name was durable (a write cut by a crash after the file was created):
     * recovery deletes it and makes the deletion durable before it goes on. Were the deletion lost, the next
     * recovery would only delete the file again; the check holds read to what its comment says it does.
     */
    @Test
    void aLeftoverTemporaryFileIsDeletedDurably() throws IOException {
        SnapshotFile.write(dir, 5, new byte[] {1, 2, 3}, view::open);
        Files.write(dir.resolve(SnapshotFile.TEMP_NAME), new byte[] {9, 9});
        try (FileChannel d = view.open(dir, StandardOpenOption.READ)) {
            d.force(true);   // the crash came after the temporary file's name was durable
        }
        assertTrue(view.image(dir).containsKey(SnapshotFile.TEMP_NAME), "the leftover's name is in the power-loss view to begin with");

        SnapshotFile.Stored stored = SnapshotFile.read(dir, view::open);
        assertEquals(5, stored.nextSlot());
        view.assertDurable(dir, SnapshotFile.NAMES::contains, "SnapshotFile.read with a leftover " + SnapshotFile.TEMP_NAME
                + " (its deletion is durable when read returns: read fsyncs the directory after deleting it)");
    }
}
