package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ConfigAt(r, s) of MultiPaxosReconfig.tla: a change chosen in slot i governs slots >= i + alpha. */
class ConfigHistoryTest {
    private static final Configuration C123 = new Configuration(1, 2, 3);
    private static final Configuration C234 = new Configuration(2, 3, 4);
    private static final Configuration C45 = new Configuration(4, 5);

    @Test
    void aChangeGovernsAlphaSlotsAfterItsOwn() {
        ConfigHistory h = new ConfigHistory(C123, 4);
        h.record(10, C234);
        assertEquals(C123, h.at(13), "slot 13 = 10 + alpha - 1 is still the initial configuration's");
        assertEquals(C234, h.at(14), "slot 14 = 10 + alpha is the change's");
        h.record(20, C45);
        assertEquals(C234, h.at(23));
        assertEquals(C45, h.at(24));
        assertEquals(C45, h.latest());
        assertEquals(20, h.latestChangeSlot());
    }

    @Test
    void theWindowListsEveryConfigurationALeaderMayProposeUnder() {
        ConfigHistory h = new ConfigHistory(C123, 4);
        h.record(10, C234);
        assertEquals(List.of(C123), h.window(8), "slots 8..11: all before 14");
        assertEquals(List.of(C123, C234), h.window(11), "slots 11..14: 14 is the change's");
        assertEquals(List.of(C234), h.window(14));
        assertArrayEquals(new int[] {1, 2, 3, 4}, h.audience(12));
        assertArrayEquals(new int[] {1, 2, 3, 4}, h.known(), "a removed replica still hears heartbeats");
        assertTrue(h.everMember(1) && !h.everMember(5));
    }

    @Test
    void twoDifferentChangesInOneSlotIsAnAgreementViolation() {
        ConfigHistory h = new ConfigHistory(C123, 2);
        h.record(5, C234);
        h.record(5, C234); // learning the same again is fine
        assertThrows(Learner.AgreementViolation.class, () -> h.record(5, C45));
    }

    @Test
    void badConstantsAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ConfigHistory(C123, 0)).getMessage().contains("alpha"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ConfigHistory(null, 2)).getMessage().contains("initial configuration"));
    }

    @Test
    void configurationDecreesRoundTripAndMalformedOnesAreRefusedWithTheReason() {
        Decree change = Decree.reconfiguration(C234);
        Decree back = DecreeCodec.decode(change.encoded());
        assertTrue(back.isReconfiguration() && !back.isNoop());
        assertEquals(C234, back.configuration());
        assertEquals(change, back);
        // kind 2, 0 members: a configuration with no replica.
        byte[] empty = {2, 0, 0, 0, 0};
        assertTrue(assertThrows(DecreeCodec.MalformedDecreeException.class, () -> DecreeCodec.decode(empty)).getMessage().contains("no replicas"));
        // kind 2, members 3 and 3: named twice.
        byte[] twice = {2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 3};
        assertTrue(assertThrows(DecreeCodec.MalformedDecreeException.class, () -> DecreeCodec.decode(twice)).getMessage().contains("twice"));
        byte[] impossible = {2, 0, 0, 0, 9, 0, 0, 0, 3};
        assertTrue(assertThrows(DecreeCodec.MalformedDecreeException.class, () -> DecreeCodec.decode(impossible)).getMessage().contains("member count"));
    }
}
