package io.decree.perf.load;

import io.decree.perf.load.target.KvConnection;
import io.decree.perf.load.target.KvTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one started {@link KvTarget} with {@link LoadOptions#concurrency()} {@link Worker}s: connects them one
 * at a time (each connection's first put answered before the next connects: 64 TLS handshakes at once starve a
 * 2-core machine), then runs the closed or open loop for the warm-up and the measured seconds. Every second it
 * swaps the latency {@link Recorder}'s interval histogram out, prints the progress line and, after the warm-up,
 * adds it to the run's total. At the end the workers stop (each finishes its command in flight, unmeasured) and
 * read their keys back.
 */
final class Harness {
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long JOIN_MILLIS = 40_000;
    private static final long RAMP_UP_NANOS = TimeUnit.SECONDS.toNanos(120);
    /** The read-back check of all connections' keys gets this long in all (1,024 connections x 4 keys, one get at a time). */
    static final long READ_BACK_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    private Harness() {}

    static LoadResult run(KvTarget target, LoadOptions o, PrintStream out, boolean terminal) throws Exception {
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toNanos(2), 3);
        LongAdder errors = new LongAdder(), staleReads = new LongAdder();
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        String loadBefore = loadAverage();
        int run = RUNS.incrementAndGet();
        boolean async = false;
        try {
            long rampStart = System.nanoTime();
            for (int i = 0; i < o.concurrency(); i++) {
                Worker w = new Worker(run, i, target.connect(), o.payloadBytes(), o.readPercent(), o.keysPerConnection(), recorder, errors,
                        staleReads, 1_000_003L * i + 17);
                workers.add(w);
                // A starved cluster may still be electing (observed at a load average of 50: the first put timed out
                // while the replicas changed leaders): retry the unmeasured first put for a while before giving up.
                long giveUp = System.nanoTime() + RAMP_UP_NANOS;
                while (!w.first())
                    if (System.nanoTime() > giveUp)
                        throw new IllegalStateException(target.name() + ": connection " + i + "'s first put failed for " + RAMP_UP_NANOS / 1_000_000_000L + " s", w.lastError());
            }
            // The asynchronous closed loop needs no thread of its own: each connection's commands chain on the client's completions.
            async = o.asyncClient() && o.mode() == LoadOptions.Mode.CLOSED && workers.stream().allMatch(w -> w.connection().async());
            out.printf(java.util.Locale.ROOT, "%s: %d connections ready after %.1f s of ramp-up; %s, %s%n", target.name(), workers.size(),
                    (System.nanoTime() - rampStart) / 1e9, o.mode() == LoadOptions.Mode.OPEN ? "open loop at " + o.rate() + " ops/s"
                            : async ? "closed loop (asynchronous client)" : "closed loop (a blocking thread per connection)",
                    o.warmupSeconds() + " s warm-up then " + o.durationSeconds() + " s");

            int ticks = o.warmupSeconds() + o.durationSeconds();
            long start = System.nanoTime();
            if (o.mode() == LoadOptions.Mode.OPEN) {
                Worker.Schedule schedule = new Worker.Schedule(start, 1e9 / o.rate(), start + ticks * TICK_NANOS, new AtomicLong());
                for (Worker w : workers) w.openLoop(schedule);
            }
            recorder.reset();
            for (Worker w : workers)
                if (async) w.startAsync();
                else threads.add(Thread.ofPlatform().name("load-" + target.name() + "-", 0).daemon().start(w));

            Progress progress = new Progress(out, terminal);
            Histogram total = new Histogram(3), interval = null;
            long measuredFrom = start, measuredTo = start, lastErrors = 0, errorsAtWarmup = 0, staleAtWarmup = 0;
            long cpuFrom = o.warmupSeconds() == 0 ? CpuMeter.nanos() : -1, cpuTo = -1;
            long leadersAtWarmup = target.leaderChanges();
            if (o.warmupSeconds() == 0) target.measuredIntervalStarts();
            for (int tick = 1; tick <= ticks; tick++) {
                long due = start + tick * TICK_NANOS;
                for (long left; (left = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
                interval = recorder.getIntervalHistogram(interval);
                long now = System.nanoTime(), errorsNow = errors.sum();
                boolean warming = tick <= o.warmupSeconds();
                if (tick == o.warmupSeconds()) {
                    measuredFrom = now;
                    errorsAtWarmup = errorsNow;
                    staleAtWarmup = staleReads.sum();
                    cpuFrom = CpuMeter.nanos();
                    leadersAtWarmup = target.leaderChanges();
                    target.measuredIntervalStarts();
                } else if (!warming) total.add(interval);
                if (tick == ticks) {
                    measuredTo = now;
                    cpuTo = CpuMeter.nanos();
                }
                progress.tick(target.name(), tick, warming, interval.getTotalCount(), interval.getValueAtPercentile(50) / 1e6,
                        interval.getValueAtPercentile(99) / 1e6, errorsNow - lastErrors);
                lastErrors = errorsNow;
            }
            progress.done();
            for (String line : target.measuredIntervalReport()) out.println(target.name() + " metrics: " + line);
            for (Worker w : workers) w.stop();
            long errorsMeasured = errors.sum() - errorsAtWarmup; // includes commands that fail while the workers stop
            long staleMeasured = staleReads.sum() - staleAtWarmup;
            long leadersNow = target.leaderChanges();
            long leaderChanges = leadersNow < 0 || leadersAtWarmup < 0 ? -1 : leadersNow - leadersAtWarmup;
            // One deadline for all connections: 1,024 stuck ones must not cost 1,024 waits.
            long joinBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
            for (Worker w : workers)
                if (!w.finished().await(Math.max(0, joinBy - System.nanoTime()), TimeUnit.NANOSECONDS))
                    throw new IllegalStateException(target.name() + ": a connection did not finish its command within " + JOIN_MILLIS + " ms of the end");
            joinAll(threads, joinBy);

            long verified = 0;
            List<String> lost = new ArrayList<>(), unreadable = new ArrayList<>();
            long readBackBy = System.nanoTime() + READ_BACK_NANOS;
            for (Worker w : workers) {
                Worker.Check check = w.verify(readBackBy);
                verified += check.verified();
                lost.addAll(check.lost());
                unreadable.addAll(check.unreadable());
            }
            for (Worker w : workers)
                if (w.lastError() != null) {
                    out.println(target.name() + ": last error of a connection: " + w.lastError());
                    break;
                }
            for (Worker w : workers)
                if (w.lastStale() != null) {
                    out.println(target.name() + ": a stale read: " + w.lastStale());
                    break;
                }
            double seconds = (measuredTo - measuredFrom) / 1e9;
            String description = target.describe() + (async ? "; closed loop through the asynchronous client" : "");
            return new LoadResult(target.name(), description, o, seconds, total.getTotalCount(), errorsMeasured, staleMeasured,
                    total.getTotalCount() / seconds, total.getValueAtPercentile(50) / 1e3, total.getValueAtPercentile(99) / 1e3,
                    total.getValueAtPercentile(99.9) / 1e3, total.getMaxValue() / 1e3, total.getMean() / 1e3, leaderChanges,
                    verified, lost, unreadable, loadBefore, loadAverage(),
                    cpuFrom < 0 || cpuTo < 0 || total.getTotalCount() == 0 ? -1 : (cpuTo - cpuFrom) / 1e3 / total.getTotalCount());
        } finally {
            for (Worker w : workers) w.stop();
            long joinBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
            joinAll(threads, joinBy);
            if (async) for (Worker w : workers) w.finished().await(Math.max(0, joinBy - System.nanoTime()), TimeUnit.NANOSECONDS);
            for (Worker w : workers) closeQuietly(w.connection());
        }
    }

    private static void joinAll(List<Thread> threads, long byNanos) throws InterruptedException {
        for (Thread t : threads) {
            long left = byNanos - System.nanoTime();
            if (left <= 0) return;
            t.join(java.time.Duration.ofNanos(left));
        }
    }

    private static void closeQuietly(KvConnection c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            // closing after a failed run: the first failure is the one to report
        }
    }

    /** The first three fields of /proc/loadavg (1, 5 and 15 minutes), or "unknown" off Linux. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
