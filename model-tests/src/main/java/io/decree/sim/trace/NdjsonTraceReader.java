package io.decree.sim.trace;

import io.decree.sim.TraceValidator;
import io.decree.spec.Config;
import io.decree.spec.Step;
import io.decree.spec.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one process's trace as {@code io.decree.engine.trace.NdjsonSpecTrace} writes it (the format is in
 * that class and in docs/trace-validation.md). Strict: a complete line that is not a flat JSON object of the
 * known keys, a clock that does not increase, or a line of another process is a {@link TraceFormatException}
 * naming the file and line. Lenient only where a killed process leaves its mark: bytes after the last
 * newline (a torn line, then the zero padding of the mapped chunk) are not an event, and are counted.
 */
public final class NdjsonTraceReader {
    private NdjsonTraceReader() {}

    public static TraceFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace " + file, e);
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) end--;          // zero padding of the last mapped chunk
        int complete = end;
        while (complete > 0 && bytes[complete - 1] != '\n') complete--; // a torn last line
        String text = new String(bytes, 0, complete, StandardCharsets.US_ASCII);
        String[] lines = text.isEmpty() ? new String[0] : text.split("\n", -1);
        if (lines.length == 0) throw new TraceFormatException(file, 1, "no complete line: the trace has no header");
        int count = lines.length - 1;                            // split leaves "" after the final newline
        Map<String, Object> header = parse(file, 1, lines[0]);
        if (!"header".equals(header.get("a"))) throw new TraceFormatException(file, 1, "the first line must be the header, got " + lines[0]);
        long format = number(file, 1, header, "format");
        if (format != 1) throw new TraceFormatException(file, 1, "trace format " + format + " is not supported (this reader knows format 1)");
        int process = (int) number(file, 1, header, "p");
        long window = number(file, 1, header, "window");
        int[] members = members(file, 1, string(file, 1, header, "members"));
        List<TraceEvent> events = new ArrayList<>(count);
        long lastClock = 0;
        for (int i = 1; i < count; i++) {
            long lineNo = i + 1;
            Map<String, Object> f = parse(file, lineNo, lines[i]);
            int p = (int) number(file, lineNo, f, "p");
            if (p != process) throw new TraceFormatException(file, lineNo, "an event of process " + p + " in the trace of process " + process);
            long clock = number(file, lineNo, f, "c");
            if (clock <= lastClock)
                throw new TraceFormatException(file, lineNo, "clock " + clock + " does not exceed the previous event's " + lastClock
                        + " (a process's clock increases with every event)");
            lastClock = clock;
            String action = string(file, lineNo, f, "a");
            events.add(new TraceEvent(file, lineNo, p, clock, action, step(file, lineNo, p, action, f), false));
        }
        return new TraceFile(file, process, window, members, List.copyOf(events), bytes.length - complete);
    }

    private static Step step(Path file, long line, int p, String action, Map<String, Object> f) {
        return switch (action) {
            case "phase1a" -> new Step.Phase1a(p, TraceValidator.ballot(number(file, line, f, "b")));
            case "phase1b" -> new Step.Phase1b(p, TraceValidator.ballot(number(file, line, f, "b")));
            case "phase2a" -> new Step.Phase2a(p, TraceValidator.ballot(number(file, line, f, "b")), slot(file, line, f), value(file, line, f));
            case "phase2b" -> new Step.Phase2b(p, TraceValidator.ballot(number(file, line, f, "b")), slot(file, line, f), value(file, line, f));
            case "learn" -> new Step.Learn(p, slot(file, line, f), value(file, line, f));
            case "installSnapshot" -> new Step.InstallSnapshot(p, (int) number(file, line, f, "q"), number(file, line, f, "k"));
            case "crash" -> new Step.Crash(p);
            case "restart" -> new Step.Restart(p);
            default -> throw new TraceFormatException(file, line, "unknown action \"" + action + "\"");
        };
    }

    /** Engine slots count from 0, the spec's from 1 (as TraceValidator maps them). */
    private static long slot(Path file, long line, Map<String, Object> f) {
        long s = number(file, line, f, "s");
        if (s < 0) throw new TraceFormatException(file, line, "negative slot " + s);
        return s + 1;
    }

    /** The decree's name, mapped as TraceValidator maps a Decree: NoOp, a configuration change, or a client value. */
    private static Value value(Path file, long line, Map<String, Object> f) {
        String d = string(file, line, f, "d");
        if (d.equals("noop")) return Value.NOOP;
        if (d.startsWith("cfg:")) return Value.configChange(Config.of(members(file, line, d.substring(4))));
        if (d.isEmpty() || d.length() > 16 || !d.chars().allMatch(c -> Character.digit(c, 16) >= 0 && !Character.isUpperCase(c)))
            throw new TraceFormatException(file, line, "decree \"" + d + "\" is neither noop, cfg:<members> nor a lower-case hex fingerprint");
        return Value.client(d);
    }

    private static int[] members(Path file, long line, String list) {
        try {
            String[] parts = list.split(",", -1);
            int[] ids = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                ids[i] = Integer.parseInt(parts[i]);
                if (ids[i] <= 0) throw new NumberFormatException("replica id " + ids[i]);
            }
            return ids;
        } catch (NumberFormatException e) {
            throw new TraceFormatException(file, line, "members \"" + list + "\" are not a comma-separated list of replica ids");
        }
    }

    private static long number(Path file, long line, Map<String, Object> f, String key) {
        if (!(f.get(key) instanceof Long n)) throw new TraceFormatException(file, line, "field \"" + key + "\" is missing or not a number");
        return n;
    }

    private static String string(Path file, long line, Map<String, Object> f, String key) {
        if (!(f.get(key) instanceof String s)) throw new TraceFormatException(file, line, "field \"" + key + "\" is missing or not a string");
        return s;
    }

    /** A flat JSON object of integers and escape-free strings: all the writer ever produces. */
    static Map<String, Object> parse(Path file, long line, String text) {
        Map<String, Object> fields = new HashMap<>();
        int i = expect(file, line, text, 0, '{');
        if (i < text.length() && text.charAt(i) == '}') return atEnd(file, line, text, i + 1, fields);
        while (true) {
            int keyEnd = stringEnd(file, line, text, i);
            String key = text.substring(i + 1, keyEnd);
            i = expect(file, line, text, keyEnd + 1, ':');
            Object value;
            if (i < text.length() && text.charAt(i) == '"') {
                int valueEnd = stringEnd(file, line, text, i);
                value = text.substring(i + 1, valueEnd);
                i = valueEnd + 1;
            } else {
                int start = i;
                if (i < text.length() && text.charAt(i) == '-') i++;
                while (i < text.length() && Character.isDigit(text.charAt(i))) i++;
                try {
                    value = Long.parseLong(text, start, i, 10);
                } catch (NumberFormatException e) {
                    throw new TraceFormatException(file, line, "column " + (start + 1) + ": expected an integer or a string for \"" + key + "\"");
                }
            }
            if (fields.put(key, value) != null) throw new TraceFormatException(file, line, "field \"" + key + "\" appears twice");
            if (i < text.length() && text.charAt(i) == ',') { i++; continue; }
            return atEnd(file, line, text, expect(file, line, text, i, '}'), fields);
        }
    }

    private static Map<String, Object> atEnd(Path file, long line, String text, int i, Map<String, Object> fields) {
        if (i != text.length()) throw new TraceFormatException(file, line, "column " + (i + 1) + ": text after the object");
        return fields;
    }

    private static int expect(Path file, long line, String text, int i, char c) {
        if (i >= text.length() || text.charAt(i) != c)
            throw new TraceFormatException(file, line, "column " + (i + 1) + ": expected '" + c + "' in " + text);
        return i + 1;
    }

    /** The index of the quote closing the string that opens at {@code i}; escapes are not part of the format. */
    private static int stringEnd(Path file, long line, String text, int i) {
        if (i >= text.length() || text.charAt(i) != '"') throw new TraceFormatException(file, line, "column " + (i + 1) + ": expected a string");
        for (int j = i + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '"') return j;
            if (c == '\\' || c < 0x20) throw new TraceFormatException(file, line, "column " + (j + 1) + ": escapes and control characters are not part of the trace format");
        }
        throw new TraceFormatException(file, line, "unterminated string");
    }
}
