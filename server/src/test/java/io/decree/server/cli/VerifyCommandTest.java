package io.decree.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** verify's and merge-reports' command-line contract: usage errors name the problem (status 2); a replay fails exactly when its run does. */
class VerifyCommandTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, run("verify", "--mutant", "NO_SUCH_BUG"));
        assertTrue(err.toString().contains("no built-in mutant 'NO_SUCH_BUG'") && err.toString().contains("QUORUM_OF_HALF"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("verify", "--shard", "3/2"));
        assertTrue(err.toString().contains("--shard takes i/n with 1 <= i <= n, got 3/2"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("verify", "--quick", "--deep"));
        err.getBuffer().setLength(0);
        assertEquals(2, run("merge-reports", "/nonexistent/verify.json"));
        assertTrue(err.toString().contains("no verify.json there"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("verify", "--replay", "sideways:3"));
        assertTrue(err.toString().contains("unknown run shape 'sideways'"), err.toString());
    }

    @Test
    void replayFailsExactlyWhenTheRunBreaksAnInvariant() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(0, run("verify", "--replay", "default:1"));
            assertEquals(1, run("verify", "--replay", "default:1", "--mutant", "QUORUM_OF_HALF"));
        } finally {
            System.setOut(saved);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("replay: shape default, seed 1, mutant QUORUM_OF_HALF"), text);
        assertTrue(text.contains("VIOLATION of "), text);
        assertTrue(text.contains(" deliver 1->"), "every event is printed");
    }
}
