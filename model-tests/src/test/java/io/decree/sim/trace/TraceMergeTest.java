package io.decree.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.protocol.Ballot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merger's crash rules on hand-written traces. Replica 2 promises ballot (3,3) and is killed before that
 * promise is synced (no flushed mark after it); it restarts and votes in ballot (1,1). The promise died with
 * the process, so the vote is legal, and the merger must drop the promise. Had the promise been flushed,
 * the same vote would break it, and the spec must refuse it.
 */
class TraceMergeTest {
    @TempDir Path dir;

    private static final long B11 = Ballot.of(1, 1), B33 = Ballot.of(3, 3);
    private static final String HEADER = "{\"p\":%d,\"c\":0,\"a\":\"header\",\"format\":1,\"window\":8,\"members\":\"1,2,3\"}\n";

    private List<Path> write(boolean promiseFlushed) throws IOException {
        Path r1 = dir.resolve("r1.ndjson"), r2 = dir.resolve("r2.ndjson"), r3 = dir.resolve("r3.ndjson");
        Files.writeString(r1, HEADER.formatted(1)
                + "{\"p\":1,\"c\":1,\"a\":\"phase1a\",\"b\":" + B11 + "}\n"
                + "{\"p\":1,\"c\":2,\"a\":\"phase1b\",\"b\":" + B11 + "}\n"
                + "{\"p\":1,\"c\":3,\"a\":\"flushed\"}\n"
                + "{\"p\":1,\"c\":10,\"a\":\"phase2a\",\"b\":" + B11 + ",\"s\":0,\"d\":\"noop\"}\n");
        Files.writeString(r2, HEADER.formatted(2)
                + "{\"p\":2,\"c\":4,\"a\":\"phase1b\",\"b\":" + B11 + "}\n"
                + "{\"p\":2,\"c\":5,\"a\":\"flushed\"}\n"
                + "{\"p\":2,\"c\":8,\"a\":\"phase1b\",\"b\":" + B33 + "}\n"
                + (promiseFlushed ? "{\"p\":2,\"c\":9,\"a\":\"flushed\"}\n" : "")
                + "{\"p\":2,\"c\":11,\"a\":\"restart\"}\n"
                + "{\"p\":2,\"c\":12,\"a\":\"phase2b\",\"b\":" + B11 + ",\"s\":0,\"d\":\"noop\"}\n");
        Files.writeString(r3, HEADER.formatted(3) + "{\"p\":3,\"c\":1,\"a\":\"phase1a\",\"b\":" + B33 + "}\n");
        return List.of(r1, r2, r3);
    }

    @Test
    void aPromiseThatDiedUnsyncedIsDroppedAndTheCrashInserted() throws IOException {
        TraceCheckResult r = TraceCheck.run(write(false));
        assertTrue(r.ok(), r.report());
        assertEquals(1, r.droppedUnflushed());
        assertEquals(1, r.insertedCrashes());
        assertEquals(8, r.steps(), "2 Phase1a, 2 Phase1b, Crash, Restart, Phase2a, Phase2b: " + r.validated());
    }

    @Test
    void aFlushedPromiseSurvivesTheRestartAndTheVoteBelowItIsRefused() throws IOException {
        TraceCheckResult r = TraceCheck.run(write(true));
        assertFalse(r.ok(), r.report());
        assertEquals(0, r.droppedUnflushed());
        assertTrue(r.report().contains("r2.ndjson:7 (process 2, clock 12)"), r.report());
        assertTrue(r.failure().reason().contains("Accepts2a"), r.report());
    }

    @Test
    void aClockThatDoesNotIncreaseIsAFormatErrorNamingTheLine() throws IOException {
        Path f = dir.resolve("r1.ndjson");
        Files.writeString(f, HEADER.formatted(1)
                + "{\"p\":1,\"c\":5,\"a\":\"phase1a\",\"b\":" + B11 + "}\n"
                + "{\"p\":1,\"c\":5,\"a\":\"phase1b\",\"b\":" + B11 + "}\n");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceCheck.run(List.of(f)));
        assertTrue(e.getMessage().startsWith(f + ":3: clock 5 does not exceed"), e.getMessage());
    }

    @Test
    void theCliExitsWithTheOutcome() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
        List<Path> ok = write(false);
        assertEquals(0, TraceCheckMain.run(ok.stream().map(Path::toString).toArray(String[]::new), new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertTrue(out.toString().contains("every step is a legal spec step"), out.toString());
        write(true);
        assertEquals(1, TraceCheckMain.run(new String[] {dir.toString()}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertEquals(2, TraceCheckMain.run(new String[] {dir.resolve("missing").toString()}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
    }
}
