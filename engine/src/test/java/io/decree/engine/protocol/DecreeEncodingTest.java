package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Decree#encoded()} writes through byte-array views, not through {@link DecreeCodec#encode}'s
 * {@code ByteBuffer}: both must give the same bytes (storage, the wire and equality depend on it), and the
 * bytes must decode back to an equal decree.
 */
class DecreeEncodingTest {

    @Test void arrayEncodingIsTheBufferEncoding() {
        SplittableRandom random = new SplittableRandom(2026);
        List<Decree> decrees = new ArrayList<>(List.of(Decree.NOOP, Decree.reconfiguration(Configuration.ofSize(5))));
        for (int d = 0; d < 200; d++) {
            List<Command> commands = new ArrayList<>();
            for (int c = 0, n = 1 + random.nextInt(20); c < n; c++) {
                byte[] payload = new byte[random.nextInt(300)];
                random.nextBytes(payload);
                commands.add(new Command(random.nextLong(), random.nextLong(), payload));
            }
            decrees.add(Decree.batch(commands));
        }
        for (Decree decree : decrees) {
            ByteBuffer buffer = ByteBuffer.allocate(DecreeCodec.encodedSize(decree));
            DecreeCodec.encode(decree, buffer);
            assertArrayEquals(buffer.array(), decree.encoded(), "encoding of " + decree);
            Decree back = DecreeCodec.decode(decree.encoded());
            assertEquals(decree, back);
            assertEquals(decree.size(), back.size());
        }
    }
}
