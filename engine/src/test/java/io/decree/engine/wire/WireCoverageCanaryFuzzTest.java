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
 * must produce a frame that decodes: a 4-byte magic, version 1, zero flags, a known type and a well-formed
 * payload (the harness seals the length field and CRC, which no fuzzer guesses). Random bytes hit the
 * magic once in 2^32 tries; with comparison feedback from instrumented classes it takes seconds. If the
 * engine were compiled for a release Jazzer 0.24 cannot instrument (24+), it would fuzz blind and this
 * fails. Only meaningful while fuzzing ({@code JAZZER_FUZZ=1}, the engine pom's {@code wire-fuzz-canary}
 * execution); excluded from the plain test run.
 */
class WireCoverageCanaryFuzzTest {
    private static volatile WireCodec codec;
    private static volatile long startNanos, firstDecodeNanos = -1, inputs;

    @BeforeAll
    static void startFromAnEmptyCorpus() throws IOException {
        // The generated corpus of an earlier run would hand the answer back; the canary must find it anew.
        Path corpus = Path.of(".cifuzz-corpus", WireCoverageCanaryFuzzTest.class.getName());
        if (Files.exists(corpus))
            try (Stream<Path> files = Files.walk(corpus)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        startNanos = System.nanoTime();
    }

    @FuzzTest(maxDuration = "15s")
    void reachDecode(byte[] input) {
        // Created on first use, after Jazzer's agent is in place, so the codec's classes load instrumented.
        if (codec == null) codec = new WireCodec();
        inputs++;
        if (input.length < FrameLayout.OVERHEAD) return;
        byte[] frame = input.clone();
        WireFuzzOracle.seal(frame);
        try {
            codec.decode(new UnsafeBuffer(frame), 0, frame.length);
            if (firstDecodeNanos < 0) firstDecodeNanos = System.nanoTime();
        } catch (WireFormatException expected) {
            // Most inputs are refused; the canary only asks whether some input gets all the way through.
        }
    }

    @AfterAll
    static void theFuzzerFoundADecodableFrame() {
        if (System.getenv("JAZZER_FUZZ") == null || System.getenv("JAZZER_FUZZ").isEmpty()) return;
        System.out.println("wire coverage canary: " + inputs + " inputs, first decodable frame after "
                + (firstDecodeNanos < 0 ? "never" : (firstDecodeNanos - startNanos) / 1_000_000 + " ms"));
        assertTrue(firstDecodeNanos >= 0, "from an empty corpus, " + inputs + " fuzzed inputs never got past the magic/version/type checks:"
                + " Jazzer is fuzzing blind (are the engine's classes compiled for a release above 23?)");
    }
}
