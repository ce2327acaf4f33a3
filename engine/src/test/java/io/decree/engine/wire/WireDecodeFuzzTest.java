package io.decree.engine.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Jazzer fuzz target on the decoder: whatever the bytes, {@link WireFuzzOracle#check} holds (only
 * {@link WireFormatException} escapes, validate and decode agree, a decoded frame re-encodes to its own
 * bytes, allocation stays proportional to the frame).
 *
 * <p>Without {@code JAZZER_FUZZ} it runs in regression mode: it replays the committed corpus in
 * {@code src/test/resources/io/decree/engine/wire/WireDecodeFuzzTestInputs/decode}. With
 * {@code JAZZER_FUZZ=1} it fuzzes; the engine pom's {@code wire-fuzz} execution does that for a bounded
 * time in every build (25 s, 10 minutes with {@code -Dtier=long}), overriding the annotation's duration.
 * See docs/wire.md for commands and figures.
 */
class WireDecodeFuzzTest {
    private static WireCodec codec;
    private static final AtomicLong INPUTS = new AtomicLong(), DECODED = new AtomicLong();

    @FuzzTest(maxDuration = "25s")
    void decode(byte[] input) {
        if (codec == null) codec = new WireCodec(); // after Jazzer's agent is in place, so the codec loads instrumented
        INPUTS.incrementAndGet();
        if (WireFuzzOracle.check(codec, input) != null) DECODED.incrementAndGet();
    }

    @AfterAll
    static void report() {
        System.out.println("wire fuzz: " + INPUTS.get() + " inputs, " + DECODED.get() + " decoded");
    }
}
