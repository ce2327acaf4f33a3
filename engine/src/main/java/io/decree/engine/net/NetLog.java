package io.decree.engine.net;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Structured log lines of the network ({@code key=value}, one event per line) on {@link System.Logger}
 * {@code io.decree.engine.net}, so a deployment routes them with whatever backs System.Logger. Values with
 * spaces are quoted. Logging happens on connection events only, never per message.
 */
final class NetLog {
    private static final Logger LOG = System.getLogger("io.decree.engine.net");

    private NetLog() {}

    static void info(String event, Object... keyValues) { log(Level.INFO, event, keyValues); }

    static void warn(String event, Object... keyValues) { log(Level.WARNING, event, keyValues); }

    static void debug(String event, Object... keyValues) { log(Level.DEBUG, event, keyValues); }

    private static void log(Level level, String event, Object... keyValues) {
        if (!LOG.isLoggable(level)) return;
        LOG.log(level, line(event, keyValues));
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
