package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Decree#batchWithEncoding}, the wire decoder's way to build a batch: the decree keeps the bytes it was
 * read from (storage and retransmission reuse them, nothing re-encodes), and is the same decree as one built
 * from its commands. A batch of no commands is refused, as {@link Decree#batch} refuses it: an empty batch
 * would be a no-op with a batch's kind.
 */
class DecreeWithEncodingTest {

    @Test void aBatchReadOffTheWireKeepsItsBytesAndEqualsTheBatchOfItsCommands() {
        List<Command> commands = List.of(new Command(7, 1, new byte[] {'x'}), new Command(7, 2, new byte[] {'y', 'z'}));
        Decree built = Decree.batch(commands);
        byte[] encoding = DecreeCodec.encodeToArray(built);
        Decree read = Decree.batchWithEncoding(commands.toArray(new Command[0]), encoding);
        assertSame(encoding, read.encoded(), "the bytes read are kept, not re-encoded or copied");
        assertEquals(built, read);
        assertEquals(commands, read.commands());
        assertArrayEquals(built.encoded(), read.encoded());
    }

    @Test void aBatchOfNoCommandsIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Decree.batchWithEncoding(new Command[0], new byte[] {0}));
        assertEquals("a batch decree needs at least one command", e.getMessage());
    }
}
