package io.decree.perf.storage;

import io.decree.engine.storage.log.FileRecordLog;
import io.decree.engine.storage.log.LogOptions;
import io.decree.engine.storage.log.RecordLog;
import io.decree.engine.storage.log.RecordVisitor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Group commit across threads: 4 threads each append one 256-byte record and sync, as independent
 * clients would. Throughput above one thread's (1 / fsync latency) shows syncs sharing fsyncs; the
 * teardown prints how many syncs each fsync served.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ConcurrentSyncBenchmark {
    private Path dir;
    private RecordLog log;
    private final byte[] payload = new byte[256];

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path parent = Path.of(System.getProperty("decree.bench.dir", System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(parent, "decree-sync-bench");
        log = FileRecordLog.open(dir, new LogOptions(64L << 20, 1 << 10), RecordVisitor.IGNORE);
    }

    @Benchmark @Threads(4)
    public long appendAndSync() {
        log.append(1, RecordLog.NO_KEY, payload);
        return log.sync();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        var stats = log.stats();
        System.out.printf("%nstats: %s (%.1f syncs per fsync)%n", stats, (double) stats.syncs() / Math.max(1, stats.persists()));
        log.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.delete(f);
        }
    }
}
