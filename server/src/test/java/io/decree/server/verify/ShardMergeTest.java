package io.decree.server.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.server.verify.VerifyReport.Coverage;
import io.decree.server.verify.VerifyReport.Stage;
import io.decree.server.verify.VerifyReport.Status;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards split seeds disjointly and completely; merging sums counts, judges coverage on the whole, and refuses gaps. */
class ShardMergeTest {
    @TempDir Path dir;

    @Test
    void shardsPartitionTheSeeds() {
        int n = 4;
        for (long seed = 1; seed <= 100; seed++) {
            int owners = 0;
            for (int i = 1; i <= n; i++) if (new Shard(i, n).ownsSeed(seed)) owners++;
            assertEquals(1, owners, "seed " + seed);
        }
        assertTrue(Shard.WHOLE.ownsSeed(77));
        assertEquals(new Shard(2, 4), Shard.parse("2/4"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("5/4"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("two/4"));
    }

    private static VerifyReport shard(String which, long seeds, long phase1a, long learnConfig) {
        Map<String, Long> actions = new LinkedHashMap<>(Map.of("Phase1a", phase1a, "Learn[config]", learnConfig));
        Map<String, Long> invariants = new LinkedHashMap<>(Map.of("Agreement", 5L));
        return new VerifyReport("quick", List.of(which), null, 1000 * seeds,
                List.of(new Stage("simulation", Status.PASS, "ok", new LinkedHashMap<>(Map.of("seeds", seeds)), 5),
                        new Stage("coverage", Status.SKIPPED, "one shard", Map.of(), 1)),
                List.of(), List.of(), new Coverage(actions, List.of("Phase1a", "Learn[config]"), invariants, List.of(), "none", List.of()));
    }

    @Test
    void mergedShardsSumAndJudgeCoverageOnTheWhole() throws Exception {
        // Each shard alone misses a required action; together they cover both.
        VerifyReport a = shard("1/2", 3, 7, 0), b = shard("2/2", 4, 0, 2);
        ReportWriter.writeAll(a, dir.resolve("a"));
        ReportWriter.writeAll(b, dir.resolve("b"));
        assertTrue(java.nio.file.Files.readString(dir.resolve("a/verify.json")).contains("\"passed\" : true"), "the verdict is in the JSON");
        VerifyReport merged = ReportMerge.merge(List.of(ReportWriter.read(dir.resolve("a/verify.json")), ReportWriter.read(dir.resolve("b/verify.json"))));
        assertTrue(merged.passed(), merged.findings().toString());
        assertEquals(7L, merged.stages().getFirst().counts().get("seeds"));
        assertEquals(7L, merged.coverage().actions().get("Phase1a"));
        assertEquals(Status.PASS, merged.stages().stream().filter(s -> s.name().equals("coverage")).findFirst().orElseThrow().status());
        assertEquals(4000, merged.wallMillis(), "the slowest shard's wall time");
    }

    @Test
    void aMissingShardOrAnUncoveredActionFailsTheMerge() {
        VerifyReport onlyOne = ReportMerge.merge(List.of(shard("1/2", 3, 7, 0)));
        assertFalse(onlyOne.passed());
        assertTrue(onlyOne.findings().stream().anyMatch(f -> f.rule().equals("ShardMissing")));
        assertTrue(onlyOne.findings().stream().anyMatch(f -> f.rule().equals("ActionNeverExercised") && f.message().contains("Learn[config]")));
        assertThrows(IllegalArgumentException.class, () -> ReportMerge.merge(List.of(shard("1/2", 1, 1, 1), shard("1/3", 1, 1, 1))));
    }

    @Test
    void sarifAndJunitNameTheViolatedRule() {
        VerifyReport.Finding f = new VerifyReport.Finding("simulation", "Agreement", "slot 3: v1 and v2", "default", 17, "t=5 CRASH r1", true,
                "./decree verify --replay default:17", List.of());
        VerifyReport r = new VerifyReport("quick", List.of("1/1"), null, 10, List.of(new Stage("simulation", Status.FAIL, "1 finding", Map.of(), 1)),
                List.of(f), List.of(), Coverage.empty());
        var sarif = ReportWriter.sarif(r);
        assertEquals("2.1.0", sarif.get("version").asText());
        assertEquals("Agreement", sarif.get("runs").get(0).get("results").get(0).get("ruleId").asText());
        assertEquals("Agreement", sarif.get("runs").get(0).get("tool").get("driver").get("rules").get(0).get("id").asText());
        String junit = ReportWriter.junit(r);
        assertTrue(junit.contains("failures=\"1\"") && junit.contains("<failure message=\"1 finding\">Agreement: slot 3"), junit);
    }
}
