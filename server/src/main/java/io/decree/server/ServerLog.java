package io.decree.server;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Structured log lines, one per event: {@code ts=... event=start replica=1 key=value ...}, so that a human
 * reads them and a test or script greps them ({@link LocalCluster} finds the leader this way). Values with
 * spaces, quotes or '=' are quoted. Thread-safe: one {@code println} per line.
 */
public final class ServerLog {
    private final PrintStream out;
    private final int replica;

    public ServerLog(PrintStream out, int replica) {
        this.out = out;
        this.replica = replica;
    }

    /** Logs {@code event} with alternating keys and values. */
    public void event(String event, Object... keyValues) {
        if (keyValues.length % 2 != 0) throw new IllegalArgumentException("keys and values must pair up: " + keyValues.length + " given");
        StringBuilder line = new StringBuilder(96).append("ts=").append(Instant.now()).append(" event=").append(event)
                .append(" replica=").append(replica);
        for (int i = 0; i < keyValues.length; i += 2) {
            line.append(' ').append(keyValues[i]).append('=').append(quote(String.valueOf(keyValues[i + 1])));
        }
        out.println(line);
        out.flush();
    }

    static String quote(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || c < 0x20)) return value;
        StringBuilder q = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') q.append('\\').append(c);
            else if (c == '\n') q.append("\\n");
            else if (c < 0x20) q.append(' ');
            else q.append(c);
        }
        return q.append('"').toString();
    }
}
