package io.decree.engine.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof that Jazzer collects coverage from the engine's classes. Starting from an empty corpus, the fuzzer
 * must produce a frame that gets past the 4-byte magic (the harness seals the length field and CRC, which
 * no fuzzer guesses). Random bytes hit the magic once in 2^32 tries; with comparison feedback from
 * instrumented classes it takes seconds. The time to the first frame that decodes outright (magic, version
 * 1, zero flags, a known type, a well-formed payload) is reported too. If the engine were compiled for a
 * release Jazzer 0.24 cannot instrument (24+), it would fuzz blind and this fails. Only meaningful while fuzzing ({@code JAZZER_FUZZ=1}, the engine pom's {@code wire-fuzz-canary}
 * execution); excluded from the plain test run.
 */
class WireCoverageCanaryFuzzTest {
    private static volatile WireCodec codec;
    private static volatile long startNanos = -1, pastMagicNanos = -1, firstDecodeNanos = -1, inputs, pastMagicInputs, firstDecodeInputs;

    @BeforeAll
    static void startFromAnEmptyCorpus() throws IOException {
        // The generated corpus of an earlier run would hand the answer back; the canary must find it anew.
        Path corpus = Path.of(".cifuzz-corpus", WireCoverageCanaryFuzzTest.class.getName());
        if (Files.exists(corpus))
            try (Stream<Path> files = Files.walk(corpus)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
    }

    // Bounded by executions, with a fixed libFuzzer seed (the engine pom's canary execution passes -seed), so
    // the run is the same on a fast or a loaded machine; the duration is only a backstop.
    @FuzzTest(maxDuration = "120s", maxExecutions = 100_000)
    void reachDecode(byte[] input) {
        // Created on first use, after Jazzer's agent is in place, so the codec's classes load instrumented.
        if (codec == null) codec = new WireCodec();
        if (inputs++ == 0) startNanos = System.nanoTime();
        if (input.length < FrameLayout.OVERHEAD) return;
        byte[] frame = input.clone();
        WireFuzzOracle.seal(frame);
        try {
            codec.decode(new UnsafeBuffer(frame), 0, frame.length);
            if (firstDecodeNanos < 0) {
                firstDecodeNanos = System.nanoTime();
                firstDecodeInputs = inputs;
            }
            if (pastMagicNanos < 0) {
                pastMagicNanos = firstDecodeNanos;
                pastMagicInputs = inputs;
            }
        } catch (WireFormatException refused) {
            // Most inputs are refused; what counts is whether some input got past the magic.
            if (pastMagicNanos < 0 && !refused.field().equals("magic")) {
                pastMagicNanos = System.nanoTime();
                pastMagicInputs = inputs;
            }
        }
    }

    @AfterAll
    static void theFuzzerFoundADecodableFrame() {
        if (System.getenv("JAZZER_FUZZ") == null || System.getenv("JAZZER_FUZZ").isEmpty()) return;
        System.out.println("wire coverage canary: " + inputs + " inputs; past the magic after " + pastMagicInputs + " inputs, "
                + sinceStart(pastMagicNanos) + "; first decodable frame after " + firstDecodeInputs + " inputs, " + sinceStart(firstDecodeNanos));
        assertTrue(pastMagicNanos >= 0, "from an empty corpus, " + inputs + " fuzzed inputs never got past the 4-byte magic:"
                + " Jazzer is fuzzing blind (are the engine's classes compiled for a release above 23?)");
    }

    private static String sinceStart(long nanos) {
        return nanos < 0 ? "never" : (nanos - startNanos) / 1_000_000 + " ms";
    }
}
