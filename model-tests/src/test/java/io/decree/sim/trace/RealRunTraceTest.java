package io.decree.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.protocol.Mutants;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.spec.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace validation of a run on real threads: three replicas, each a "process" with its own Lamport clock and
 * NDJSON trace, under load, with the leader isolated and healed three times and a follower killed and
 * restarted. The merged trace must validate; the same files merged without the clocks, or with a forged
 * step, must not.
 */
class RealRunTraceTest {
    @TempDir static Path dir;
    static long runMillis;
    static long completed;

    @BeforeAll
    static void run() throws Exception {
        long start = System.nanoTime();
        try (TracedCluster cluster = new TracedCluster(3, 42, dir, ReplicaOptions.defaults(), Mutants.none(), UnaryOperator.identity())) {
            TracedCluster.await("a first leader", 60_000, () -> cluster.leader() != 0);
            cluster.startLoad(1);
            for (int change = 0; change < 3; change++)
                if (!cluster.changeLeader(48, 60_000)) throw new IllegalStateException("no leader to depose at change " + change);
            int leader = cluster.leader();
            int follower = leader % 3 + 1;
            cluster.killAndRestart(follower);
            long before = cluster.completed();
            cluster.allowUpTo(before + 96);
            TracedCluster.await("progress after the restart of " + follower, 60_000, () -> cluster.completed() >= before + 48);
            TracedCluster.await("replica " + follower + " catches up", 60_000,
                    () -> cluster.runner(follower).applied() >= cluster.runner(cluster.leader() == 0 ? leader : cluster.leader()).applied() - 64);
            completed = cluster.completed();
        }
        runMillis = (System.nanoTime() - start) / 1_000_000;
        // What a process killed mid-write leaves: a torn line, then the zeros of its mapped chunk.
        Files.writeString(dir.resolve("r3.ndjson"), TORN, StandardOpenOption.APPEND);
        Files.write(dir.resolve("r3.ndjson"), new byte[4096], StandardOpenOption.APPEND);
    }

    private static final String TORN = "{\"p\":3,\"c\":99999999,\"a\":\"pha";

    private static List<Path> files() {
        return List.of(dir.resolve("r1.ndjson"), dir.resolve("r2.ndjson"), dir.resolve("r3.ndjson"));
    }

    @Test
    void theMergedTraceOfARunWithLeaderChangesAndARestartValidates() {
        TraceCheckResult r = TraceCheck.run(List.of(dir));
        System.out.printf("real-run trace: %d commands acknowledged in %d ms of run%n%s", completed, runMillis, r.report());
        assertTrue(r.ok(), r.report());
        assertEquals(3, r.files());
        assertEquals(r.events() + r.insertedCrashes() - r.droppedUnflushed(), r.steps(), "every step read was validated");
        assertTrue(r.validated().getOrDefault("Phase1a", 0L) >= 4, "a first election and three changes: " + r.validated());
        assertTrue(r.validated().getOrDefault("Learn", 0L) >= 30, "learns of three replicas: " + r.validated());
        assertEquals(1L, r.validated().get("Restart"));
        assertEquals(1, r.insertedCrashes(), "the kill wrote no crash: the merger inserted it");
        assertEquals(4096 + TORN.length(), r.tornTailBytes(), "the torn line and the padding are no event and no error");
    }

    /** Concatenating the files (process order kept, clocks ignored) puts steps before what caused them. */
    @Test
    void theSameStepsInFileOrderAreRejected() {
        List<TraceFile> files = TraceCheck.read(files());
        List<TraceEvent> concatenated = new ArrayList<>();
        for (TraceFile f : files) TraceMerge.incarnations(f.events(), concatenated);
        TraceCheckResult r = TraceCheck.check(files, concatenated);
        System.out.print("concatenated: " + r.report());
        assertTrue(!r.ok(), "file order must not validate: " + r.report());
        // Replica 1's file comes first: a step of it that needs another process's earlier step fails.
        assertEquals(1, r.failure().event().process());
    }

    /**
     * A learn of another value for a slot a replica learned, slipped into its file after the true one (at a
     * gap in its clocks, so the file stays well-formed, and before any restart, so the replica still holds
     * what it learned), is refused at its line. Every file is searched for such a place: which replica's file
     * has one depends on the run's schedule (one CI run had none in replica 2's).
     */
    @Test
    void aForgedLearnIsRejectedNamingItsLine() throws IOException {
        Path forged = dir.resolve("forged");
        Files.createDirectories(forged);
        for (Path f : files()) Files.copy(f, forged.resolve(f.getFileName()));
        Forgery forgery = null;
        for (int process = 1; process <= 3 && forgery == null; process++)
            forgery = Forgery.find(process, Files.readAllLines(forged.resolve("r" + process + ".ndjson")));
        assertNotNull(forgery, "some file has a learn with a gap in its clocks after it, before any restart");
        Path victim = forged.resolve("r" + forgery.process + ".ndjson");
        List<String> lines = new ArrayList<>(Files.readAllLines(victim));
        lines.add(forgery.at, "{\"p\":" + forgery.process + ",\"c\":" + forgery.clock + ",\"a\":\"learn\",\"s\":"
                + forgery.slot + ",\"d\":\"deadbeef\"}");
        Files.write(victim, lines);
        TraceCheckResult r = TraceCheck.run(List.of(forged));
        String report = r.report();
        System.out.print("forged: " + report);
        assertTrue(!r.ok(), report);
        assertTrue(report.contains(victim + ":" + (forgery.at + 1) + " (process " + forgery.process + ", clock " + forgery.clock + ")"), report);
        assertTrue(report.contains("learned[r][s] \\in {None, v}"), "the failed condition is named: " + report);
        assertTrue(r.failure().event().step() instanceof Step.Learn);
    }

    /** Where to insert a forged learn: the first line index, in the incarnation of a true learn, after a clock gap. */
    private record Forgery(int process, int at, long clock, String slot) {
        static Forgery find(int process, List<String> lines) {
            String slot = null;
            for (int i = 0; i + 1 < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains("\"a\":\"restart\"")) slot = null;                  // a new incarnation learned nothing yet
                if (slot == null && line.contains("\"a\":\"learn\"")) slot = line.replaceAll(".*\"s\":(\\d+).*", "$1");
                String following = lines.get(i + 1);
                if (slot == null || following.contains("\"a\":\"restart\"") || !following.endsWith("}")) continue; // not before a torn tail
                long here = clockOf(line), next = clockOf(lines.get(i + 1));
                if (next > here + 1) return new Forgery(process, i + 1, here + 1, slot);
            }
            return null;
        }
    }

    private static long clockOf(String line) {
        return Long.parseLong(line.replaceAll(".*\"c\":(\\d+).*", "$1"));
    }
}
