package io.decree.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code decree check-history}: exit statuses 0/1/2, the linearization, and errors that name the line. */
class CheckHistoryCommandTest {
    /** A kv history whose read returns a value nobody wrote. */
    private static final String VIOLATING_KV = """
            [{"type": "invoke", "f": "write", "value": ["x", 1], "process": 0},
             {"type": "ok", "f": "write", "value": ["x", 1], "process": 0},
             {"type": "invoke", "f": "read", "value": ["x", null], "process": 1},
             {"type": "ok", "f": "read", "value": ["x", 2], "process": 1}]
            """;

    @TempDir Path dir;
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void linearizableHistoryExitsZeroAndShowsALinearization() throws Exception {
        Path h = file("h.edn", """
                {:type :invoke, :f :write, :value 1, :process 0}
                {:type :invoke, :f :read, :value nil, :process 1}
                {:type :ok, :f :write, :value 1, :process 0}
                {:type :ok, :f :read, :value 1, :process 1}
                """);
        assertEquals(0, run("check-history", h.toString(), "--model", "register", "--linearization"), err.toString());
        assertTrue(out.toString().contains("4 events: 2 ok, 0 failed (dropped), 0 unknown outcome"), out.toString());
        assertTrue(out.toString().contains("model register: linearizable (2 operations"), out.toString());
        assertTrue(out.toString().contains("linearization:\n  #0 client 0  write 1 -> 1\n  #1 client 1  read -> 1"),
                out.toString());
    }

    @Test
    void violationExitsOneWithTheReportAndTimeline() throws Exception {
        Path h = file("h.json", VIOLATING_KV);
        Path html = dir.resolve("v.html");
        assertEquals(1, run("check-history", h.toString(), "--model", "kv", "--linearization", "--html",
                html.toString()), err.toString());
        assertTrue(out.toString().contains("NOT linearizable on key x"), out.toString());
        assertTrue(out.toString().contains("longest partial linearization (1 of 2 operations"), out.toString());
        assertTrue(Files.readString(html).contains("<svg"));
    }

    @Test
    void malformedInputIsOneLineNamingThePlace() throws Exception {
        Path h = file("h.edn", "{:type :invoke, :f :write, :value 1, :process 0}\n{:type :ok :f :write :value [1 }\n");
        assertEquals(2, run("check-history", h.toString(), "--model", "register"));
        assertTrue(err.toString().startsWith("decree: " + h + ":2:32 (offset 80): ']' expected, found '}'"),
                err.toString());
        assertEquals(2, run("check-history", h.toString(), "--model", "bank"));
        assertTrue(err.toString().contains("unknown model 'bank'; choose one of register, cas-register"), err.toString());
        assertEquals(2, run("check-history", dir.resolve("missing.edn").toString(), "--model", "set"));
        assertTrue(err.toString().contains("no history file"), err.toString());
    }

    @Test
    void severalFilesAreCheckedInOneRunAndTheWorstVerdictIsTheStatus() throws Exception {
        Path good = file("good.json", """
                [{"type": "invoke", "f": "write", "value": ["x", 1], "process": 0},
                 {"type": "ok", "f": "write", "value": ["x", 1], "process": 0}]
                """);
        Path bad = file("bad.json", VIOLATING_KV);
        assertEquals(1, run("check-history", good.toString(), bad.toString(), good.toString(), "--model", "kv"),
                err.toString());
        String printed = out.toString();
        assertEquals(2, printed.split("model kv: linearizable", -1).length - 1, printed);
        assertTrue(printed.indexOf(bad + ": 4 events") > printed.indexOf(good + ": 2 events"), printed);
        assertTrue(printed.contains("NOT linearizable on key x"), printed);
        assertEquals(0, run("check-history", good.toString(), good.toString(), "--model", "kv"), err.toString());
        assertEquals(2, run("check-history", good.toString(), bad.toString(), "--model", "kv", "--html", "v.html"));
        assertTrue(err.toString().contains("--html takes one history file, 2 were given"), err.toString());
    }

    @Test
    void eachVerdictGivesItsWallAndCpuTime() throws Exception {
        Path h = file("h.json", """
                [{"type": "invoke", "f": "write", "value": ["x", 1], "process": 0},
                 {"type": "ok", "f": "write", "value": ["x", 1], "process": 0}]
                """);
        assertEquals(0, run("check-history", h.toString(), h.toString(), "--model", "kv"), err.toString());
        // The test JVM has native access (as ./decree's), so the process CPU clock is read.
        assertEquals(2, java.util.regex.Pattern.compile("model kv: linearizable \\(.*\\) in \\d+ ms \\(CPU \\d+\\.\\d ms\\)\n")
                .matcher(out.toString()).results().count(), out.toString());
        out.getBuffer().setLength(0);
        // One file: wall time only (the CPU clock's first reading costs as much as a small check; time(1) has it).
        assertEquals(0, run("check-history", h.toString(), "--model", "kv"), err.toString());
        assertTrue(java.util.regex.Pattern.compile("model kv: linearizable \\(.*\\) in \\d+ ms\n")
                .matcher(out.toString()).find(), out.toString());
    }

