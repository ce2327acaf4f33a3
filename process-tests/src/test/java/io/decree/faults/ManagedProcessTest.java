package io.decree.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process control on a trivial JVM: SIGKILL really is SIGKILL, SIGSTOP/SIGCONT are seen by the kernel, restarts reuse the command. */
class ManagedProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Pattern READY = Pattern.compile("ready pid=(\\d+) args=(\\S*)");

    @TempDir Path dir;

    private ManagedProcess start(String... args) throws Exception {
        return ManagedProcess.start("trivial", JavaCommand.of(List.of("-Xmx32m"), TrivialMain.class.getName(), List.of(args)),
                dir.resolve("trivial.log"));
    }

    @Test
    void destroyForciblyIsSigkillAndRestartReusesTheCommandAndLog() throws Exception {
        try (ManagedProcess p = start("data=/d1")) {
            Matcher ready = p.awaitLog(READY, 0, LIMIT);
            assertEquals(p.pid(), Long.parseLong(ready.group(1)), "the log belongs to the launched process");
            assertEquals("data=/d1", ready.group(2));
            long firstPid = p.pid();

            assertEquals(ManagedProcess.SIGKILL_STATUS, p.kill(LIMIT), "exit status 128 + SIGKILL(9)");
            assertFalse(p.isAlive());

            long mark = p.logMark();
            p.restart();
            Matcher again = p.awaitLog(READY, mark, LIMIT);
            assertNotEquals(firstPid, p.pid());
            assertEquals(p.pid(), Long.parseLong(again.group(1)));
            assertEquals("data=/d1", again.group(2), "same arguments after a restart");
            assertEquals(2, p.starts());
            String log = Files.readString(p.logFile());
            assertTrue(log.contains("start #1") && log.contains("start #2"), log);
        }
    }

    @Test
    void restartOfARunningProcessIsRefused() throws Exception {
        try (ManagedProcess p = start()) {
            p.awaitLog(READY, 0, LIMIT);
            IllegalStateException e = assertThrows(IllegalStateException.class, p::restart);
            assertTrue(e.getMessage().contains("still running"), e.getMessage());
        }
    }

    @Test
    void sigstopAndSigcontAreObservedInProcState() throws Exception {
        try (ManagedProcess p = start()) {
            p.awaitLog(READY, 0, LIMIT);
            assertFalse(p.isStopped());
            p.pause(LIMIT);
            assertEquals('T', p.processState().orElseThrow());
            assertTrue(p.isAlive(), "a stopped process is alive");
            p.resume(LIMIT);
            assertNotEquals('T', p.processState().orElseThrow());
            // A stopped process still dies on SIGKILL (kill() continues it first, harmlessly).
            p.pause(LIMIT);
            assertEquals(ManagedProcess.SIGKILL_STATUS, p.kill(LIMIT));
            assertTrue(p.processState().isEmpty(), "no /proc entry once reaped");
        }
    }

    @Test
    void exitStatusAndStderrReachTheCaller() throws Exception {
        try (ManagedProcess p = start("exit", "3")) {
            assertEquals(3, p.awaitExit(LIMIT));
            p.awaitLog(Pattern.compile("exiting with status 3"), 0, LIMIT); // stderr goes to the same log
        }
    }

    @Test
    void awaitLogGivesUpAtItsDeadlineNamingWhatItWaitedFor() throws Exception {
        try (ManagedProcess p = start()) {
            p.awaitLog(READY, 0, LIMIT);
            TimeoutException e = assertThrows(TimeoutException.class,
                    () -> p.awaitLog(Pattern.compile("never printed"), 0, Duration.ofMillis(50)));
            assertTrue(e.getMessage().contains("never printed"), e.getMessage());
        }
    }
}
