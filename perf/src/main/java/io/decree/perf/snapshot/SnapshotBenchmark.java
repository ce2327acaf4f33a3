package io.decree.perf.snapshot;

import io.decree.engine.message.SnapshotChunk;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.ConfigHistory;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Decree;
import io.decree.engine.protocol.Executor;
import io.decree.engine.protocol.Learner;
import io.decree.engine.protocol.Mutants;
import io.decree.engine.protocol.Snapshot;
import io.decree.engine.protocol.SnapshotAssembler;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three costs of a snapshot, for a key-value store of {@code keys} keys (16-byte values) and 1,000
 * client sessions: a checkpoint (the executor's state encoded, with its checksum), receiving one in
 * 64 KiB chunks (reassembly, no network), and installing one (checksum verified, decoded, restored into a
 * fresh executor). Storage is not included: docs/storage.md measures the snapshot file's fsync.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SnapshotBenchmark {
    static final int CHUNK = 64 << 10;
    static final int SESSIONS = 1_000;

    @Param({"10000", "100000"})
    int keys;

    private Executor executor;
    private Map<Long, Configuration> changes;
    private byte[] encoded;
    private SnapshotChunk[] chunks;

    @Setup
    public void setUp() {
        executor = new Executor(new KvStateMachine(), Mutants.none());
        Learner learner = new Learner(1, new InMemoryAcceptorStorage(), null, new ConfigHistory(Configuration.ofSize(3), 32), 0, Map.of());
        List<Command> batch = new ArrayList<>();
        long slot = 0;
        for (int i = 0; i < keys; i++) {
            batch.add(new Command(1 + i % SESSIONS, 1 + i / SESSIONS, KvCommand.put("key-" + i, String.format("value-%010d", i)).encode()));
            if (batch.size() == 256 || i == keys - 1) {
                learner.learn(slot++, Decree.batch(batch));
                batch = new ArrayList<>();
            }
        }
        executor.applyChosen(learner, (s, c, r, d) -> { });
        changes = Map.of(3L, new Configuration(1, 2, 3, 4));
        encoded = checkpoint();
        System.out.printf("snapshot of %d keys and %d sessions: %d bytes in %d chunks%n", keys, SESSIONS, encoded.length, (encoded.length + CHUNK - 1) / CHUNK);
        int n = (encoded.length + CHUNK - 1) / CHUNK;
        chunks = new SnapshotChunk[n];
        for (int i = 0; i < n; i++) {
            int from = i * CHUNK;
            chunks[i] = new SnapshotChunk(slot, from, encoded.length, Arrays.copyOfRange(encoded, from, Math.min(encoded.length, from + CHUNK)));
        }
    }

    /** A checkpoint's CPU part: the state machine's, sessions' and configurations' bytes, checksummed. */
    @Benchmark
    public byte[] checkpoint() {
        return executor.snapshot(changes).encode();
    }

    /** Receiving a snapshot: every chunk through the assembler, in order. */
    @Benchmark
    public byte[] receiveChunks() {
        SnapshotAssembler assembler = new SnapshotAssembler();
        byte[] whole = null;
        for (SnapshotChunk c : chunks) whole = assembler.accept(1, c);
        return whole;
    }

    /** Installing a received snapshot: checksum, decode, restore into a fresh state machine. */
    @Benchmark
    public long install() {
        Executor fresh = new Executor(new KvStateMachine(), Mutants.none());
        fresh.restore(Snapshot.decode(encoded));
        return fresh.nextToApply();
    }
}
