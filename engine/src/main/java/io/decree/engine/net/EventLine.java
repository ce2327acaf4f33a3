package io.decree.engine.net;

/**
 * One structured log line, {@code event=NAME key=value ...} (docs/network.md): the format the network and ring
 * transports share, so the server's log can be grepped and parsed the same way whichever transport wrote it.
 * A value with a space, a quote or an equals sign is quoted (its quotes turned into apostrophes), so a line
 * always splits back into its pairs.
 */
public final class EventLine {
    private EventLine() { }

    public static String format(String event, Object... keyValues) {
        if (keyValues.length % 2 != 0) throw new IllegalArgumentException("odd key/value list for event " + event);
        StringBuilder s = new StringBuilder("event=").append(event);
        for (int i = 0; i < keyValues.length; i += 2) {
            String value = String.valueOf(keyValues[i + 1]);
            s.append(' ').append(keyValues[i]).append('=');
            if (value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=')) s.append('"').append(value.replace("\"", "'")).append('"');
            else s.append(value);
        }
        return s.toString();
    }
}
