package io.decree.engine.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.protocol.Ballot;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Decree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonSpecTraceTest {
    @TempDir Path dir;

    private static final Configuration THREE = Configuration.ofSize(3);

    @Test
    void writesOneLinePerEventWithTheClockAndTheDecreeName() throws IOException {
        Path file = dir.resolve("r2.ndjson");
        LamportClock clock = new LamportClock();
        Decree batch = Decree.batch(List.of(new Command(7, 1, "x".getBytes(StandardCharsets.UTF_8))));
        long b = Ballot.of(3, 2);
        try (NdjsonSpecTrace t = NdjsonSpecTrace.open(file, 2, clock, 8, THREE)) {
            t.phase1a(2, b);
            clock.receive(40); // a frame from a peer stamped 40
            t.phase2a(2, b, 0, Decree.NOOP);
            t.phase2b(2, b, 1, batch);
            t.learn(2, 1, Decree.reconfiguration(new Configuration(1, 2, 4)));
            t.installSnapshot(2, 3, 64);
            assertEquals(5, t.events());
        }
        assertEquals(List.of(
                "{\"p\":2,\"c\":0,\"a\":\"header\",\"format\":1,\"window\":8,\"members\":\"1,2,3\"}",
                "{\"p\":2,\"c\":1,\"a\":\"phase1a\",\"b\":" + b + "}",
                "{\"p\":2,\"c\":42,\"a\":\"phase2a\",\"b\":" + b + ",\"s\":0,\"d\":\"noop\"}",
                "{\"p\":2,\"c\":43,\"a\":\"phase2b\",\"b\":" + b + ",\"s\":1,\"d\":\"" + Long.toHexString(batch.fingerprint()) + "\"}",
                "{\"p\":2,\"c\":44,\"a\":\"learn\",\"s\":1,\"d\":\"cfg:1,2,4\"}",
                "{\"p\":2,\"c\":45,\"a\":\"installSnapshot\",\"q\":3,\"k\":64}"), Files.readAllLines(file));
    }

    @Test
    void aKilledProcessLeavesCompleteLinesAndItsRestartContinuesAboveThem() throws IOException {
        Path file = dir.resolve("r1.ndjson");
        try (NdjsonSpecTrace t = NdjsonSpecTrace.open(file, 1, new LamportClock(), 8, THREE)) {
            for (int i = 0; i < 10; i++) t.phase1b(1, Ballot.of(i + 1, 2));
        }
        // What a SIGKILL leaves: a torn line, then the zero padding of the mapped chunk.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap("{\"p\":1,\"c\":99,\"a\":\"pha".getBytes(StandardCharsets.US_ASCII)));
            ch.write(ByteBuffer.allocate(100_000));
        }
        LamportClock fresh = new LamportClock(); // a new process: its clock starts again at 0
        try (NdjsonSpecTrace t = NdjsonSpecTrace.open(file, 1, fresh, 8, THREE)) {
            t.phase1a(1, Ballot.of(20, 1));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(13, lines.size(), "header, 10 votes, restart, phase1a; the torn line and padding are gone: " + lines);
        assertEquals("{\"p\":1,\"c\":12,\"a\":\"restart\"}", lines.get(11), "the clock moves past 10 (receive), then the restart ticks");
        assertTrue(lines.get(12).startsWith("{\"p\":1,\"c\":13,\"a\":\"phase1a\""), lines.get(12));
        assertEquals(Files.size(file), String.join("\n", lines).length() + 1L, "no byte after the last newline");
    }

    @Test
    void eventsPastOneMappedChunkAreAllKept() throws IOException {
        Path file = dir.resolve("r3.ndjson");
        int n = (int) (NdjsonSpecTrace.CHUNK_BYTES / 40) + 1000; // lines are ~45 bytes: crosses a chunk boundary
        try (NdjsonSpecTrace t = NdjsonSpecTrace.open(file, 3, new LamportClock(), 8, THREE)) {
            for (int i = 0; i < n; i++) t.phase1b(3, Ballot.of(i + 1, 1));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(n + 1, lines.size());
        assertEquals("{\"p\":3,\"c\":" + n + ",\"a\":\"phase1b\",\"b\":" + Ballot.of(n, 1) + "}", lines.get(n));
    }

    @Test
    void refusesAnotherProcessesFileAndAStepOfAnotherReplica() throws IOException {
        Path file = dir.resolve("r1.ndjson");
        try (NdjsonSpecTrace t = NdjsonSpecTrace.open(file, 1, new LamportClock(), 8, THREE)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.phase1a(2, Ballot.of(1, 2)));
            assertTrue(e.getMessage().contains("process 1 was handed a step of replica 2"), e.getMessage());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NdjsonSpecTrace.open(file, 2, new LamportClock(), 8, THREE));
        assertTrue(e.getMessage().contains("holds the events of process 1"), e.getMessage());
    }
}
