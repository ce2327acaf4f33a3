package io.decree.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code decree check-history}'s arguments read without picocli, when they are plain: files, and options in the
 * {@code --name value} or {@code --name=value} form, each at most once, with values picocli would read the same way
 * (digits for counts, a decimal for seconds). Anything else ({@code --help}, a short option, an unknown or repeated
 * option, a missing value, a number picocli might read differently) is not plain: {@link #parse} returns null and
 * {@link Main} hands the arguments to picocli, which reads them or explains what is wrong.
 *
 * <p>Why: picocli's introspection of the command (reflection, annotation proxies; its classes are not in the AOT
 * cache) cost about 0.08 s of CPU, as much as the rest of a small file's process. The options are picocli's, on
 * {@link CheckHistoryCommand}; {@code CheckHistoryCommandTest} holds the two readings equal.
 */
final class PlainArguments {

    private static final Pattern COUNT = Pattern.compile("[0-9]{1,18}");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9})?");

    private PlainArguments() {
    }

    /** The command with its fields set from {@code args}, or null when they are not plain. */
    static CheckHistoryCommand parse(String[] args, PrintWriter out) {
        CheckHistoryCommand command = new CheckHistoryCommand();
        command.plainOut = out;
        List<Path> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                Path file = path(arg);
                if (file == null) {
                    return null;
                }
                files.add(file);
                continue;
            }
            if (!arg.startsWith("--")) {
                return null;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (!seen.add(name)) {
                return null;
            }
            if (name.equals("--linearization")) {
                if (equals >= 0) {
                    return null;
                }
                command.showLinearization = true;
                continue;
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            if (value.isEmpty() || value.startsWith("-") || !set(command, name, value)) {
                return null;
            }
        }
        if (files.isEmpty() || command.model == null) {
            return null;
        }
        command.files = files;
        return command;
    }

    /** Sets option {@code name}; false if there is no such option or picocli might read the value otherwise. */
    private static boolean set(CheckHistoryCommand command, String name, String value) {
        switch (name) {
            case "--model" -> command.model = value;
            case "--format" -> command.format = value;
            case "--html" -> {
                command.html = path(value);
                return command.html != null;
            }
            case "--shrink" -> command.shrink = value;
            case "--max-steps" -> {
                if (!COUNT.matcher(value).matches()) {
                    return false;
                }
                command.maxSteps = Long.parseLong(value);
            }
            case "--threads" -> {
                if (!COUNT.matcher(value).matches() || value.length() > 9) {
                    return false;
                }
                command.threads = Integer.parseInt(value);
            }
            case "--timeout", "--shrink-timeout" -> {
                if (!SECONDS.matcher(value).matches()) {
                    return false;
                }
                double seconds = Double.parseDouble(value);
                if (name.equals("--timeout")) {
                    command.timeoutSeconds = seconds;
                } else {
                    command.shrinkTimeoutSeconds = seconds;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The path, or null if it is none (picocli then says so). */
    private static Path path(String name) {
        try {
            return Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }
}
