package io.decree.engine.wire;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Replays the committed fuzz corpus through the fuzz oracle in the plain test run, without starting
 * Jazzer's agent (which costs seconds of start-up per JVM): every input, hand-made or found by fuzzing,
 * satisfies the oracle, and the hand-made seeds decode and cover every type, raw and sealed. The fuzzing
 * executions replay the same corpus under Jazzer before they fuzz.
 */
class WireCorpusReplayTest {

    @Test
    void everyCorpusInputSatisfiesTheOracle() throws Exception {
        WireCodec codec = new WireCodec();
        for (byte[] input : WireMutantCaughtTest.corpus("")) WireFuzzOracle.check(codec, input);
        Set<Integer> everyType = Arrays.stream(MessageType.values()).map(MessageType::code).collect(Collectors.toSet());
        for (String mode : new String[] {"raw-", "sealed-"}) {
            List<byte[]> seeds = WireMutantCaughtTest.corpus(mode);
            for (byte[] seed : seeds) assertNotNull(WireFuzzOracle.check(codec, seed), () -> "seed does not decode: " + WireFuzzOracle.hex(seed));
            assertEquals(everyType, seeds.stream().map(s -> s[1 + FrameLayout.TYPE_OFFSET] & 0xff).collect(Collectors.toSet()), mode + " seeds cover every type");
        }
    }
}
