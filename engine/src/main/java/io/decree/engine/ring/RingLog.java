package io.decree.engine.ring;

import io.decree.engine.net.EventLine;
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

    static String line(String event, Object... keyValues) { return EventLine.format(event, keyValues); }
}