    /**
     * Plain arguments skip picocli ({@link PlainArguments}): they must set the command's fields as picocli does, and
     * give the same output and status; whatever is not plain (help, short or unknown or repeated options, a missing
     * value, numbers picocli might read otherwise) must be left to picocli, which then answers as before.
     */
    @Test
    void plainArgumentsAreReadAsPicocliReadsThem() throws Exception {
        String bad = file("bad.json", VIOLATING_KV).toString();
        String good = file("good.edn", "{:type :invoke, :f :write, :value 1, :process 0}\n"
                + "{:type :ok, :f :write, :value 1, :process 0}\n").toString();
        String html = dir.resolve("v.html").toString();
        String[][] plain = {
            {bad, "--model", "kv"},
            {"--model=kv", bad, "--linearization"},
            {bad, "--model", "kv", "--shrink", "off", "--timeout", "60", "--max-steps", "1000", "--threads", "2",
                "--shrink-timeout", "1.5", "--format", "json"},
            {good, good, "--model", "register", "--timeout=0.25"},
            {bad, "--model", "kv", "--html", html},
            {bad, "--model", "bank"},
            {bad, "--model", "kv", "--shrink", "sideways"},
            {bad, "--model", "kv", "--max-steps", "0"},
            {bad, "--model", "kv", "--format", "yaml"},
            {dir.resolve("missing.json").toString(), "--model", "kv"},
        };
        String[][] notPlain = {
            {"--help"}, {"-h"}, {"-V"}, {bad}, {"--model", "kv"}, {bad, "--model"},
            {bad, "--model", "kv", "--model", "kv"}, {bad, "--model", "kv", "--timeout", "1e1"},
            {bad, "--model", "kv", "--max-steps", "-5"}, {bad, "--model", "kv", "--threads", "99999999999"},
            {bad, "--model", "kv", "--unknown", "x"}, {bad, "--model", "kv", "--linearization=true"},
            {bad, "--model", "kv", "--"}, {"--model=", bad}, {bad, "--model", "kv", "--html", "a\0b"},
        };
        for (String[] args : plain) {
            CheckHistoryCommand read = PlainArguments.parse(args, new PrintWriter(new StringWriter()));
            assertTrue(read != null, "plain: " + String.join(" ", args));
            picocli.CommandLine cl = Main.checkHistoryCommandLine(new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()));
            cl.parseArgs(args);
            CheckHistoryCommand picocliRead = cl.getCommand();
            assertEquals(fields(picocliRead), fields(read), String.join(" ", args));
            assertSameAsPicocli(args);
        }
        for (String[] args : notPlain) {
            assertEquals(null, PlainArguments.parse(args, new PrintWriter(new StringWriter())), String.join(" ", args));
            assertSameAsPicocli(args);
        }
    }

    private static List<Object> fields(CheckHistoryCommand c) {
        return java.util.Arrays.asList(c.files, c.model, c.format, c.showLinearization, c.html, c.maxSteps,
                c.timeoutSeconds, c.threads, c.shrink, c.shrinkTimeoutSeconds);
    }

    /** {@code decree check-history ARGS} (plain or not) prints and returns what picocli's command line does. */
    private static void assertSameAsPicocli(String[] args) {
        StringWriter mainOut = new StringWriter(), mainErr = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "check-history";
        System.arraycopy(args, 0, full, 1, args.length);
        int main = Main.run(new PrintWriter(mainOut, true), new PrintWriter(mainErr, true), full);
        StringWriter cliOut = new StringWriter(), cliErr = new StringWriter();
        int cli = Main.checkHistoryCommandLine(new PrintWriter(cliOut, true), new PrintWriter(cliErr, true))
                .execute(args);
        assertEquals(cli, main, String.join(" ", args));
        assertEquals(withoutTimes(cliOut.toString()), withoutTimes(mainOut.toString()), String.join(" ", args));
        assertEquals(cliErr.toString(), mainErr.toString(), String.join(" ", args));
    }

    @Test
    void theLeanCommandLineChecksAndFailsAsTheFullOne() throws Exception {
        Path bad = file("bad.json", VIOLATING_KV);
        String[][] cases = {
            {bad.toString(), "--model", "kv", "--linearization"},
            {bad.toString(), "--model", "bank"},
            {bad.toString()},
            {"--help"},
        };
        for (String[] args : cases) {
            StringWriter leanOut = new StringWriter(), leanErr = new StringWriter();
            int lean = Main.checkHistoryCommandLine(new PrintWriter(leanOut, true), new PrintWriter(leanErr, true))
                    .execute(args);
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            String[] full = new String[args.length + 1];
            full[0] = "check-history";
            System.arraycopy(args, 0, full, 1, args.length);
            assertEquals(run(full), lean, String.join(" ", args));
            assertEquals(withoutTimes(out.toString()), withoutTimes(leanOut.toString()), String.join(" ", args));
            assertEquals(err.toString(), leanErr.toString(), String.join(" ", args));
        }
        assertTrue(out.toString().startsWith("Usage: decree check-history"), out.toString());
    }

    private static String withoutTimes(String printed) {
        return printed.replaceAll(" in \\d+ ms( \\(CPU [0-9.]+ ms\\))?", " in (time)");
    }
}
