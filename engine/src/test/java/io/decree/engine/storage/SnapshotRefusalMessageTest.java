package io.decree.engine.storage;

import io.decree.engine.storage.log.LogKind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The simulator's model refuses a snapshot that does not move forward with the durable storages' message, word
 * for word: a simulated run and a real one report the same misuse the same way.
 */
class SnapshotRefusalMessageTest {
    @TempDir Path dir;

    @ParameterizedTest @EnumSource(LogKind.class)
    void theModelRefusesABackwardSnapshotLikeTheDurableStorage(LogKind kind) {
        InMemoryAcceptorStorage model = new InMemoryAcceptorStorage();
        try (LogAcceptorStorage durable = LogAcceptorStorageTest.open(kind, dir)) {
            assertEquals(refusal(durable, 0), refusal(model, 0), "no snapshot yet, nextSlot 0");
            durable.saveSnapshot(5, new byte[] {1});
            model.saveSnapshot(5, new byte[] {1});
            assertEquals(refusal(durable, 5), refusal(model, 5), "the same nextSlot again");
            assertEquals(refusal(durable, 4), refusal(model, 4), "an older one");
        }
        assertEquals("snapshot for slots below 4 refused: the stored snapshot already covers slots below 5 and a snapshot"
                + " never goes backwards", refusal(model, 4));
    }

    private static String refusal(AcceptorStorage storage, long nextSlot) {
        return assertThrows(IllegalArgumentException.class, () -> storage.saveSnapshot(nextSlot, new byte[] {2})).getMessage();
    }
}
