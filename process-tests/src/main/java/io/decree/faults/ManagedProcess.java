package io.decree.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OS process the fault suite controls: started, SIGKILLed, SIGSTOPped and SIGCONTinued, restarted with
 * the same command line (so a replica comes back on the same data directory), its stdout and stderr appended
 * to one log file that survives restarts. Every wait is for an observable state (the process is gone, the
 * kernel reports it stopped, a log line appeared), bounded by a deadline.
 *
 * <p>Linux only: stop/continue use {@code kill -STOP/-CONT} and read the state from {@code /proc/<pid>/stat};
 * {@link Process#destroyForcibly()} sends SIGKILL on Linux ({@code ManagedProcessTest} checks the exit status
 * 137 = 128 + 9).
 */
public final class ManagedProcess implements AutoCloseable {
    /** Exit status Java reports for a process killed by SIGKILL (128 + signal 9). */
    public static final int SIGKILL_STATUS = 137;

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private Process process;
    private int starts;

    private ManagedProcess(String name, List<String> command, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
    }

    /** Starts {@code command}, its output appended to {@code logFile}. */
    public static ManagedProcess start(String name, List<String> command, Path logFile) throws IOException {
        ManagedProcess p = new ManagedProcess(name, command, logFile);
        p.launch(List.of());
        return p;
    }

    public String name() { return name; }

    public Path logFile() { return logFile; }

    public synchronized long pid() { return process.pid(); }

    public synchronized boolean isAlive() { return process.isAlive(); }

    /** How many times the process was started (1 before any restart). */
    public synchronized int starts() { return starts; }

    /** Starts the same command again (the previous incarnation must be gone): same arguments, same data directory. */
    public synchronized void restart() throws IOException { restart(List.of()); }

    /**
     * Starts the same command again behind {@code wrapper} (e.g. {@code sh -c 'ulimit -f 64; exec "$0" "$@"'}),
     * for faults that need the process started differently, such as a file size limit.
     */
    public synchronized void restart(List<String> wrapper) throws IOException {
        if (process.isAlive()) throw new IllegalStateException(name + " is still running (pid " + process.pid() + "); kill it before a restart");
        launch(wrapper);
    }

    private void launch(List<String> wrapper) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        String banner = "=== " + Instant.now() + " fault suite: start #" + (starts + 1) + " of " + name + ": " + String.join(" ", command) + System.lineSeparator();
        Files.writeString(logFile, banner, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        List<String> full = new java.util.ArrayList<>(wrapper);
        full.addAll(command);
        process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        starts++;
    }

    /** SIGKILL, then waits until the process is gone; returns its exit status ({@link #SIGKILL_STATUS}). */
    public int kill(Duration limit) throws TimeoutException, InterruptedException {
        Process p;
        synchronized (this) { p = process; }
        if (isStopped()) signal("CONT"); // not needed for SIGKILL, but a stopped process's parent wait can lag
        p.destroyForcibly();
        return awaitExit(p, limit);
    }

    /** SIGTERM (graceful shutdown), then waits until the process is gone; returns its exit status. */
    public int terminate(Duration limit) throws TimeoutException, InterruptedException {
        Process p;
        synchronized (this) { p = process; }
        p.destroy();
        return awaitExit(p, limit);
    }

    /** Waits until the current incarnation exits by itself; returns its exit status. */
    public int awaitExit(Duration limit) throws TimeoutException, InterruptedException {
        Process p;
        synchronized (this) { p = process; }
        return awaitExit(p, limit);
    }

    private int awaitExit(Process p, Duration limit) throws TimeoutException, InterruptedException {
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS))
            throw new TimeoutException(name + " (pid " + p.pid() + ") did not exit within " + limit.toMillis() + " ms");
        return p.exitValue();
    }

    /** SIGSTOP, then waits until the kernel reports the process stopped. */
    public void pause(Duration limit) throws TimeoutException, InterruptedException {
        signal("STOP");
        Await.until(name + " stopped by SIGSTOP", limit, this::isStopped);
    }

    /** SIGCONT, then waits until the kernel reports the process running again. */
    public void resume(Duration limit) throws TimeoutException, InterruptedException {
        signal("CONT");
        Await.until(name + " continued by SIGCONT", limit, () -> !isStopped());
    }

    /** Whether the kernel reports the process stopped (state T in /proc/pid/stat). */
    public boolean isStopped() {
        return processState().map(s -> s == 'T').orElse(false);
    }

    /** The state letter of /proc/pid/stat (R, S, T, Z...), empty if the process is gone. */
    Optional<Character> processState() {
        long pid = pid();
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": comm may hold spaces and parentheses, so read after the last ')'.
            String rest = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return Optional.of(rest.charAt(0));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/" + pid + "/stat of " + name, e);
        }
    }

    private void signal(String signal) throws InterruptedException {
        long pid = pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " " + pid + " (" + name + ") failed: " + out.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("running kill -" + signal + " " + pid, e);
        }
    }

    /** The log's current length: pass it to {@link #awaitLog} to look only at lines written after now. */
    public long logMark() {
        try {
            return Files.size(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a line matching {@code pattern} appears in the log after byte {@code fromMark}; returns the match. */
    public Matcher awaitLog(Pattern pattern, long fromMark, Duration limit) throws TimeoutException, InterruptedException {
        return Await.value(name + " logs a line matching /" + pattern + "/ (log " + logFile + ")", limit, () -> findInLog(pattern, fromMark));
    }

    /** The first line after byte {@code fromMark} that matches {@code pattern}, if any. */
    public Optional<Matcher> findInLog(Pattern pattern, long fromMark) {
        try {
            byte[] bytes = Files.readAllBytes(logFile);
            if (fromMark >= bytes.length) return Optional.empty();
            String text = new String(bytes, (int) fromMark, bytes.length - (int) fromMark, StandardCharsets.UTF_8);
            for (String line : text.split("\\R")) {
                Matcher m = pattern.matcher(line);
                if (m.find()) return Optional.of(m);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + logFile, e);
        }
    }

    /** Kills the process if it still runs (SIGCONT first if stopped); never leaves a replica behind a test. */
    @Override public void close() {
        Process p;
        synchronized (this) { p = process; }
        if (p == null || !p.isAlive()) return;
        try {
            kill(Duration.ofSeconds(10));
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
