package io.decree.engine.wire;

import io.decree.engine.message.Message;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * Every {@link Message} the sealed interface permits has a wire type, and the round-trip generator makes
 * each of them: a new message added without a codec fails here, not in production.
 */
class MessageTypeTest {

    @Test
    void everyPermittedMessageHasExactlyOneTypeCode() {
        Set<Class<?>> permitted = Set.of(Message.class.getPermittedSubclasses());
        Set<Class<?>> typed = Arrays.stream(MessageType.values()).map(MessageType::messageClass).filter(c -> c != null).collect(Collectors.toSet());
        assertEquals(permitted, typed, "message records without a wire type, or types without a record");
        assertEquals(permitted.size() + 1, MessageType.values().length, "one type per record, plus HELLO");
    }

    @Test
    void codesAreDistinctNonzeroBytesAndLookUpBack() {
        Set<Integer> codes = new HashSet<>();
        for (MessageType t : MessageType.values()) {
            assertTrue(t.code() > 0 && t.code() < 256, t + " code " + t.code());
            assertTrue(codes.add(t.code()), "code " + t.code() + " used twice");
            assertEquals(t, MessageType.ofCode(t.code()));
        }
        assertNull(MessageType.ofCode(0));
        assertNull(MessageType.ofCode(-1));
        assertNull(MessageType.ofCode(256));
    }

    @Test
    void theGeneratorCoversEveryPermittedMessage() {
        Set<Class<?>> seen = new HashSet<>();
        qt().withFixedSeed(11).withExamples(2_000).forAll(new MessageGen(16)).check(m -> {
            seen.add(m.getClass());
            return m.getClass() == MessageType.of(m).messageClass();
        });
        assertEquals(Set.of(Message.class.getPermittedSubclasses()), seen);
    }
}
