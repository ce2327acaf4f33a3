package io.decree.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The load harness end to end, briefly, so that it never rots: Decree as three replica processes over TCP, a
 * one-target compare of one closed-loop point through the asynchronous client and one open-loop rate, and Decree in
 * process in closed loop with reads. Each checks what must hold on any machine, however
 * slow: commands were answered, none failed, every read and every key read back at the end saw the last
 * acknowledged put, the progress line came once per second without escape codes, and the JSON result parses and
 * agrees with the returned figures. No throughput or latency threshold: those depend on the box.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LoadMainTest {
    @TempDir Path dir;

    @Test
    void closedThenOpenLoopAgainstThreeReplicaProcessesOverTcp() throws Exception {
        // C1 only: the replicas live some 20 s, and C2 compiling in three JVMs at once only slows their start on 2 cores.
        String property = "decree.load.replicaJvmOptions";
        String before = System.getProperty(property);
        System.setProperty(property, "-XX:TieredStopAtLevel=1");
        List<LoadResult> results;
        String report;
        try {
            // --compare with one target, one closed-loop point and one rate: the sweep's start, then the open loop's.
            LoadOptions options = LoadOptions.parse("--compare", "--targets=decree-tcp", "--sweep=4", "--rates=200", "--concurrency=4", "--reads=25",
                    "--duration=3", "--warmup=1", "--keys=3", "--out=" + dir.resolve("compare.json"));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            Comparison c = LoadMain.compare(options, new PrintStream(printed, true, StandardCharsets.UTF_8), false);
            results = c.results();
            report = printed.toString(StandardCharsets.UTF_8);
            System.out.print(report);
            assertEquals(java.util.Map.of(), c.failed(), report);
            assertEquals(java.util.Map.of(), c.skipped(), report);
            assertEquals(0, SweepPlan.exitStatus(c), report);
        } finally {
            if (before == null) System.clearProperty(property);
            else System.setProperty(property, before);
        }
        assertEquals(2, results.size(), report);
        JsonNode runs = new ObjectMapper().readTree(Files.readString(dir.resolve("compare.json"))).get("runs");
        assertEquals(2, runs.size());
        for (int i = 0; i < 2; i++) checkResult(results.get(i), results.get(i).options(), report, runs.get(i));
        LoadResult closed = results.get(0), open = results.get(1);
        // The closed loop went through the asynchronous client (no thread per connection), the open loop through threads.
        assertEquals("closed", runs.get(0).get("mode").asText());
        assertTrue(closed.description().contains("asynchronous client"), closed.description());
        assertEquals("open", runs.get(1).get("mode").asText());
        assertFalse(open.description().contains("asynchronous client"), open.description());
        assertEquals(200, runs.get(1).get("rate").asInt());
        // An open loop at 200 ops/s for 3 s schedules 600 commands; a slow machine may answer fewer within the run.
        assertTrue(open.ops() <= 200 * 3 + 200, "more commands than the open loop scheduled: " + open.ops());
        assertTrue(closed.leaderChanges() >= 0 && open.leaderChanges() >= 0, "decree-tcp reports leader changes from the replicas' logs");
        assertTrue(report.contains("| decree-tcp"), "the compare table:\n" + report);
        assertTrue(report.contains("p99 ms @200"), "the p99 column of the one rate:\n" + report);
    }

    @Test
    void closedLoopWithReadsAgainstReplicasInProcess() throws Exception {
        LoadResult result = runAndCheck("--target=decree-inproc", "--mode=closed", "--concurrency=4", "--reads=30", "--payload=1024",
                "--duration=3", "--warmup=1", "--keys=3");
        assertEquals("closed", json.get("mode").asText());
        assertEquals(1024, json.get("payloadBytes").asInt());
        assertEquals(30, json.get("readPercent").asInt());
        assertTrue(result.ops() > 0);
    }

    // The peers: the same harness and checks against Apache Ratis and Aeron Cluster, 3 nodes each with a durable log.
    @Test
    void closedLoopAgainstRatis() throws Exception {
        runAndCheck("--target=ratis", "--concurrency=2", "--reads=25", "--duration=2", "--warmup=1", "--keys=2");
        assertTrue(json.get("description").asText().contains("Ratis"));
    }

    @Test
    void closedLoopAgainstAeronCluster() throws Exception {
        runAndCheck("--target=aeron", "--concurrency=2", "--reads=25", "--duration=2", "--warmup=1", "--keys=2");
        assertTrue(json.get("description").asText().contains("Aeron"));
    }

    @Test
    void optionsRejectWhatTheyCannotRun() {
        for (String[] bad : List.of(new String[] {"--target=etcd"}, new String[] {"--log=tape"}, new String[] {"--reads=101"},
                new String[] {"--mode=sideways"}, new String[] {"--rate=0"}, new String[] {"--client=psychic"}, new String[] {"--targets=decree-tcp,zab"}, new String[] {"--rate"}))
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(bad), String.join(" ", bad));
        LoadOptions o = LoadOptions.parse("--log", "pmem", "--mode=open", "--compare", "--targets=decree-inproc,aeron");
        assertEquals(io.decree.server.StorageKind.PMEM, o.storage());
        assertEquals(LoadOptions.Mode.OPEN, o.mode());
        assertTrue(o.compare());
        assertEquals(List.of("decree-inproc", "aeron"), o.compareTargets());
        assertTrue(o.asyncClient(), "the asynchronous client is the default");
        assertFalse(LoadOptions.parse("--client=blocking").asyncClient());
    }

    private JsonNode json;

    private LoadResult runAndCheck(String... args) throws Exception {
        Path out = dir.resolve("result.json");
        LoadOptions options = LoadOptions.parse(args).with("out", out.toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LoadResult result = LoadMain.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8), false);
        String report = printed.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        json = new ObjectMapper().readTree(Files.readString(out));
        checkResult(result, options, report, json);
        return result;
    }

    /** What must hold for any run on any machine: answered, no failure, no stale read, keys back, output and JSON agree. */
    private static void checkResult(LoadResult result, LoadOptions options, String report, JsonNode json) {
        assertTrue(result.ops() > 0, "no command was answered in the measured interval:\n" + report);
        assertEquals(0, result.errors(), "commands without an outcome:\n" + report);
        assertEquals(0, result.staleReads(), "reads that missed the last acknowledged put:\n" + report);
        assertEquals(List.of(), result.lostAcks(), "acknowledged puts whose value is gone");
        assertEquals(List.of(), result.unreadableKeys(), "keys that could not be read back");
        assertTrue(result.verifiedKeys() > 0 && result.verifiedKeys() <= (long) options.concurrency() * options.keysPerConnection(),
                "keys read back: " + result.verifiedKeys());
        assertTrue(result.p50Micros() > 0 && result.p50Micros() <= result.p99Micros() && result.p99Micros() <= result.p999Micros()
                && result.p999Micros() <= result.maxMicros(), "percentiles out of order: " + result.summary());
        int seconds = options.warmupSeconds() + options.durationSeconds();
        long progressLines = report.lines().filter(line -> line.startsWith("[" + result.target() + " ") && line.contains(" ops/s ")).count();
        // A compare prints both runs' progress lines into one report.
        assertEquals(0, progressLines % seconds, "one progress line per second:\n" + report);
        assertTrue(progressLines > 0, "no progress line:\n" + report);
        assertFalse(report.contains("\u001b") || report.contains("\r"), "escape codes in output that is not a terminal");

        if (result.target().startsWith("decree")) {
            // The replicas' own metrics over the measured interval: every replica answered, one of them led and proposed.
            List<String> metrics = report.lines().filter(l -> l.startsWith(result.target() + " metrics: replica ") && l.contains("commands executed")).toList();
            assertEquals(0, metrics.size() % 3, "one metrics line per replica and run:\n" + report);
            assertFalse(metrics.isEmpty(), "no metrics line:\n" + report);
            assertTrue(metrics.stream().anyMatch(l -> l.contains("(leader)") && l.contains("2a->quorum")), "the leader's phase breakdown:\n" + report);
        }

        assertEquals(result.target(), json.get("target").asText());
        assertEquals(3, json.get("replicas").asInt());
        assertEquals(result.ops(), json.get("ops").asLong());
        assertEquals(0, json.get("errors").asLong());
        assertEquals(0, json.get("lostAcks").size());
        assertEquals(result.opsPerSecond(), json.get("opsPerSecond").asDouble(), 0.1);
        assertTrue(json.get("cpuMicrosPerOp").asDouble() > 0, "CPU per command missing: " + json);
        for (String p : List.of("p50", "p99", "p999", "max"))
            assertTrue(json.get("latencyMicros").get(p).asDouble() > 0, "latency " + p + " missing or zero: " + json);
    }
}
