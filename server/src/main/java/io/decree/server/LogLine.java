package io.decree.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One parsed {@link ServerLog} line: its key=value pairs (quoted values unquoted). */
public record LogLine(Map<String, String> fields) {

    public String get(String key) { return fields.get(key); }

    public static LogLine parse(String line) {
        Map<String, String> fields = new HashMap<>();
        int i = 0, n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') i++;
            int eq = line.indexOf('=', i);
            if (eq < 0) break;
            String key = line.substring(i, eq);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                for (i++; i < n && line.charAt(i) != '"'; i++) {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        c = line.charAt(++i);
                        value.append(c == 'n' ? '\n' : c);
                    } else value.append(c);
                }
                i++;
            } else {
                while (i < n && line.charAt(i) != ' ') value.append(line.charAt(i++));
            }
            fields.put(key, value.toString());
        }
        return new LogLine(Map.copyOf(fields));
    }

    /** The last line of {@code log} whose event is {@code event}, if any. */
    public static Optional<LogLine> lastEvent(Path log, String event) {
        if (!Files.exists(log)) return Optional.empty();
        List<String> lines;
        try {
            // Decoded leniently: a crashing JVM may append bytes that are no UTF-8, which must not hide the log.
            lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
        String marker = " event=" + event + " ";
        for (int i = lines.size() - 1; i >= 0; i--)
            if (lines.get(i).contains(marker)) return Optional.of(parse(lines.get(i)));
        return Optional.empty();
    }
}
