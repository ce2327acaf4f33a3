package io.decree.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java program run in a JVM of its own (TLC, or the mirror's {@link ModelCheck}), with a time cap, its output,
 * its wall-clock time and its CPU time (user + system, all its threads: JIT and GC included). Both tools are
 * timed the same way, JVM start-up and parsing included, so their rates can be compared (specs-tla/README.md,
 * "TLC and the mirror: timings").
 *
 * <p>CPU time is the kernel's account of the reaped child: the growth of this JVM's cutime + cstime
 * ({@code /proc/self/stat}), exact as long as no other child of this JVM ends meanwhile (tests run one child at a
 * time). Where {@code /proc} is missing, the last value {@link ProcessHandle.Info#totalCpuDuration()} gave while the
 * child ran (sampled every 100 ms) is used instead.
 *
 * <p>Two caps: wall-clock, and (optionally) the child's own CPU time. The CPU cap is what a tool's speed is judged
 * by: on a loaded machine a child gets a share of the cores, so a wall cap would make it look slower than it is.
 * The CPU time is read from {@link ProcessHandle.Info#totalCpuDuration()} between timed waits on the process
 * (no sleeps), so the child is cut within about one wait (100 ms) of reaching the cap.
 *
 * @param output     everything the program printed (stdout and stderr)
 * @param finished   whether it ended by itself within the caps (else it was killed at one)
 * @param exitCode   its exit status (meaningless when not finished)
 * @param wallMillis wall-clock time from launch to exit
 * @param cpuMillis  CPU time of the whole process
 */
public record ChildJvm(String output, boolean finished, int exitCode, long wallMillis, long cpuMillis) {

    /** Linux's USER_HZ: the unit of the times in /proc/[pid]/stat. */
    private static final long TICKS_PER_SECOND = 100;

    /** Runs {@code java -XX:+UseParallelGC <args>} in {@code dir}; kills it after {@code capSeconds} of wall-clock time. */
    public static ChildJvm run(Path dir, long capSeconds, List<String> args) throws IOException, InterruptedException {
        return run(dir, capSeconds, Long.MAX_VALUE, args);
    }

    /**
     * Runs {@code java -XX:+UseParallelGC <args>} in {@code dir}; kills it after {@code wallCapSeconds} of wall-clock
     * time or once it has used {@code cpuCapSeconds} of CPU time, whichever comes first.
     */
    public static ChildJvm run(Path dir, long wallCapSeconds, long cpuCapSeconds, List<String> args) throws IOException, InterruptedException {
        if (wallCapSeconds <= 0 || cpuCapSeconds <= 0) {
            throw new IllegalArgumentException("time caps must be positive, got " + wallCapSeconds + " s wall, " + cpuCapSeconds + " s CPU");
        }
        long capSeconds = wallCapSeconds;
        long cpuCapMillis = cpuCapSeconds >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : cpuCapSeconds * 1000;
        Path log = Files.createTempFile("child-jvm", ".out");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseParallelGC");
        cmd.addAll(args);
        long childTicks0 = childTicks();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(capSeconds);
        long sampledCpu = 0;
        boolean finished = false;
        while (!finished && System.nanoTime() < deadline && sampledCpu < cpuCapMillis) {
            sampledCpu = p.info().totalCpuDuration().map(Duration::toMillis).orElse(sampledCpu);
            finished = p.waitFor(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))), TimeUnit.MILLISECONDS);
        }
        if (!finished) {
            p.destroyForcibly();
            p.waitFor();
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        long childTicks1 = childTicks();
        long cpu = childTicks0 >= 0 && childTicks1 > childTicks0 ? (childTicks1 - childTicks0) * 1000 / TICKS_PER_SECOND : sampledCpu;
        String out = Files.readString(log);
        Files.deleteIfExists(log);
        return new ChildJvm(out, finished, finished ? p.exitValue() : -1, wall, cpu);
    }

    /** This JVM's reaped children's user + system time in ticks, or -1 without /proc. */
    private static long childTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name (which may hold spaces, so it is skipped up to its closing ')'):
            // state is field 3, cutime field 16 and cstime field 17.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
