package io.decree.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract without processes: exit statuses, one-line errors naming the problem, no colours off a terminal. */
class MainTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void helpListsEveryCommandWithoutEscapeCodes() {
        assertEquals(0, run("--help"));
        for (String command : new String[] {"server", "cluster", "kv", "certs", "simulate", "trace-check", "verify", "merge-reports"})
            assertTrue(out.toString().contains(command), out.toString());
        assertFalse(out.toString().contains("\u001b["), "escape codes in help written to a pipe");
    }

    @Test
    void userErrorsAreOneLineWithStatusTwo() throws Exception {
        assertEquals(2, run("kv", "put", "k", "v"));
        assertEquals("decree: kv: say which cluster: --dir DIR (from `decree cluster up`) or --config FILE", err.toString().strip());
        err.getBuffer().setLength(0);

        assertEquals(2, run("cluster", "down", "--dir", dir.toString()));
        assertTrue(err.toString().startsWith("decree: no cluster in " + dir), err.toString());
        err.getBuffer().setLength(0);

        assertEquals(2, run("server", "--config", dir.resolve("missing.toml").toString(), "--id", "1"));
        assertEquals("decree: " + dir.resolve("missing.toml") + ": --config: no such file", err.toString().strip());
        err.getBuffer().setLength(0);

        Files.writeString(dir.resolve("cluster.toml"), "storage = \"file\"\n");
        assertEquals(2, run("server", "--config", dir.resolve("cluster.toml").toString(), "--id", "1"));
        assertTrue(err.toString().contains(": members: missing"), err.toString());
        err.getBuffer().setLength(0);

        assertEquals(2, run("cluster", "up", "3", "--dir", dir.resolve("new").toString(), "--storage", "tape"));
        assertEquals("decree: --storage takes file or pmem, got 'tape'", err.toString().strip());
        assertFalse(Files.exists(dir.resolve("new/cluster.toml")), "nothing is written for a refused command");
    }

    @Test
    void certsWritesWhatAReplicaAndAClientLoad() {
        assertEquals(0, run("certs", "--dir", dir.toString(), "--replicas", "1,2", "--clients", "7"));
        for (String file : new String[] {"ca.pem", "replica-1.pem", "replica-1.key", "replica-2.pem", "replica-2.key", "client-7.pem", "client-7.key"})
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        assertEquals(2, run("certs", "--dir", dir.toString(), "--replicas", "0"));
        assertTrue(err.toString().contains("--replicas: ids must be positive, got 0"), err.toString());
    }
}
