package io.decree.engine.wire;

import io.decree.engine.protocol.Mutants;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzz target's oracle catches a codec that skips its CRC check ({@link WireMutant#SKIPS_CRC}): every
 * corpus frame with one corrupted byte is refused by the real codec, while the mutant decodes it, and the
 * oracle flags that (the message re-encodes to different bytes). A check that passed both codecs would be
 * checking nothing.
 */
class WireMutantCaughtTest {

    @Test
    void theOracleCatchesACodecThatSkipsTheCrcOnEveryCorruptedCorpusFrame() throws Exception {
        WireCodec real = new WireCodec();
        WireCodec mutant = WireCodec.withMutants(FrameLayout.DEFAULT_MAX_PAYLOAD, EnumSet.of(WireMutant.SKIPS_CRC));
        int frames = 0, caught = 0;
        // The hand-made raw seeds, one valid frame per type; sealed inputs get a fresh CRC by design.
        for (byte[] input : corpus("raw-")) {
            assertNotNull(WireFuzzOracle.check(real, input), "corpus frame must decode: " + WireFuzzOracle.hex(input));
            frames++;
            // One corrupted bit in the trailer, then one in the payload's first field (a free-valued long, or HELLO's id).
            for (int at : new int[] {input.length - 1, 1 + FrameLayout.HEADER_LENGTH + 3}) {
                byte[] corrupted = input.clone();
                corrupted[at] ^= 0x40;
                assertNull(WireFuzzOracle.check(real, corrupted), "the real codec refuses a corrupted frame");
                AssertionError flagged = assertThrows(AssertionError.class, () -> WireFuzzOracle.check(mutant, corrupted));
                assertTrue(flagged.getMessage().contains("re-encodes to"), flagged.getMessage());
            }
            caught++;
        }
        assertTrue(frames >= 20, "the corpus holds a raw frame per message type, found " + frames);
        assertEquals(frames, caught);
    }

    @Test
    void mutantsAreRefusedOutsideATestJvm() {
        String allowed = System.getProperty(Mutants.ALLOW_PROPERTY);
        assertEquals("allowed", allowed, "the test configuration allows mutants");
        System.clearProperty(Mutants.ALLOW_PROPERTY);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> WireCodec.withMutants(1024, EnumSet.of(WireMutant.SKIPS_CRC)));
            assertTrue(e.getMessage().contains("-Ddecree.mutants=allowed"), e.getMessage());
            assertEquals(1024, new WireCodec(1024).maxPayload(), "a codec without mutants needs no permission");
        } finally {
            System.setProperty(Mutants.ALLOW_PROPERTY, allowed);
        }
    }

    /** Inputs of the committed fuzz corpus whose file names start with {@code prefix}. */
    static List<byte[]> corpus(String prefix) throws IOException, URISyntaxException {
        Path dir = Path.of(WireMutantCaughtTest.class.getResource("WireDecodeFuzzTestInputs/decode").toURI());
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) if (p.getFileName().toString().startsWith(prefix)) inputs.add(Files.readAllBytes(p));
        }
        return inputs;
    }
}
