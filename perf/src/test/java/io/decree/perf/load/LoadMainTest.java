package io.decree.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load driver end to end, briefly: a real 3-process cluster on the durable file log, four closed-loop
 * sessions for 1 s of warm-up and 5 s measured. It checks what must hold on any machine, however slow:
 * some puts were acknowledged, every key's last acknowledged value reads back, and the JSON result has its
 * fields and agrees with the returned figures. No throughput or latency threshold: those depend on the box.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LoadMainTest {
    @TempDir Path dir;

    @Test
    void aShortRunAgainstThreeReplicaProcessesLosesNoAcknowledgedPut() throws Exception {
        Path out = dir.resolve("result.json");
        LoadOptions options = LoadOptions.parse("--concurrency=4", "--duration=5", "--warmup=1", "--keys-per-session=3",
                "--dir=" + dir.resolve("cluster"), "--out=" + out);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LoadResult result = LoadMain.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String report = printed.toString(StandardCharsets.UTF_8);
        System.out.print(report);

        assertTrue(result.ops() > 0, "no put was acknowledged in the measured interval:\n" + report);
        assertEquals(List.of(), result.lostAcks(), "acknowledged puts whose value is gone");
        assertEquals(List.of(), result.unreadableKeys(), "keys that could not be read back");
        assertTrue(result.verifiedKeys() > 0 && result.verifiedKeys() <= 4 * 3, "keys read back: " + result.verifiedKeys());
        assertTrue(result.p50Micros() > 0 && result.p50Micros() <= result.p99Micros() && result.p99Micros() <= result.p999Micros()
                && result.p999Micros() <= result.maxMicros(), "percentiles out of order: " + result.summary());
        assertTrue(report.lines().filter(line -> line.contains(" ops/s ")).count() >= 6, "one progress line per second:\n" + report);

        JsonNode json = new ObjectMapper().readTree(Files.readString(out));
        for (String field : List.of("replicas", "storage", "payloadBytes", "commandBytes", "concurrency", "measuredSeconds", "ops",
                "errors", "opsPerSecond", "latencyMicros", "leaderChanges", "leaderChangesPerMinute", "verifiedKeys", "lostAcks"))
            assertTrue(json.has(field), "result JSON lacks " + field + ": " + json);
        assertEquals(3, json.get("replicas").asInt());
        assertEquals("file", json.get("storage").asText());
        assertEquals(64, json.get("payloadBytes").asInt());
        assertEquals(result.ops(), json.get("ops").asLong());
        assertEquals(result.leaderChanges(), json.get("leaderChanges").asLong());
        assertEquals(0, json.get("lostAcks").size());
        for (String p : List.of("p50", "p99", "p999", "max"))
            assertTrue(json.get("latencyMicros").get(p).asDouble() > 0, "latency " + p + " missing or zero: " + json);
    }
}
