package io.decree.perf.load;

import io.decree.engine.client.DecreeClient;
import io.decree.engine.statemachine.KvCommand;
import io.decree.server.ClusterClients;
import io.decree.server.LocalCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs {@link LoadOptions#concurrency()} closed-loop {@link Session}s against a running {@link LocalCluster}:
 * every second it swaps the latency {@link Recorder}'s interval histogram out, prints it, and from the end of
 * the warm-up adds it to the run's total. When the duration is over the sessions stop (each finishes its put in
 * flight, unmeasured), read their keys back, and close.
 */
final class LoadDriver {
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A session's put in flight ends within the client's deadline; the rest is slack for a loaded machine. */
    private static final long JOIN_MILLIS = DecreeClient.Options.defaults().deadlineMillis() + 20_000;

    private LoadDriver() {}

    static LoadResult run(LocalCluster cluster, LoadOptions o, PrintStream out) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        LongAdder errors = new LongAdder();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Session> sessions = new ArrayList<>();
        List<DecreeClient> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        String loadBefore = loadAverage();
        try {
            for (int i = 0; i < o.concurrency(); i++) {
                DecreeClient client = ClusterClients.connect(cluster.config(), cluster.dir().resolve("tls"), LocalCluster.CLIENT_ID);
                clients.add(client);
                sessions.add(new Session(i, client, o.payloadBytes(), o.keysPerSession(), recorder, errors, stop::get));
            }
            // Ramp-up, not measured: one session at a time, each once its predecessor's first put has an outcome.
            // Started all at once, 64 sessions' TLS handshakes (three connections each) starved the replicas on
            // 2 cores: nothing for 10 s, handshake time-outs, and elections.
            long rampStart = System.nanoTime();
            for (Session s : sessions) {
                threads.add(Thread.ofPlatform().name("load-session-", 0).daemon().start(s));
                if (!s.awaitFirstOutcome(JOIN_MILLIS))
                    throw new IllegalStateException("a session's first put had no outcome within " + JOIN_MILLIS + " ms");
            }
            out.println(String.format(Locale.ROOT, "%d sessions connected and running after %.1f s of ramp-up (%d errors)",
                    sessions.size(), (System.nanoTime() - rampStart) / 1e9, errors.sum()));
            recorder.reset();

            Histogram total = new Histogram(3), interval = null;
            long start = System.nanoTime(), measuredFrom = start, measuredTo = start;
            long errorsAtWarmup = errors.sum(), leadersAtWarmup = LeaderChanges.electionsWon(cluster), lastErrors = errorsAtWarmup;
            int ticks = o.warmupSeconds() + o.durationSeconds();
            for (int tick = 1; tick <= ticks; tick++) {
                long due = start + tick * TICK_NANOS;
                for (long left; (left = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
                interval = recorder.getIntervalHistogram(interval);
                long now = System.nanoTime(), errorsNow = errors.sum();
                boolean warming = tick <= o.warmupSeconds();
                if (tick == o.warmupSeconds()) {
                    measuredFrom = now;
                    errorsAtWarmup = errorsNow;
                    leadersAtWarmup = LeaderChanges.electionsWon(cluster);
                } else if (!warming) total.add(interval);
                if (tick == ticks) measuredTo = now;
                out.println(String.format(Locale.ROOT, "[%3d s]%s %8d ops/s  p50 %7.2f ms  p99 %7.2f ms  errors %d",
                        tick, warming ? " warm-up" : "        ", interval.getTotalCount(),
                        interval.getValueAtPercentile(50) / 1e6, interval.getValueAtPercentile(99) / 1e6, errorsNow - lastErrors));
                lastErrors = errorsNow;
            }
            stop.set(true);
            long errorsMeasured = errors.sum() - errorsAtWarmup; // includes puts that fail while the sessions stop
            long leaderChanges = LeaderChanges.electionsWon(cluster) - leadersAtWarmup;
            for (Thread t : threads) {
                t.join(JOIN_MILLIS);
                if (t.isAlive()) throw new IllegalStateException(t.getName() + " did not finish its put within " + JOIN_MILLIS + " ms of the end");
            }

            long verified = 0;
            List<String> lost = new ArrayList<>(), unreadable = new ArrayList<>();
            for (Session s : sessions) {
                Session.Check check = s.verify();
                verified += check.verified();
                lost.addAll(check.lost());
                unreadable.addAll(check.unreadable());
            }
            for (Session s : sessions)
                if (s.lastError() != null) {
                    out.println("last error of a session: " + s.lastError());
                    break;
                }

            double seconds = (measuredTo - measuredFrom) / 1e9;
            int commandBytes = KvCommand.put("load-s0-k0", Session.value(0, 0, o.payloadBytes())).encode().length;
            return new LoadResult(o, commandBytes, seconds, total.getTotalCount(), errorsMeasured, total.getTotalCount() / seconds,
                    total.getValueAtPercentile(50) / 1e3, total.getValueAtPercentile(99) / 1e3, total.getValueAtPercentile(99.9) / 1e3,
                    total.getMaxValue() / 1e3, total.getMean() / 1e3, leaderChanges, leaderChanges * 60.0 / seconds,
                    verified, lost, unreadable, loadBefore, loadAverage());
        } finally {
            stop.set(true);
            clients.forEach(DecreeClient::close);
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
