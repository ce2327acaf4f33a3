package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The learner's rules (Learn, forgetting below a snapshot, installing a snapshot's prefix, recovery) and the
 * configuration history's answers before any change was chosen.
 */
class LearnerTest {
    private static final Configuration C123 = new Configuration(1, 2, 3);
    private static final Decree A = Decree.batch(List.of(new Command(1, 1, new byte[] {'a'})));
    private static final Decree B = Decree.batch(List.of(new Command(1, 2, new byte[] {'b'})));

    private final InMemoryAcceptorStorage storage = new InMemoryAcceptorStorage();
    private final ConfigHistory configs = new ConfigHistory(C123, 3);

    @Test
    void learningFillsTheFirstUnchosenSlotAndIsRecordedOnce() {
        Learner l = new Learner(1, storage, null, configs, 0, Map.of());
        assertEquals(-1, l.highestChosen());
        assertTrue(l.learn(1, A), "a new slot is learned");
        assertEquals(0, l.firstUnchosen(), "a gap below holds the first unchosen slot");
        assertEquals(1, l.highestChosen());
        assertTrue(l.learn(0, B));
        assertEquals(2, l.firstUnchosen(), "filling the gap advances past every chosen slot");
        assertFalse(l.learn(0, B), "learning the same value again is no news");
        assertThrows(Learner.AgreementViolation.class, () -> l.learn(0, A));
        assertSame(B, l.chosen(0));
        storage.sync();
        assertArrayEquals(A.encoded(), storage.recover().chosen().get(1L), "a learned decree is recorded");
        assertEquals(2, storage.recover().chosen().size());
    }

    @Test
    void aLearnedReconfigurationEntersTheHistory() {
        Learner l = new Learner(1, storage, null, configs, 0, Map.of());
        Configuration c1234 = new Configuration(1, 2, 3, 4);
        l.learn(0, Decree.reconfiguration(c1234));
        assertEquals(c1234, configs.latest());
        assertEquals(0, configs.latestChangeSlot());
        assertEquals(C123, configs.at(2));
        assertEquals(c1234, configs.at(3));
        assertTrue(configs.everMember(4), "a replica only in a change is a member");
    }

    @Test
    void forgettingStopsAtTheFirstUnchosenSlotAndNeverGoesBack() {
        Learner l = new Learner(1, storage, null, configs, 0, Map.of());
        for (long s = 0; s < 5; s++) l.learn(s, A);
        l.learn(7, A);
        l.forgetBelow(3);
        assertEquals(3, l.retainedFrom());
        assertNull(l.chosen(2));
        assertSame(A, l.chosen(3), "the slot forgotten below is kept");
        l.forgetBelow(2);
        assertEquals(3, l.retainedFrom(), "never goes back");
        l.forgetBelow(3);
        assertEquals(3, l.retainedFrom());
        l.forgetBelow(100);
        assertEquals(5, l.retainedFrom(), "only up to the first unchosen slot: slots above are not applied yet");
        assertSame(A, l.chosen(7));
        assertFalse(l.learn(1, B), "a slot below the first unchosen one, forgotten, is not learned again");
        assertEquals(5, l.firstUnchosen());
    }

    @Test
    void installingASnapshotPrefixJumpsToItsSlotAndKeepsLaterChosenSlots() {
        Learner l = new Learner(1, storage, null, configs, 0, Map.of());
        l.learn(0, A);
        l.learn(10, A);
        l.learn(11, B);
        l.installPrefix(2, 10);
        assertEquals(10, l.retainedFrom());
        assertNull(l.chosen(0), "slots below the snapshot are gone");
        assertEquals(12, l.firstUnchosen(), "slots learned beyond the snapshot count at once");
    }

    @Test
    void recoveryKeepsChosenSlotsFromTheSnapshotOnAndAdvances() {
        TreeMap<Long, Decree> recovered = new TreeMap<>();
        recovered.put(3L, A);
        recovered.put(5L, A);
        recovered.put(6L, Decree.reconfiguration(new Configuration(1, 2)));
        recovered.put(8L, B);
        Learner l = new Learner(1, storage, null, configs, 5, recovered);
        assertEquals(5, l.retainedFrom());
        assertNull(l.chosen(3), "below the snapshot: not kept");
        assertEquals(7, l.firstUnchosen(), "advanced over the recovered slots 5 and 6");
        assertSame(B, l.chosen(8));
        assertEquals(new Configuration(1, 2), configs.latest(), "a recovered change is in the history");
        assertEquals(1, configs.changes().size(), "and only the one at or above the snapshot");
    }

    @Test
    void aHistoryWithoutChangesAnswersWithTheInitialConfiguration() {
        ConfigHistory h = new ConfigHistory(C123, 4);
        assertEquals(4, h.alpha());
        assertSame(C123, h.initial());
        assertSame(C123, h.latest());
        assertEquals(-1, h.latestChangeSlot());
        assertSame(C123, h.at(0));
        assertEquals(List.of(C123), h.window(9));
        assertArrayEquals(new int[] {1, 2, 3}, h.known());
        assertArrayEquals(new int[] {1, 2, 3}, h.audience(0));
        assertTrue(h.everMember(2));
        assertFalse(h.everMember(4));
        assertTrue(h.changes().isEmpty());
        assertEquals("initial [1, 2, 3], changes {}, alpha 4", h.toString());
        h.record(2, new Configuration(4, 5, 6));
        h.record(2, new Configuration(4, 5, 6)); // the same change learned twice is no violation
        assertEquals(new Configuration(4, 5, 6), h.at(6));
        assertEquals(C123, h.at(5));
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, h.known(), "recomputed after a change");
        assertEquals(List.of(C123, new Configuration(4, 5, 6)), h.window(3));
        assertEquals(List.of(new Configuration(4, 5, 6)), h.window(6));
        assertEquals(List.of(C123, new Configuration(4, 5, 6)), h.window(3), "recomputed when the slot moves");
    }
}
