package io.decree.engine.ring;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Structured log lines of the ring transport ({@code key=value}, one event per line) on {@link System.Logger}
 * {@code io.decree.engine.ring}, in the network log's format (docs/network.md), so the server's log carries
 * them beside its own. Logged on events (an invalid record, a fault hook switching a link), never per message.
 */
final class RingLog {
    static final String NAME = "io.decree.engine.ring";
    private static final Logger LOG = System.getLogger(NAME);

    private RingLog() { }

    static void warn(String event, Object... keyValues) {
        if (LOG.isLoggable(Level.WARNING)) LOG.log(Level.WARNING, line(event, keyValues));
    }

    static void info(String event, Object... keyValues) {
        if (LOG.isLoggable(Level.INFO)) LOG.log(Level.INFO, line(event, keyValues));
    }

    static String line(String event, Object... keyValues) {
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
