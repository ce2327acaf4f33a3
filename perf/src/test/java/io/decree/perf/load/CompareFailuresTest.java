package io.decree.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.perf.load.target.KvConnection;
import io.decree.perf.load.target.KvTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LoadMain#compare} end to end over fake targets, for what the real peers cannot be made to do on demand:
 * a peer whose connections stop opening (its failed point is reported, its remaining points skipped, not waited
 * out, and the exit status stays 0), a peer with errors in the open loop (restarted before its next rate), and a
 * Decree target that loses an acknowledged put (exit status 1). The fakes answer at once; what is asserted is
 * which points ran, failed and were skipped, never a figure.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompareFailuresTest {
    @TempDir Path dir;

    /** A map behind a fake cluster; {@code behaviour} decides per start how its connections misbehave. */
    private static final class FakeTarget implements KvTarget {
        enum Behaviour { CLEAN, CONNECTIONS_STOP_AFTER_TWO, EVERY_SECOND_PUT_FAILS, LOSES_WRITES }

        private final String name;
        private final Behaviour behaviour;
        private final Map<String, String> store = new ConcurrentHashMap<>();
        private final AtomicInteger connects, puts = new AtomicInteger();

        FakeTarget(String name, Behaviour behaviour, AtomicInteger connects) {
            this.name = name;
            this.behaviour = behaviour;
            this.connects = connects;
        }

        @Override public String name() { return name; }

        @Override public String describe() { return "a fake " + name + " (" + behaviour + ")"; }

        @Override public void start() {}

        @Override public KvConnection connect() throws IOException {
            if (behaviour == Behaviour.CONNECTIONS_STOP_AFTER_TWO && connects.incrementAndGet() > 2) throw new IOException("connection timed out");
            return new KvConnection() {
                private boolean answeredFirst;

                @Override public void put(String key, String value) throws IOException {
                    LockSupport.parkNanos(200_000); // a fake service time, so the closed loop does not spin a core
                    if (behaviour == Behaviour.EVERY_SECOND_PUT_FAILS && answeredFirst && puts.incrementAndGet() % 2 == 0)
                        throw new IOException("no outcome");
                    answeredFirst = true;
                    store.put(key, value);
                }

                @Override public String get(String key) {
                    return behaviour == Behaviour.LOSES_WRITES ? null : store.get(key);
                }

                @Override public void close() {}
            };
        }

        @Override public void close() {}
    }

    private final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();

    private Comparison compare(Map<String, FakeTarget.Behaviour> behaviours, String... args) throws Exception {
        AtomicInteger connects = new AtomicInteger(); // across the peer's restarts: once its connections stop, they stay stopped
        LoadOptions o = LoadOptions.parse(args).with("duration", "1").with("warmup", "0").with("concurrency", "2")
                .with("keys", "2").with("out", dir.resolve("compare.json").toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Comparison c = LoadMain.compare(o, new PrintStream(printed, true, StandardCharsets.UTF_8), false, (name, options) -> {
            starts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            return new FakeTarget(name, behaviours.get(name), connects);
        });
        report = printed.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        return c;
    }

    private String report;

    @Test void aPeerThatStopsConnectingIsReportedAndSkippedNotAnExitStatus() throws Exception {
        Comparison c = compare(Map.of("decree-inproc", FakeTarget.Behaviour.CLEAN, "ratis", FakeTarget.Behaviour.CONNECTIONS_STOP_AFTER_TWO),
                "--targets=decree-inproc,ratis", "--sweep=2,4,8", "--rates=50");
        assertEquals(List.of(Comparison.Point.closed("ratis", 4)), List.copyOf(c.failed().keySet()), report);
        assertEquals(List.of(Comparison.Point.closed("ratis", 8), Comparison.Point.open("ratis", "50")), List.copyOf(c.skipped().keySet()), report);
        assertEquals(4, c.results().stream().filter(r -> r.target().equals("decree-inproc")).count(), "Decree's points all ran:\n" + report);
        assertEquals(1, starts.get("ratis").get(), "a broken peer is not started again for its open loop");
        assertEquals(0, SweepPlan.exitStatus(c), report);
        assertTrue(report.contains("FAILED: ratis closed loop at 4 connections: java.io.IOException: connection timed out"), report);
        assertTrue(report.contains("SKIPPED: ratis open loop at 50 ops/s: an earlier point of ratis failed"), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("| ratis         |  ") && l.contains(" |        2 | ") && l.endsWith(" 1 failed, 2 skipped")),
                "its saturation from the point that ran, and its status:\n" + report);
    }

    @Test void aPeerWithErrorsIsRestartedBeforeItsNextRate() throws Exception {
        Comparison c = compare(Map.of("decree-tcp", FakeTarget.Behaviour.CLEAN, "aeron", FakeTarget.Behaviour.EVERY_SECOND_PUT_FAILS),
                "--targets=decree-tcp,aeron", "--sweep=2", "--rates=50,60,100%");
        assertEquals(Map.of(), c.failed(), report);
        assertEquals(Map.of(), c.skipped(), report);
        // Each target: one start for its sweep, one for its rates; aeron's errors restart it before its 2nd and 3rd rate.
        assertEquals(2, starts.get("decree-tcp").get(), report);
        assertEquals(4, starts.get("aeron").get(), report);
        assertEquals(0, SweepPlan.exitStatus(c), "a peer's errors are figures, not a failure:\n" + report);
        double slowest = c.slowestSaturation(List.of("decree-tcp", "aeron")).getAsDouble();
        assertTrue(c.openAt("aeron", (int) Math.floor(slowest)).isPresent(), "the 100% point ran at the slowest saturation:\n" + report);
    }

    @Test void aDecreeTargetThatLosesAnAcknowledgedPutExitsOne() throws Exception {
        Comparison c = compare(Map.of("decree-inproc", FakeTarget.Behaviour.LOSES_WRITES), "--targets=decree-inproc", "--sweep=2", "--rates=50");
        assertTrue(c.results().stream().allMatch(r -> !r.lostAcks().isEmpty()), report);
        assertEquals(1, SweepPlan.exitStatus(c), report);
        assertTrue(report.contains("| decree-inproc |"), report);
    }
}
