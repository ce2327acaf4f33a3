package io.decree.server.cli;

import io.decree.server.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code decree} command line ({@code ./decree <command>} runs it from the distribution). Errors the
 * user can fix (a bad configuration, a bad argument) print one line naming the problem and exit 2;
 * anything else prints its stack trace and exits 1. Colours only on a terminal.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Held so the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final class NetworkLog {
        static final java.util.logging.Logger LOGGER = java.util.logging.Logger.getLogger("io.decree.engine.net");
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        if (args.length > 0 && args[0].equals("check-history")) { // the lean paths: see PlainArguments and
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length); // checkHistoryCommandLine
            CheckHistoryCommand plain = PlainArguments.parse(rest, out);
            if (plain != null) {
                try {
                    return plain.call();
                } catch (Exception e) {
                    return failed(e, err);
                }
            }
            return checkHistoryCommandLine(out, err).execute(rest);
        }
        // A client command's own connections are not news; a replica (server) logs them as events.
        if (args.length == 0 || !args[0].equals("server")) NetworkLog.LOGGER.setLevel(java.util.logging.Level.WARNING);
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new DecreeCommand());
        cl.addSubcommand("check-history", new CheckHistoryCommand()); // before setOut/setErr, which reach only existing subcommands
        cl.addSubcommand("verify", new VerifyCommand()).addSubcommand("merge-reports", new MergeReportsCommand());
        configure(cl, out, err);
        // The simulator keeps its own option parser and messages: pass its arguments through untouched.
        cl.getSubcommands().get("simulate").setUnmatchedOptionsArePositionalParams(true);
        cl.getSubcommands().get("trace-check").setUnmatchedOptionsArePositionalParams(true);
        return cl;
    }

    /**
     * {@code decree check-history} alone, for {@link #run}: the command's start is most of its cost on a small
     * history (milliseconds of checking after a JVM start), and building the whole command tree meant picocli
     * introspecting every subcommand's options, and loading their classes, for one of them. Same options, help
     * (named {@code decree check-history}) and error handling as through {@link #commandLine}.
     */
    static CommandLine checkHistoryCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new CheckHistoryCommand());
        cl.setCommandName("decree check-history");
        return configure(cl, out, err);
    }

    private static CommandLine configure(CommandLine cl, PrintWriter out, PrintWriter err) {
        CommandLine.Help.Ansi ansi = onTerminal() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF;
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> failed(e, line.getErr()));
        return cl;
    }

    /** What a command's exception prints, and the exit status. */
    private static int failed(Exception e, PrintWriter err) {
        if (e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof UserError) {
            err.println("decree: " + e.getMessage());
            return 2;
        }
        if (e instanceof java.util.concurrent.TimeoutException) { // no leader answered: said in one paragraph
            err.println("decree: " + e.getMessage());
            return 1;
        }
        e.printStackTrace(err);
        return 1;
    }

    /**
     * True only on an interactive terminal: since JDK 22 {@code System.console()} is non-null even when
     * output is redirected, so ask {@code isTerminal()} too; NO_COLOR and TERM=dumb turn colours off.
     */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal() && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
    }

    /** A failure the user caused and can fix: printed as one line, exit status 2. */
    static final class UserError extends RuntimeException {
        UserError(String message) { super(message); }

        UserError(String message, Throwable cause) { super(message, cause); }
    }
}
