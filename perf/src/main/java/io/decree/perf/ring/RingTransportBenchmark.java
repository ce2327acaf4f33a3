package io.decree.perf.ring;

import io.decree.engine.message.Message;
import io.decree.engine.message.SnapshotChunk;
import io.decree.engine.net.MessageSink;
import io.decree.engine.net.NetOptions;
import io.decree.engine.net.TcpTransport;
import io.decree.engine.net.tls.Certificates;
import io.decree.engine.net.tls.TlsConfig;
import io.decree.engine.ring.ShmOptions;
import io.decree.engine.ring.ShmTransport;
import io.decree.engine.runtime.Transport;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The shared-memory ring transport against the TCP transport (mutual TLS, loopback) in one run: replica 1
 * sends a message of {@code bytes} payload bytes (a {@code SnapshotChunk}) to replica 2. A message marked
 * for echo ({@code nextSlot} {@link #ECHO}) is sent straight back by replica 2's sink; one marked
 * {@link #ONE_WAY} is only counted there.
 * <ul>
 *   <li>{@code roundTrip}: one message out and back at a time (latency, SampleTime).</li>
 *   <li>{@code oneWay}: one message at a time, timed until replica 2's sink has it (the sending thread spins
 *       on the receiver's counter, one cache line away: latency of the path, not of a second trip).</li>
 *   <li>{@code pipelined}: 32 out, then wait for the 32 echoes (round-trip throughput, messages a second).</li>
 *   <li>{@code pipelinedOneWay}: 32 out, then wait until replica 2 has the 32 (one-way throughput).</li>
 * </ul>
 * Every wait is bounded by {@code -Ddecree.bench.echoLimitMs} (default 60,000 ms): a message the transport
 * dropped fails the trial instead of hanging it. The bound was 1 s, which a TCP burst of 32 x 16 KiB with
 * TLS exceeded on a loaded machine (load 40) without anything being lost.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class RingTransportBenchmark {
    static final int BURST = 32;
    static final long ECHO = 1, ONE_WAY = 2;
    private static final long LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("decree.bench.echoLimitMs", 60_000));

    @Param({"shm", "tcp"}) public String transport;
    @Param({"64", "1024", "16384"}) public int bytes;

    private Path dir;
    private Transport one, two;
    private AutoCloseable closeOne, closeTwo;
    private Message message, oneWayMessage;
    private final AtomicLong echoes = new AtomicLong();
    private final AtomicLong arrivals = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory(Path.of(System.getProperty("decree.bench.dir", "/dev/shm")), "decree-ring-bench");
        message = new SnapshotChunk(ECHO, 0, bytes, new byte[bytes]);
        oneWayMessage = new SnapshotChunk(ONE_WAY, 0, bytes, new byte[bytes]);
        MessageSink backToOne = (from, m) -> {
            if (m instanceof SnapshotChunk c && c.nextSlot() == ONE_WAY) arrivals.incrementAndGet();
            else two.send(2, 1, m);
            return true;
        };
        MessageSink counted = (from, m) -> { echoes.incrementAndGet(); return true; };
        if (transport.equals("shm")) {
            ShmOptions options = ShmOptions.defaults(dir).withRingBytes(4 << 20);
            ShmTransport a = new ShmTransport(1, Set.of(2), options), b = new ShmTransport(2, Set.of(1), options);
            one = a; two = b; closeOne = a; closeTwo = b;
            a.start(counted);
            b.start(backToOne);
        } else {
            Certificates.generate(dir, Set.of(1, 2), Set.of());
            InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
            TcpTransport a = new TcpTransport(TlsConfig.load(dir, "replica-1"), any, Map.of(), NetOptions.defaults());
            TcpTransport b = new TcpTransport(TlsConfig.load(dir, "replica-2"), any, Map.of(), NetOptions.defaults());
            one = a; two = b; closeOne = a; closeTwo = b;
            InetSocketAddress at1 = a.start(counted), at2 = b.start(backToOne);
            a.setPeers(Map.of(2, at2));
            b.setPeers(Map.of(1, at1));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (echoes.get() == 0) { // until the first echo: both directions connected
            if (System.nanoTime() > deadline) throw new IllegalStateException(transport + ": no echo within 60 s");
            one.send(1, 2, message); // dropped until both directions are connected: resend every 100 ms
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            while (echoes.get() == 0 && System.nanoTime() < until) Thread.onSpinWait();
        }
    }

    private void await(AtomicLong counter, long target) {
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (counter.get() < target) {
            Thread.onSpinWait();
            if (System.nanoTime() - deadline > 0)
                throw new IllegalStateException(transport + ": a message was lost (dropped), or took over " + LIMIT_NANOS / 1_000_000 + " ms");
        }
    }

    @Benchmark @BenchmarkMode(Mode.SampleTime) @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void roundTrip() {
        long target = echoes.get() + 1;
        one.send(1, 2, message);
        await(echoes, target);
    }

    @Benchmark @BenchmarkMode(Mode.SampleTime) @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void oneWay() {
        long target = arrivals.get() + 1;
        one.send(1, 2, oneWayMessage);
        await(arrivals, target);
    }

    @Benchmark @BenchmarkMode(Mode.Throughput) @OutputTimeUnit(TimeUnit.SECONDS) @OperationsPerInvocation(BURST)
    public void pipelined() {
        long target = echoes.get() + BURST;
        for (int i = 0; i < BURST; i++) one.send(1, 2, message);
        await(echoes, target);
    }

    @Benchmark @BenchmarkMode(Mode.Throughput) @OutputTimeUnit(TimeUnit.SECONDS) @OperationsPerInvocation(BURST)
    public void pipelinedOneWay() {
        long target = arrivals.get() + BURST;
        for (int i = 0; i < BURST; i++) one.send(1, 2, oneWayMessage);
        await(arrivals, target);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        System.out.println();
        if (one instanceof ShmTransport s) System.out.println("shm stats: " + s.stats() + " / " + ((ShmTransport) two).stats());
        if (one instanceof TcpTransport t) System.out.println("tcp stats: " + t.stats() + " / " + ((TcpTransport) two).stats());
        closeOne.close();
        closeTwo.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.delete(f);
        }
    }
}
