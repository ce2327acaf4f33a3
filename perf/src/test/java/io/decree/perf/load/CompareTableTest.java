package io.decree.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The compare's output from made-up results: a row per point, saturation as the best point, the p99 per rate,
 * the ratios, and a failed or skipped peer shown in its row, its status and the JSON rather than as a gap.
 */
class CompareTableTest {
    private final LoadOptions o = LoadOptions.parse("--compare", "--targets=decree-tcp,ratis,aeron", "--sweep=64,256", "--rates=50,80%");

    private Comparison comparison() {
        Comparison c = new Comparison();
        c.add(Results.closed("decree-tcp", 64, 1_664));
        c.add(Results.closed("decree-tcp", 256, 8_317));
        c.add(Results.closed("ratis", 64, 278));
        c.add(Results.closed("ratis", 256, 793));
        c.add(Results.closed("aeron", 64, 1_000));
        c.fail(Comparison.Point.closed("aeron", 256), "TimeoutException: sessions timed out connecting");
        c.resolved(new SweepPlan.Rate(50, false), OptionalDouble.of(50));
        c.resolved(new SweepPlan.Rate(80, true), OptionalDouble.of(634));
        c.add(Results.open("decree-tcp", 50, 50, 0, 10_000));
        c.add(Results.open("decree-tcp", 634, 634, 0, 20_000));
        c.add(Results.open("ratis", 50, 50, 0, 11_600));
        c.add(Results.open("ratis", 634, 600, 0, 270_000));
        c.skip(Comparison.Point.open("aeron", "50"), "an earlier point of aeron failed");
        c.skip(Comparison.Point.open("aeron", "634"), "an earlier point of aeron failed");
        return c;
    }

    @Test void saturationIsTheBestPointAndP99IsPerRate() {
        String table = CompareTable.render(o, comparison());
        String decree = line(table, "| decree-tcp    |      ");
        assertTrue(decree.contains("8,317") && decree.contains("|      256 |"), "the best of 64 and 256 connections:\n" + table);
        assertTrue(decree.contains("10.00") && decree.contains("20.00") && decree.endsWith(" ok"), decree);
        assertTrue(table.contains("p99 ms @50") && table.contains("p99 ms @634"), table);
        assertTrue(table.contains("open loop at 50, 634 (80%) ops/s"), table);
        assertTrue(table.contains("decree-tcp vs ratis: throughput at saturation 10.49x (Decree / peer); p99 at 50 ops/s 1.16x, at 634 ops/s 13.50x lower"),
                table);
    }

    @Test void aFailedAndSkippedPeerIsShownNotLeftOut() {
        String table = CompareTable.render(o, comparison());
        assertTrue(table.contains("| aeron         | closed |    256 conns | FAILED: TimeoutException: sessions timed out connecting |"), table);
        assertTrue(table.contains("| aeron         | open   |     50 ops/s | skipped: an earlier point of aeron failed |"), table);
        String aeron = line(table, "| aeron         |            1,000");
        assertTrue(aeron.endsWith(" 1 failed, 2 skipped"), aeron);
        assertTrue(aeron.contains("|              - |"), "no p99 for a skipped rate: " + aeron);
        assertTrue(table.contains("decree-tcp vs aeron: throughput at saturation 8.32x (Decree / peer); p99 at 50 ops/s n/a, at 634 ops/s n/a lower"), table);
    }

    @Test void theJsonHoldsEveryRunAndTheFailedAndSkippedPoints() throws Exception {
        Comparison c = comparison();
        JsonNode json = new ObjectMapper().readTree(CompareTable.json(CompareTable.render(o, c), c));
        assertEquals(9, json.get("runs").size());
        assertEquals(1, json.get("failed").size());
        assertEquals("aeron", json.get("failed").get(0).get("target").asText());
        assertEquals("256", json.get("failed").get(0).get("at").asText());
        assertEquals(2, json.get("skipped").size());
        assertEquals("open", json.get("skipped").get(1).get("mode").asText());
        assertTrue(json.get("table").asText().contains("| decree-tcp"));
    }

    @Test void aCheckThatFailedShowsInThePointRowAndTheStatus() {
        Comparison c = new Comparison();
        c.add(Results.failedCheck("ratis", List.of(), List.of("k: not read back before the read-back deadline"), 0));
        String table = CompareTable.render(LoadOptions.parse("--targets=ratis", "--sweep=64", "--rates=50"), c);
        assertTrue(CompareTable.pointRow(c.results().get(0)).endsWith("| FAILED  |"), table);
        assertTrue(line(table, "| ratis         |              100").endsWith(" 1 check failed"), table);
    }

    private static String line(String table, String prefix) {
        return table.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no line " + prefix + " in\n" + table));
    }
}
