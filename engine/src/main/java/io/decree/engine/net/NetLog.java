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

    static String line(String event, Object... keyValues) { return EventLine.format(event, keyValues); }
}
