package io.decree.perf.storage;

import io.decree.engine.storage.log.FileRecordLog;
import io.decree.engine.storage.log.LogOptions;
import io.decree.engine.storage.log.PmemRecordLog;
import io.decree.engine.storage.log.RecordLog;
import io.decree.engine.storage.log.RecordVisitor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Append-and-persist cost of the record logs: one operation appends {@code batch} records of
 * {@code recordBytes} bytes and syncs once (a group commit of that size). The time per operation is the
 * latency a replica waits before it can reply; records per second = batch / time.
 *
 * <p>The file log syncs with fsync (FileChannel.force) on the directory in {@code decree.bench.dir}
 * (default: the system temp dir). The pmem log uses libpmem; without real pmem run it with
 * {@code PMEM_IS_PMEM_FORCE=1} (emulation: pmem_persist flushes CPU caches, nothing reaches a disk) or
 * without it (pmem_msync: a real msync per sync).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LogAppendBenchmark {

    @Param({"file", "pmem"})
    public String log;

    @Param({"64", "1024", "16384"})
    public int recordBytes;

    @Param({"1", "16", "256"})
    public int batch;

    private Path dir;
    private RecordLog recordLog;
    private MemorySegment payload;
    private Arena arena;
    private long key;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path parent = Path.of(System.getProperty("decree.bench.dir", System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(parent, "decree-log-bench");
        LogOptions options = new LogOptions(64L << 20, 64 << 10);
        recordLog = switch (log) {
            case "file" -> FileRecordLog.open(dir, options, RecordVisitor.IGNORE);
            case "pmem" -> PmemRecordLog.open(dir, options, RecordVisitor.IGNORE);
            default -> throw new IllegalArgumentException(log);
        };
        arena = Arena.ofConfined();
        payload = arena.allocate(recordBytes);
        for (int i = 0; i < recordBytes; i++) payload.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 31));
    }

    @Benchmark
    public long appendBatchAndSync() {
        for (int i = 0; i < batch; i++) {
            recordLog.claim(1, key++, recordBytes).putBytes(0, payload).commit();
        }
        long durable = recordLog.sync();
        // Keep the disk footprint bounded: drop old segments once a few have filled (amortised cost).
        if (recordLog.segmentCount() > 3) recordLog.truncateBelow(key - batch);
        return durable;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (recordLog instanceof PmemRecordLog p) System.out.println("\npmem log: libpmem reports " + (p.isPmem() ? "pmem (persist = cache flush)" : "no pmem (persist = msync)"));
        System.out.println("stats: " + recordLog.stats());
        recordLog.close();
        arena.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.delete(f);
        }
    }
}
